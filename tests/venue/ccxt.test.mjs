// ccxt's binance client, unmodified, trading against `tickline venue`: markets, balance,
// a limit order's life, a market order's fill and trade, and the errors ccxt maps from
// the venue's Binance codes; and an Ed25519 API key, signed by ccxt, checked by the venue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import ccxt from 'ccxt';

const key = 'venue-test-key';
const secret = 'venue-test-secret-never-printed';
let venue, base, stderr = '';

// Starts `tickline venue` with `args` and `env`; resolves to [process, REST base URL, output so far].
function startVenue(args, env) {
  const proc = spawn(process.env.TICKLINE_BIN,
                     ['venue', '--listen', '127.0.0.1:0', '--symbols', 'BTCUSDT,ETHUSDT', '--balance', 'USDT=100000',
                      '--fee-bps', '10', '--for', '120s', ...args],
                     { env: { ...process.env, ...env } });
  const out = { stderr: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('venue did not start: ' + out.stderr)), 20000);
    proc.stderr.on('data', (d) => {
      out.stderr += d;
      const m = /api on http:\/\/127\.0\.0\.1:(\d+)\/api\/v3/i.exec(out.stderr);
      if (m) { clearTimeout(timer); resolve([proc, `http://127.0.0.1:${m[1]}/api/v3`, out]); }
    });
    proc.on('exit', (code) => reject(new Error('venue exited with ' + code + ': ' + out.stderr)));
  });
}

async function stopVenue(proc) {
  if (proc && proc.exitCode === null) {
    const done = new Promise((r) => proc.on('exit', r));
    proc.kill('SIGTERM');
    await done;
  }
}

let output;
before(async () => {
  [venue, base, output] = await startVenue([], { TICKLINE_VENUE_API_KEY: key, TICKLINE_VENUE_API_SECRET: secret });
});

after(async () => {
  await stopVenue(venue);
  stderr = output ? output.stderr : '';
  assert.ok(!stderr.includes(secret), 'the secret reached the venue\'s output');
});

function client(overrides = {}) {
  return new ccxt.binance({
    apiKey: key,
    secret,
    urls: { api: { public: base, private: base } },
    // Spot only: no futures, margin or sapi endpoints (the venue is spot).
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
    ...overrides,
  });
}

test('markets and balance', async () => {
  const ex = client();
  const markets = await ex.loadMarkets();
  assert.ok(markets['BTC/USDT'], 'BTC/USDT is a market');
  assert.equal(markets['BTC/USDT'].precision.price, 0.01);
  assert.equal(markets['BTC/USDT'].limits.cost.min, 5);
  const balance = await ex.fetchBalance();
  assert.equal(balance.USDT.free, 100000);
});

test('a limit order rests, is found, and is canceled', async () => {
  const ex = client();
  await ex.loadMarkets();
  const order = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.5, 50);
  assert.equal(order.status, 'open');
  assert.ok(order.clientOrderId, 'ccxt sent its own newClientOrderId');
  const found = await ex.fetchOrder(order.id, 'BTC/USDT');
  assert.equal(found.status, 'open');
  assert.equal(found.price, 50);
  const open = await ex.fetchOpenOrders('BTC/USDT');
  assert.equal(open.length, 1);
  const locked = (await ex.fetchBalance()).USDT.used;
  assert.ok(Math.abs(locked - 25.025) < 1e-9, `25 and its fee are held back, not ${locked}`);
  const canceled = await ex.cancelOrder(order.id, 'BTC/USDT');
  assert.equal(canceled.status, 'canceled');
  assert.equal((await ex.fetchOpenOrders('BTC/USDT')).length, 0);
  await assert.rejects(ex.cancelOrder(order.id, 'BTC/USDT'), ccxt.OrderNotFound);
});

test('a market order fills at the market, and its trade is listed', async () => {
  const ex = client();
  await ex.loadMarkets();
  const order = await ex.createOrder('ETH/USDT', 'market', 'buy', 2);
  assert.equal(order.status, 'closed');
  assert.equal(order.filled, 2);
  const trades = await ex.fetchMyTrades('ETH/USDT');
  assert.equal(trades.length, 1);
  assert.equal(trades[0].amount, 2);
  assert.equal(trades[0].side, 'buy');
  const balance = await ex.fetchBalance();
  assert.equal(balance.ETH.free, 2);
  const sold = await ex.createOrder('ETH/USDT', 'market', 'sell', 2);
  assert.equal(sold.status, 'closed');
  assert.equal((await ex.fetchBalance()).ETH.free, 0);
});

test('the venue\'s Binance errors reach ccxt as its exceptions', async () => {
  const ex = client();
  await ex.loadMarkets();
  await assert.rejects(ex.createOrder('BTC/USDT', 'limit', 'buy', 5000, 50), ccxt.InsufficientFunds);
  await assert.rejects(client({ secret: 'wrong' }).fetchBalance(), ccxt.AuthenticationError);
  await assert.rejects(ex.fetchOrder('999999', 'BTC/USDT'), ccxt.OrderNotFound);
});

test('an Ed25519 API key: ccxt signs with its PEM private key, the venue checks with the public key', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const pair = generateKeyPairSync('ed25519');
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
  const pubFile = join(mkdtempSync(join(tmpdir(), 'tickline-ed25519-')), 'key.pub.pem');
  writeFileSync(pubFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  const [edVenue, edBase, out] = await startVenue(['--ed25519-public-key', pubFile], { TICKLINE_VENUE_API_KEY: 'ed-key' });
  try {
    const ex = new ccxt.binance({
      apiKey: 'ed-key', secret: privatePem, urls: { api: { public: edBase, private: edBase } },
      options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
    });
    await ex.loadMarkets();
    assert.equal((await ex.fetchBalance()).USDT.free, 100000);
    const order = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.5);
    assert.equal(order.status, 'closed');
    assert.equal(order.filled, 0.5);
    // Another key is refused as Binance refuses a bad signature.
    const other = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    await assert.rejects(new ccxt.binance({ apiKey: 'ed-key', secret: other, urls: { api: { public: edBase, private: edBase } },
                                            options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false,
                                                       fetchMargins: false } }).fetchBalance(),
                         ccxt.AuthenticationError);
  } finally {
    await stopVenue(edVenue);
  }
  assert.ok(!out.stderr.includes('PRIVATE KEY'), 'a key reached the venue\'s output');
});
