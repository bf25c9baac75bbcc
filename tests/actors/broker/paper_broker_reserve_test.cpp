// The paper broker keeps what its working orders hold back as running sums (so that a
// new order's balance check does not walk every working order). These tests drive it
// through many random orders, fills, partial fills, cancels and IOC/FOK remainders, and
// after every step compare the sums with a valuation worked out here from the ledger.

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>

#include "actors/broker/paper_broker_state.hpp"
#include "broker_test_helpers.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

struct valuation {
  double buys = 0;                         // quote currency, fees in
  std::map<std::string, double> sells;     // base quantity per symbol
};

// What the working orders of `b` hold back, from its ledger alone: limits at their
// limit, stops at the stop plus slippage, market buys at the last trade plus slippage.
valuation from_ledger(const paper_broker_state& b, const std::map<std::string, double>& last) {
  const auto& cfg = b.config();
  const double slip = 1 + cfg.slippage_bps / 10'000;
  valuation v;
  for (const auto& [id, o] : b.ledger().orders()) {
    if (!o.working())
      continue;
    const auto& r = o.request;
    if (r.sd == side::sell) {
      v.sells[r.symbol] += o.remaining();
      continue;
    }
    double price = 0;
    double fee = cfg.taker_fee_bps;
    switch (r.type) {
      case order_type::limit: price = r.limit_price; fee = cfg.maker_fee_bps; break;
      case order_type::stop_limit: price = r.limit_price; fee = cfg.maker_fee_bps; break;
      case order_type::stop: price = r.stop_price * slip; break;
      case order_type::market: price = last.count(r.symbol) ? last.at(r.symbol) * slip : 0; break;
    }
    v.buys += o.remaining() * price * (1 + fee / 10'000);
  }
  return v;
}

bool close(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

} // namespace

TEST_CASE("the running reserves equal the working orders valued from the ledger",
          "[broker][account]") {
  auto cfg = plain_broker(5'000'000);
  cfg.slippage_bps = 3;
  cfg.maker_fee_bps = 2;
  cfg.taker_fee_bps = 5;
  cfg.max_participation = 0.5;
  cfg.allow_short = true;
  paper_broker_state b{cfg};
  const std::vector<std::string> symbols{"AAA", "BBB", "CCC"};
  std::map<std::string, double> last;
  std::mt19937_64 rng{20261122};
  std::uniform_real_distribution<double> unit{0, 1};
  auto price_near = [&](double base) { return std::round(base * (0.97 + 0.06 * unit(rng)) * 100) / 100; };
  std::int64_t now = 1;
  int ids = 0;
  std::size_t fills = 0;
  std::size_t cancelled = 0;
  for (const auto& s : symbols) {
    b.on_trade(trade(100, 1, now++, s));
    last[s] = 100;
  }
  for (int step = 0; step < 4'000; ++step) {
    const auto& s = symbols[rng() % symbols.size()];
    const double u = unit(rng);
    if (u < 0.45) {
      auto r = order("o" + std::to_string(ids++), unit(rng) < 0.5 ? side::buy : side::sell,
                     1 + std::floor(unit(rng) * 5));
      r.symbol = s;
      r.type = static_cast<order_type>(rng() % 4);  // market, limit, stop, stop_limit
      r.limit_price = price_near(last[s]);
      r.stop_price = price_near(last[s]);
      const double t = unit(rng);
      r.tif = t < 0.8 ? time_in_force::gtc : t < 0.9 ? time_in_force::ioc : time_in_force::fok;
      b.on_order(r, now++);
    } else if (u < 0.55 && !b.working_orders().empty()) {
      const auto ids_working = b.working_orders();
      const auto& id = ids_working[rng() % ids_working.size()];
      cancelled += only<order_status>(b.on_cancel({id, "test", now}, now)).size();
      ++now;
    } else {
      const double px = price_near(last[s]);
      fills += only<fill>(b.on_trade(trade(px, 1 + std::floor(unit(rng) * 4), now++, s))).size();
      last[s] = px;
    }
    const auto want = from_ledger(b, last);
    REQUIRE(close(b.reserved(side::buy, ""), want.buys));
    for (const auto& sym : symbols)
      REQUIRE(close(b.reserved(side::sell, sym), want.sells.count(sym) ? want.sells.at(sym) : 0));
  }
  // The walk went through what it is meant to: fills, partial fills, cancels, rests.
  CHECK(fills > 200);
  CHECK(cancelled > 100);
  CHECK(b.working_orders().size() > 10);
  // Once nothing works any more, nothing is held back: exactly 0, not a rounding rest.
  for (const auto& id : b.working_orders())
    b.on_cancel({id, "end", now}, now);
  CHECK(b.reserved(side::buy, "") == 0);
  for (const auto& sym : symbols)
    CHECK(b.reserved(side::sell, sym) == 0);
}

TEST_CASE("a buy that needs exactly what working buys leave is accepted, a cent more is not",
          "[broker][account]") {
  paper_broker_state b{plain_broker(10'000)};
  b.on_trade(trade(100, 1, 1));
  REQUIRE(only<order_ack>(b.on_order(order("l", side::buy, 30, order_type::limit, 90), 2)).size() == 1);
  REQUIRE(only<order_ack>(b.on_order(order("st", side::buy, 20, order_type::stop, 0, 110), 3)).size() == 1);
  REQUIRE(only<order_ack>(b.on_order(order("m", side::buy, 10), 4)).size() == 1);
  // Held: 30 x 90 + 20 x 110 + 10 x 100 = 5,900 of 10,000.
  CHECK(b.reserved(side::buy, "BTCUSDT") == 5'900);
  CHECK(only<order_reject>(b.on_order(order("over", side::buy, 41.01, order_type::limit, 100), 5)).size() == 1);
  CHECK(only<order_ack>(b.on_order(order("fits", side::buy, 41, order_type::limit, 100), 6)).size() == 1);
  // The market buy is valued at the last price as it moves: at 50, 500 more is free.
  b.on_cancel({"fits", "test", 7}, 7);
  b.on_book(quote(49, 1, 50, 0, 8));  // no size on the ask: m does not fill, the last is 50
  CHECK(b.reserved(side::buy, "BTCUSDT") == 5'400);
}
