// End to end: a real `tickline run` node (the demo config, a temp data dir, a free port, a
// known token) serves the dashboard; headless Chromium (Debian's, driven by playwright-core)
// opens it. The page must show the running supervision tree, live signals and the stream;
// a wrong token must be refused and change nothing; the right one must halt the node with
// no open order left. The answers are checked against the node's own JSON API.
//
// TICKLINE_BIN: the tickline executable (required). CHROMIUM: the browser (default
// /usr/bin/chromium). TICKLINE_SCREENSHOT: also save the screenshot with live data there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, '..', '..');
const tickline = process.env.TICKLINE_BIN;
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const TOKEN = 'e2e-token-0123456789abcdef';
const DEMO_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
const FINISHED = new Set(['filled', 'cancelled', 'rejected']);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// The demo config, byte for byte, but with its state in `dir` and the API on `port`.
function demoConfig(dir, port) {
  const demo = readFileSync(join(sourceDir, 'examples', 'demo.toml'), 'utf8');
  const swaps = [
    ['data_dir = "./tickline-data"', `data_dir = "${join(dir, 'data')}"`],
    ['listen = "127.0.0.1:8080"', `listen = "127.0.0.1:${port}"`],
  ];
  let text = demo;
  for (const [from, to] of swaps) {
    assert.ok(text.includes(from), `examples/demo.toml no longer has ${from}`);
    text = text.replace(from, to);
  }
  const path = join(dir, 'node.toml');
  writeFileSync(path, text);
  return path;
}

// Polls `probe` (bounded) until it returns a truthy value, which it returns.
async function eventually(what, probe, limitMs = 30000) {
  const until = Date.now() + limitMs;
  let last;
  while (Date.now() < until) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

async function getJson(base, path) {
  const res = await fetch(base + path, { cache: 'no-store' });
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

const openOrders = (orders) => orders.filter((o) => !FINISHED.has(o.status));

test('the dashboard shows a live node and its emergency stop halts it', { timeout: 240000 }, async (t) => {
  assert.ok(tickline, 'set TICKLINE_BIN to the tickline executable');
  const dir = mkdtempSync(join(tmpdir(), 'tickline-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = demoConfig(dir, port);

  let log = '';
  const node = spawn(tickline, ['run', '--config', config, '--for', '200s'], {
    cwd: dir, env: { ...process.env, TICKLINE_API_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  node.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => node.on('exit', (code, signal) => resolve({ code, signal })));
  let browser;
  t.after(async () => {
    if (browser) await browser.close();
    if (node.exitCode === null && node.signalCode === null) node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  try {
    await eventually('GET /healthz', async () => (await fetch(`${base}/healthz`)).status === 200);

    browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const external = [];
    page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('ws://127.0.0.1') && !r.url().startsWith('data:')) external.push(r.url()); });
    await page.goto(`${base}/`);
    assert.equal(await page.title(), 'tickline');

    // The supervision tree, polled from /api/v1/tree, with the node's running actors.
    await page.waitForSelector('#tree tr.actor[data-name="risk_supervisor"][data-status="running"]', { timeout: 30000 });
    const tree = await getJson(base, '/api/v1/tree');
    const running = tree.filter((n) => n.status === 'running').map((n) => n.name);
    for (const name of ['root', 'market', 'trading', 'ops', 'http', 'scanner:BTCUSDT', 'feed:synthetic'])
      assert.ok(running.includes(name), `the API reports ${name} running`);
    const shownRunning = await page.$$eval('#tree tr.actor[data-status="running"]', (rows) => rows.map((r) => r.dataset.name));
    for (const name of ['root', 'market', 'trading', 'ops', 'http', 'scanner:BTCUSDT', 'feed:synthetic'])
      assert.ok(shownRunning.includes(name), `the page shows ${name} running`);

    // The WebSocket stream connects from the page's own origin.
    await page.waitForFunction(() => document.getElementById('stream-status').textContent === 'stream: live', null, { timeout: 20000 });

    // Live whale or pattern signals: a row appears, and the node logged that very signal.
    await page.waitForSelector('#signals tr.signal', { timeout: 90000 });
    const row = await page.$eval('#signals tr.signal', (r) => ({ kind: r.dataset.kind, symbol: r.dataset.symbol, name: r.cells[2].textContent }));
    assert.ok(['whale', 'pattern'].includes(row.kind), `default filter shows whale and pattern, got ${row.kind}`);
    assert.ok(DEMO_SYMBOLS.includes(row.symbol), `signal symbol ${row.symbol}`);
    const logged = await getJson(base, '/api/v1/signals?since=0');
    assert.ok(logged.signals.some((s) => s.kind === row.kind && s.symbol === row.symbol && s.name === row.name),
      `the signal log has the shown ${row.kind} ${row.name} on ${row.symbol}`);

    // Connections from /api/v1/status, and equity samples drawn as a curve.
    await page.waitForSelector('#connections tr[data-source="feed:synthetic"] .pill.ok', { timeout: 20000 });
    await page.waitForFunction(() => Number(document.getElementById('equity').dataset.points) >= 3, null, { timeout: 20000 });
    assert.equal(await page.$$eval('#equity polyline', (l) => l.length), 1);

    // The learning panel: the demo's daemon observes; what the page says is what the API says.
    await page.waitForFunction(() => /^observe, model \d+/.test(document.getElementById('learning-mode').textContent), null, { timeout: 20000 });
    const learning = await getJson(base, '/api/v1/learning');
    assert.equal(learning.mode, 'observe');
    assert.equal(learning.weights.frozen, false);
    if (process.env.TICKLINE_SCREENSHOT) {
      // For the docs, best effort: wait for a position and some curve (no assertion).
      await page.waitForSelector('#positions tr[data-symbol]', { timeout: 120000 }).catch(() => {});
      await page.waitForFunction(() => Number(document.getElementById('equity').dataset.points) >= 30, null, { timeout: 90000 }).catch(() => {});
    }
    const shot = join(dir, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.TICKLINE_SCREENSHOT) copyFileSync(shot, process.env.TICKLINE_SCREENSHOT);

    // A wrong token: "wrong token" shown, nothing changed.
    const before = await getJson(base, '/api/v1/risk');
    assert.notEqual(before.state, 'HALTED');
    await page.click('#emergency-stop');
    await page.fill('#token-input', 'not-the-token');
    await page.click('#token-send');
    await page.waitForFunction(() => /wrong token/.test(document.getElementById('control-result').textContent), null, { timeout: 10000 });
    const afterWrong = await getJson(base, '/api/v1/risk');
    assert.equal(afterWrong.state, before.state);
    assert.equal(afterWrong.overrides.length, before.overrides.length, 'no operator command was recorded');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('tickline.token')), null);

    // The right token: accepted, the risk supervisor halts and no order stays open.
    await page.click('#emergency-stop');
    await page.fill('#token-input', TOKEN);
    await page.click('#token-send');
    await page.waitForFunction(() => /emergency-stop accepted/.test(document.getElementById('control-result').textContent), null, { timeout: 15000 });
    const risk = await getJson(base, '/api/v1/risk');
    assert.equal(risk.state, 'HALTED');
    const last = risk.overrides[risk.overrides.length - 1];
    assert.equal(last.command, 'emergency_stop');
    assert.equal(last.to, 'HALTED');
    await eventually('no open order after the emergency stop', async () => openOrders(await getJson(base, '/api/v1/orders')).length === 0, 30000);
    await page.waitForSelector('#risk-badge.halted', { timeout: 10000 });
    assert.equal(await page.evaluate(() => sessionStorage.getItem('tickline.token')), TOKEN);

    assert.deepEqual(pageErrors, [], 'no script error on the page');
    assert.deepEqual(external, [], 'the page asks nothing of any host but the node');
  } catch (e) {
    e.message += `\n--- node log (tail) ---\n${log.slice(-4000)}`;
    throw e;
  }

  node.kill('SIGTERM');
  const end = await exited;
  assert.equal(end.code, 0, `tickline exit ${JSON.stringify(end)}`);
});
