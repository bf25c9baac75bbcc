// ccxt's binance client, unmodified, trading against `tickline venue`: markets, balance,
// a limit order's life, a market order's fill and trade, and the errors ccxt maps from
// the venue's Binance codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import ccxt from 'ccxt';

const key = 'venue-test-key';
const secret = 'venue-test-secret-never-printed';
let venue, base, stderr = '';

before(async () => {
  venue = spawn(process.env.TICKLINE_BIN,
                ['venue', '--listen', '127.0.0.1:0', '--symbols', 'BTCUSDT,ETHUSDT', '--balance', 'USDT=100000',
                 '--fee-bps', '10', '--for', '120s'],
                { env: { ...process.env, TICKLINE_VENUE_API_KEY: key, TICKLINE_VENUE_API_SECRET: secret } });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('venue did not start: ' + stderr)), 20000);
    venue.stderr.on('data', (d) => {
      stderr += d;
      const m = /api on http:\/\/127\.0\.0\.1:(\d+)\/api\/v3/i.exec(stderr);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    venue.on('exit', (code) => reject(new Error('venue exited with ' + code + ': ' + stderr)));
  });
  base = `http://127.0.0.1:${port}/api/v3`;
});

after(async () => {
  if (venue && venue.exitCode === null) {
    const done = new Promise((r) => venue.on('exit', r));
    venue.kill('SIGTERM');
    await done;
  }
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
