// The soak run behind scripts/soak.sh: node soak.mjs TICKLINE DEMO_TOML MINUTES OUT_DIR
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const [bin, demoToml, minutesArg, outDir] = process.argv.slice(2);
const minutes = Number(minutesArg);
const sampleMs = 5000;
const chaosRate = 0.2;       // worker crashes per second
const readers = 4;           // concurrent clients reading the API
const readerPauseMs = 10;    // between one client's requests: about 100 requests/s each
const token = 'soak-' + Math.random().toString(36).slice(2);

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tickline-soak-'));
const port = await freePort();
const cfg = fs.readFileSync(demoToml, 'utf8')
  .replace(/^data_dir = .*$/m, `data_dir = "${work}/data"`)
  .replace(/^listen = "127\.0\.0\.1:8080".*$/m, `listen = "127.0.0.1:${port}"`);
fs.writeFileSync(path.join(work, 'soak.toml'), cfg);
fs.mkdirSync(outDir, { recursive: true });
const log = fs.openSync(path.join(outDir, 'node.log'), 'w');
const node = spawn(bin, ['run', '--config', path.join(work, 'soak.toml'), '--chaos', String(chaosRate), '--seed', '7'],
  { env: { ...process.env, TICKLINE_API_TOKEN: token }, stdio: ['ignore', log, log] });
let exited = null;
node.on('exit', (code, sig) => { exited = { code, sig }; });

const base = `http://127.0.0.1:${port}`;
const headers = { Host: `127.0.0.1:${port}` };
for (let i = 0; i < 100; ++i) {
  try { if ((await fetch(base + '/healthz', { headers })).ok) break; } catch { /* not up yet */ }
  await sleep(100);
}

// Load: readers cycle through the read endpoints; a controller pauses and resumes.
const reads = ['/healthz', '/readyz', '/metrics', '/api/v1/status', '/api/v1/tree', '/api/v1/positions',
  '/api/v1/orders', '/api/v1/trades', '/api/v1/signals', '/api/v1/risk', '/api/v1/learning'];
let stop = false;
const window = { n: 0, errors: 0, ms: [] };
const totals = { requests: 0, errors: 0 };
async function timed(url, init) {
  const t0 = performance.now();
  try {
    const r = await fetch(url, init);
    await r.arrayBuffer();
    if (r.status >= 500) { ++window.errors; ++totals.errors; }
  } catch { ++window.errors; ++totals.errors; }
  ++window.n; ++totals.requests;
  window.ms.push(performance.now() - t0);
}
async function reader(k) {
  for (let i = k; !stop; ++i) {
    await timed(base + reads[i % reads.length], { headers });
    await sleep(readerPauseMs);
  }
}
async function controller() {
  const auth = { ...headers, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  for (let i = 0; !stop; ++i) {
    await timed(base + `/api/v1/control/${i % 2 ? 'resume' : 'pause'}`,
      { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'soak' }) });
    await sleep(2000);
  }
}
const load = [...Array(readers).keys()].map(reader).concat([controller()]);

// Samples of the node process and its actors.
function proc(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  const threads = Number(/Threads:\s+(\d+)/.exec(status)[1]);
  return { rss_mb: kb / 1024, threads, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}
const samples = [];
const t0 = Date.now();
while (Date.now() - t0 < minutes * 60_000 && !exited) {
  await sleep(sampleMs);
  if (exited) break;
  const s = { t_s: (Date.now() - t0) / 1000, ...proc(node.pid) };
  try {
    const tree = await (await fetch(base + '/api/v1/tree', { headers })).json();
    const boxes = tree.map((n) => n.mailbox).filter((m) => m >= 0);
    s.mailbox_max = Math.max(0, ...boxes);
    s.mailbox_sum = boxes.reduce((a, b) => a + b, 0);
    s.restarts = tree.reduce((a, n) => a + n.restarts, 0);
    s.actors = tree.length;
  } catch { s.mailbox_max = s.mailbox_sum = s.restarts = s.actors = -1; }
  const ms = window.ms.sort((a, b) => a - b);
  s.requests_per_s = window.n / (sampleMs / 1000);
  s.p99_ms = ms.length ? ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.99))] : 0;
  s.errors = window.errors;
  window.n = 0; window.errors = 0; window.ms = [];
  samples.push(s);
  console.log(JSON.stringify(s));
}
stop = true;
await Promise.allSettled(load);
const crashed = exited;
if (!exited) { node.kill('SIGTERM'); for (let i = 0; i < 100 && !exited; ++i) await sleep(100); }

// Flat: after the first minute (start-up, caches, first snapshots), the mean of the last
// third against the mean of the first third.
const steady = samples.filter((s) => s.t_s >= Math.min(60, minutes * 20));
const third = Math.max(1, Math.floor(steady.length / 3));
const mean = (xs, k) => xs.reduce((a, s) => a + s[k], 0) / Math.max(1, xs.length);
const first = steady.slice(0, third), last = steady.slice(-third);
const growth = {};
for (const k of ['rss_mb', 'fds', 'threads', 'mailbox_max'])
  growth[k] = { first: mean(first, k), last: mean(last, k), max: Math.max(...steady.map((s) => s[k])) };
const problems = [];
if (crashed) problems.push(`the node exited during the soak: ${JSON.stringify(crashed)}`);
if (growth.rss_mb.last > growth.rss_mb.first * 1.10 + 8) problems.push('RSS grew more than 10 % + 8 MB');
if (growth.fds.last > growth.fds.first + 8) problems.push('open files grew by more than 8');
if (growth.threads.last > growth.threads.first + 2) problems.push('threads grew by more than 2');
if (growth.mailbox_max.max > 10_000) problems.push('a mailbox held more than 10,000 messages');
if (totals.errors > totals.requests * 0.01) problems.push('more than 1 % of requests failed');
const summary = { minutes, chaos_per_s: chaosRate, samples: samples.length, requests: totals.requests,
  errors: totals.errors, restarts: samples.length ? samples[samples.length - 1].restarts : 0, growth,
  flat: problems.length === 0, problems };
fs.writeFileSync(path.join(outDir, 'samples.json'), JSON.stringify({ summary, samples }, null, 2));

// The report: one small SVG line chart per figure.
function chart(key, label) {
  const w = 640, h = 160, pad = 40;
  const xs = samples.map((s) => s.t_s), ys = samples.map((s) => s[key]);
  const xmax = Math.max(1, ...xs), ymax = Math.max(1e-9, ...ys) * 1.1;
  const pts = samples.map((s) => `${(pad + (s.t_s / xmax) * (w - pad - 10)).toFixed(1)},${(h - 20 - (s[key] / ymax) * (h - 40)).toFixed(1)}`).join(' ');
  return `<h3>${label}</h3><svg width="${w}" height="${h}" style="background:#fafafa">
<polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="${pts}"/>
<text x="2" y="14" font-size="11">${ymax.toFixed(1)}</text><text x="2" y="${h - 22}" font-size="11">0</text>
<text x="${w - 60}" y="${h - 4}" font-size="11">${xmax.toFixed(0)} s</text></svg>`;
}
const html = `<!doctype html><meta charset="utf-8"><title>tickline soak</title>
<h1>tickline soak: ${minutes} min, chaos ${chaosRate}/s, ${readers} API readers</h1>
<p>${summary.flat ? 'Flat' : 'NOT flat: ' + problems.join('; ')}. ${totals.requests} requests, ${totals.errors} failed,
${summary.restarts} actor restarts.</p><pre>${JSON.stringify(growth, null, 1)}</pre>
${chart('rss_mb', 'RSS (MB)')}${chart('fds', 'open files')}${chart('threads', 'threads')}
${chart('mailbox_max', 'largest mailbox (messages)')}${chart('mailbox_sum', 'all mailboxes (messages)')}
${chart('requests_per_s', 'API requests per second')}${chart('p99_ms', 'API p99 (ms)')}`;
fs.writeFileSync(path.join(outDir, 'report.html'), html);
console.log(JSON.stringify(summary, null, 2));
fs.rmSync(work, { recursive: true, force: true });
process.exit(summary.flat ? 0 : 1);
