// tickline dashboard: polls the node's JSON API and listens to its WebSocket stream.
// Plain modern JS, no library, nothing loaded from anywhere but the node itself.

const POLL_MS = 2000;             // tree, status, positions, orders, risk
const MAX_SIGNALS = 200;          // rows kept in the signal list
const MAX_EQUITY_POINTS = 900;    // samples kept for the equity curve
const TOKEN_KEY = 'tickline.token';

const $ = (id) => document.getElementById(id);

// -- DOM helpers (text only: nothing from the node is ever parsed as HTML) ------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : String(c ?? ''));
  return node;
}

function num(x, digits = 2) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function signed(x, digits = 2) {
  const s = num(x, digits);
  return typeof x === 'number' && x > 0 ? '+' + s : s;
}

function pnlClass(x) {
  return x > 0 ? 'num up' : x < 0 ? 'num down' : 'num';
}

function timeOf(tsNs) {
  if (!tsNs) return '—';
  return new Date(Number(tsNs) / 1e6).toISOString().slice(11, 19);
}

function fillRows(tbody, rows, empty) {
  tbody.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { colspan: 9 }, empty))]));
}

async function api(path, init) {
  const res = await fetch(path, { cache: 'no-store', ...init });
  let body = null;
  try { body = await res.json(); } catch { /* not JSON: keep null */ }
  return { status: res.status, ok: res.ok, body };
}

// -- Signals ---------------------------------------------------------------------------

const signals = [];               // newest first
const seenSignals = new Set();

function signalKey(s) {
  return `${s.ts_ns}|${s.symbol}|${s.kind}|${s.name}`;
}

function shownKinds() {
  return new Set([...document.querySelectorAll('input[name=kind]:checked')].map((i) => i.value));
}

function addSignals(list) {
  let added = false;
  for (const s of list) {
    const key = signalKey(s);
    if (seenSignals.has(key)) continue;
    seenSignals.add(key);
    signals.push(s);
    added = true;
  }
  if (!added) return;
  signals.sort((a, b) => Number(b.ts_ns) - Number(a.ts_ns));
  for (const s of signals.splice(MAX_SIGNALS)) seenSignals.delete(signalKey(s));
  renderSignals();
}

function renderSignals() {
  const kinds = shownKinds();
  const rows = signals.filter((s) => kinds.has(s.kind)).map((s) =>
    el('tr', { class: `signal ${s.kind}`, dataset: { kind: s.kind, symbol: s.symbol } },
      el('td', {}, timeOf(s.ts_ns)), el('td', {}, s.kind), el('td', {}, s.name),
      el('td', {}, s.symbol), el('td', { class: s.direction === 'long' ? 'up' : s.direction === 'short' ? 'down' : '' }, s.direction),
      el('td', { class: 'num' }, num(s.strength, 2)), el('td', { class: 'num' }, num(s.price, 2))));
  fillRows($('signals'), rows, 'no signals yet');
  $('signal-count').textContent = `(${rows.length} shown)`;
}

// -- Connections -------------------------------------------------------------------------

const connections = new Map();    // source -> {source, status, reason, reconnects}

function setConnection(c) {
  const up = c.status === 'up' || c.status === 'connected';
  connections.set(c.source, { ...connections.get(c.source), ...c, up });
  renderConnections();
}

function renderConnections() {
  const rows = [...connections.values()].sort((a, b) => a.source.localeCompare(b.source)).map((c) =>
    el('tr', { dataset: { source: c.source } },
      el('td', {}, c.source),
      el('td', {}, el('span', { class: `pill ${c.up ? 'ok' : 'lost'}` }, c.up ? 'up' : c.status === 'waiting' ? 'waiting' : 'lost')),
      el('td', { class: 'num' }, c.reconnects ?? 0), el('td', { class: 'muted' }, c.reason ?? '')));
  fillRows($('connections'), rows, 'no connection reported');
}

// -- Equity curve --------------------------------------------------------------------------

const equity = [];                // [{t: ms, v: equity}]

function addEquity(v, t = Date.now()) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return;
  equity.push({ t, v });
  if (equity.length > MAX_EQUITY_POINTS) equity.splice(0, equity.length - MAX_EQUITY_POINTS);
  renderEquity();
}

function renderEquity() {
  const svg = $('equity');
  // Drawn in screen pixels, so that the labels keep their shape at any width.
  const W = Math.max(200, Math.round(svg.clientWidth || 600)), H = 200, PAD = 6;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const parts = [];
  if (equity.length >= 1) {
    const t0 = equity[0].t, t1 = equity[equity.length - 1].t;
    let lo = Math.min(...equity.map((p) => p.v)), hi = Math.max(...equity.map((p) => p.v));
    if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
    const x = (t) => (t1 === t0 ? W / 2 : PAD + ((t - t0) / (t1 - t0)) * (W - 2 * PAD));
    const y = (v) => H - PAD - ((v - lo) / (hi - lo)) * (H - 2 * PAD);
    const pts = equity.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    const first = equity[0].v, last = equity[equity.length - 1].v;
    parts.push(svgEl('line', { x1: 0, x2: W, y1: y(first), y2: y(first), class: 'baseline' }));
    parts.push(svgEl('polyline', { points: pts, class: last >= first ? 'curve up' : 'curve down' }));
    parts.push(svgEl('text', { x: 4, y: 14, class: 'axis' }, num(hi, 2)));
    parts.push(svgEl('text', { x: 4, y: H - 4, class: 'axis' }, num(lo, 2)));
    $('equity-last').textContent = num(last, 2);
  }
  svg.replaceChildren(...parts);
  svg.dataset.points = String(equity.length);
}

function svgEl(tag, attrs, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// -- Risk ----------------------------------------------------------------------------------

function setRiskState(state, reason) {
  for (const id of ['risk-badge', 'risk-state']) {
    const b = $(id);
    b.textContent = state || '—';
    b.className = `badge ${(state || '').toLowerCase()}`;
  }
  if (reason !== undefined) $('risk-reason').textContent = reason;
}

function kvRows(obj) {
  return Object.entries(obj || {}).map(([k, v]) =>
    el('tr', {}, el('th', {}, k.replaceAll('_', ' ')), el('td', { class: 'num' }, typeof v === 'number' ? num(v, Number.isInteger(v) ? 0 : 2) : String(v))));
}

function renderRisk(r) {
  setRiskState(r.state, r.reason);
  fillRows($('risk-daily'), kvRows(r.daily), '—');
  fillRows($('risk-limits'), kvRows(r.limits), '—');
}

// -- Tree, positions, orders, status -----------------------------------------------------

function renderTree(nodes) {
  const children = new Map();
  for (const n of nodes) {
    const p = n.parent || '';
    if (!children.has(p)) children.set(p, []);
    children.get(p).push(n);
  }
  const names = new Set(nodes.map((n) => n.name));
  const rows = [];
  const walk = (n, depth) => {
    rows.push(el('tr', { class: 'actor', dataset: { name: n.name, status: n.status } },
      el('td', { style: `padding-left:${0.4 + depth * 1.1}em` }, n.name), el('td', { class: 'muted' }, n.kind),
      el('td', { class: 'muted' }, n.strategy || ''),
      el('td', {}, el('span', { class: `pill ${n.status === 'running' ? 'ok' : 'lost'}` }, n.status)),
      el('td', { class: n.restarts > 0 ? 'num warn' : 'num' }, n.restarts),
      el('td', { class: 'num' }, n.mailbox < 0 ? '?' : n.mailbox)));
    for (const c of children.get(n.name) || []) walk(c, depth + 1);
  };
  for (const n of nodes) if (!n.parent || !names.has(n.parent)) walk(n, 0);
  fillRows($('tree'), rows, 'no actors');
}

function renderPositions(list) {
  fillRows($('positions'), list.map((p) =>
    el('tr', { dataset: { symbol: p.symbol } }, el('td', {}, p.symbol), el('td', { class: 'num' }, num(p.qty, 4)),
      el('td', { class: 'num' }, num(p.avg_price)), el('td', { class: 'num' }, num(p.last_price)),
      el('td', { class: pnlClass(p.unrealized_pnl) }, signed(p.unrealized_pnl)),
      el('td', { class: pnlClass(p.realized_pnl) }, signed(p.realized_pnl)))), 'flat');
}

const FINISHED = new Set(['filled', 'cancelled', 'rejected']);

function renderOrders(list) {
  const open = list.filter((o) => !FINISHED.has(o.status));
  fillRows($('orders'), open.map((o) =>
    el('tr', { class: 'order', dataset: { status: o.status } }, el('td', { class: 'muted' }, o.client_id), el('td', {}, o.symbol),
      el('td', { class: o.side === 'buy' ? 'up' : 'down' }, o.side), el('td', {}, o.type),
      el('td', { class: 'num' }, num(o.qty, 4)), el('td', { class: 'num' }, o.price ? num(o.price) : 'market'),
      el('td', {}, o.status))), 'no open orders');
  $('open-orders-count').textContent = `(${open.length})`;
}

function renderStatus(s) {
  $('node-name').textContent = s.node;
  $('node-mode').textContent = s.mode;
  $('uptime').textContent = `up ${Math.floor(s.uptime_s / 60)}m ${Math.floor(s.uptime_s % 60)}s`;
  $('pnl').textContent = signed(s.pnl);
  $('pnl').className = pnlClass(s.pnl);
  $('realized-pnl').textContent = signed(s.realized_pnl);
  $('orders-count').textContent = s.orders ?? '—';
  $('fills-count').textContent = s.fills ?? '—';
  setRiskState(s.risk_state);
  for (const c of s.connections || []) setConnection(c);
  addEquity(s.equity);
}

// -- Learning ------------------------------------------------------------------------------

// The learning daemon's hit rates and weights per detector×pattern, and its last changes.
// null: no daemon ([learning] mode off): the panel says so.
function renderLearning(l) {
  $('learning-mode').textContent = l ? `${l.mode}${l.weights.frozen ? ', frozen' : ''}, model ${l.weights.version}` : 'off';
  if (!l) {
    fillRows($('learning-weights'), [], 'no learning daemon');
    fillRows($('learning-changes'), [], '—');
    return;
  }
  const weights = l.weights.current || {};
  const pooled = (l.pooled && l.pooled[0]) || [];
  fillRows($('learning-weights'), pooled.map((r) => {
    const key = r.key.replace('/', '.');
    const w = weights[key] ?? 1;
    return el('tr', { class: 'learned', dataset: { key } }, el('td', {}, r.key), el('td', { class: 'num' }, num(r.outcomes, 0)),
      el('td', { class: 'num' }, num(r.hit_rate, 3)), el('td', { class: pnlClass(r.mean_return) }, `${num(r.mean_return * 1e4, 1)} bp`),
      el('td', { class: w > 1 ? 'num up' : w < 1 ? 'num down' : 'num' }, num(w, 3)));
  }), 'no outcomes yet');
  fillRows($('learning-changes'), (l.weights.history || []).slice(0, 5).map((v) =>
    el('tr', {}, el('td', { class: 'num' }, v.version), el('td', {}, v.reason),
      el('td', { class: 'muted' }, Object.entries(v.weights).map(([k, w]) => `${k}=${num(w, 2)}`).join(' ') || 'all 1'))), 'no changes yet');
}

// -- Polling -------------------------------------------------------------------------------

const polled = [
  ['/api/v1/status', renderStatus],
  ['/api/v1/tree', renderTree],
  ['/api/v1/positions', renderPositions],
  ['/api/v1/orders', renderOrders],
  ['/api/v1/risk', renderRisk],
  ['/api/v1/learning', renderLearning, { optional: true }],
];

async function pollOnce() {
  const results = await Promise.allSettled(polled.map(async ([path, render, opts]) => {
    const r = await api(path);
    if (!r.ok && opts?.optional && r.status === 503) return render(null);  // not running here
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    render(r.body);
  }));
  const failed = results.filter((r) => r.status === 'rejected');
  const pill = $('api-status');
  pill.textContent = failed.length ? `api: ${failed.length} failing` : 'api: ok';
  pill.className = `pill ${failed.length ? 'lost' : 'ok'}`;
  pill.title = failed.map((f) => f.reason.message).join('\n') || 'HTTP API';
}

async function poll() {
  try { await pollOnce(); } catch { /* shown in the pill next time */ }
  setTimeout(poll, POLL_MS);
}

// -- WebSocket stream, reconnected with backoff --------------------------------------------

let backoffMs = 500;

function connectStream() {
  const pill = $('stream-status');
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream`);
  ws.onopen = () => {
    backoffMs = 500;
    pill.textContent = 'stream: live';
    pill.className = 'pill ok';
  };
  ws.onmessage = (ev) => {
    let m;
    try { m = JSON.parse(ev.data); } catch { return; }
    onStreamMessage(m);
  };
  ws.onclose = () => {
    const wait = Math.round(backoffMs * (0.75 + Math.random() * 0.5));
    backoffMs = Math.min(backoffMs * 2, 15000);
    pill.textContent = `stream: reconnecting in ${(wait / 1000).toFixed(1)}s`;
    pill.className = 'pill lost';
    setTimeout(connectStream, wait);
  };
}

function onStreamMessage(m) {
  const d = m.data || {};
  switch (m.type) {
    case 'signal': addSignals([d]); break;
    case 'connection': setConnection(d); break;
    case 'risk': setRiskState(d.state, d.reason); addEquity(d.equity); break;
    default: break;    // orders, fills, trades: the next poll shows their effect
  }
}

// -- Control (bearer token kept in sessionStorage) -----------------------------------------

function showResult(text, ok) {
  const box = $('control-result');
  box.textContent = text;
  box.className = ok ? 'ok' : 'error';
  box.hidden = false;
}

function askToken(action) {
  const dialog = $('token-dialog');
  const input = $('token-input');
  $('token-title').textContent = action === 'emergency-stop' ? 'EMERGENCY STOP: cancel every order, flatten, halt' : `Control: ${action}`;
  input.value = sessionStorage.getItem(TOKEN_KEY) || '';
  return new Promise((resolve) => {
    const done = (token) => {
      dialog.removeEventListener('close', onClose);
      $('token-cancel').onclick = null;
      resolve(token);
    };
    const onClose = () => done(dialog.returnValue === 'send' && input.value.trim() ? input.value.trim() : null);
    dialog.addEventListener('close', onClose);
    $('token-cancel').onclick = () => dialog.close('cancel');
    dialog.showModal();
    input.focus();
  });
}

async function control(action) {
  const token = await askToken(action);
  if (!token) return;
  let r;
  try {
    r = await api(`/api/v1/control/${action}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'dashboard' }),
    });
  } catch (e) {
    showResult(`${action}: the node did not answer (${e.message})`, false);
    return;
  }
  if (r.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showResult(`${action} refused: wrong token`, false);
  } else if (r.ok) {
    sessionStorage.setItem(TOKEN_KEY, token);
    showResult(`${action} accepted: risk state ${r.body?.risk_state ?? '?'}`, true);
  } else {
    showResult(`${action} failed: ${r.status} ${r.body?.error ?? ''}`, false);
  }
  pollOnce().catch(() => {});
}

// -- Start -----------------------------------------------------------------------------------

async function loadSignals() {
  const r = await api('/api/v1/signals?since=0');
  if (r.ok && r.body) addSignals(r.body.signals || []);
}

for (const box of document.querySelectorAll('input[name=kind]')) box.addEventListener('change', renderSignals);
$('pause').addEventListener('click', () => control('pause'));
$('resume').addEventListener('click', () => control('resume'));
$('emergency-stop').addEventListener('click', () => control('emergency-stop'));
renderSignals();
renderConnections();
loadSignals().catch(() => {});
connectStream();
poll();
