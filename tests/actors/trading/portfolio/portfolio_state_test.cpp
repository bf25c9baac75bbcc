#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "actors/broker/paper_broker_state.hpp"
#include "actors/trading/portfolio/portfolio_state.hpp"
#include "../../broker/broker_test_helpers.hpp"
#include "../../snapshot.hpp"

using namespace tickline;
using Catch::Detail::Approx;

namespace {

fill make_fill(side sd, double qty, double price, double fee, std::int64_t ts,
               std::string symbol = "BTCUSDT") {
  return fill{"c", std::move(symbol), sd, price, qty, fee, false, ts, {}};
}

} // namespace

TEST_CASE("increases average in, reductions realize, a close reports the round trip",
          "[portfolio]") {
  portfolio_state p{10'000};
  CHECK_FALSE(p.on_fill(make_fill(side::buy, 1, 100, 0.1, 1)));
  CHECK_FALSE(p.on_fill(make_fill(side::buy, 3, 104, 0.3, 2)));
  auto pos = p.position_of("BTCUSDT");
  CHECK(pos.qty == 4);
  CHECK(pos.avg_price == Approx(103));          // (100 + 3 * 104) / 4
  CHECK(p.cash() == Approx(9'587.6));           // 10000 - 100 - 0.1 - 312 - 0.3
  CHECK(p.realized_pnl() == Approx(-0.4));      // the fees so far
  CHECK(p.fees() == Approx(0.4));
  p.on_mark("BTCUSDT", 105, 3);
  CHECK(p.unrealized_pnl() == Approx(8));       // (105 - 103) * 4
  CHECK(p.equity() == Approx(10'007.6));        // 9587.6 + 4 * 105
  CHECK(p.exposure("BTCUSDT") == Approx(420));

  CHECK_FALSE(p.on_fill(make_fill(side::sell, 1, 110, 0.11, 4)));
  pos = p.position_of("BTCUSDT");
  CHECK(pos.qty == 3);
  CHECK(pos.avg_price == Approx(103));          // a reduction keeps the average
  CHECK(p.realized_pnl() == Approx(6.49));      // -0.4 + (110 - 103) - 0.11
  CHECK(pos.realized_pnl == Approx(6.49));
  CHECK(p.cash() == Approx(9'697.49));
  CHECK(pos.unrealized_pnl == Approx(21));      // marked by the fill: (110 - 103) * 3

  auto closed = p.on_fill(make_fill(side::sell, 3, 101, 0.303, 5));
  REQUIRE(closed);
  CHECK(closed->symbol == "BTCUSDT");
  CHECK(closed->sd == side::buy);
  CHECK(closed->qty == Approx(4));
  CHECK(closed->entry_price == Approx(103));
  CHECK(closed->exit_price == Approx(103.25));  // (110 + 3 * 101) / 4
  CHECK(closed->entry_ns == 1);
  CHECK(closed->exit_ns == 5);
  CHECK(closed->fees == Approx(0.813));         // 0.1 + 0.3 + 0.11 + 0.303
  CHECK(closed->pnl == Approx(0.187));          // (103.25 - 103) * 4 - 0.813
  CHECK(p.realized_pnl() == Approx(0.187));
  CHECK(p.cash() == Approx(10'000.187));
  CHECK(p.position_of("BTCUSDT").qty == 0);
  CHECK(p.position_of("BTCUSDT").avg_price == 0);
  CHECK(p.equity() == Approx(10'000.187));
  CHECK(p.gross_exposure() == 0);
}

TEST_CASE("a fill through flat closes one side and opens the other", "[portfolio]") {
  portfolio_state p{10'000};
  p.on_fill(make_fill(side::buy, 2, 50, 0, 10));
  auto closed = p.on_fill(make_fill(side::sell, 5, 60, 0.5, 11));
  REQUIRE(closed);
  CHECK(closed->sd == side::buy);
  CHECK(closed->qty == 2);
  CHECK(closed->exit_price == 60);
  CHECK(closed->fees == Approx(0.2));           // 2/5 of the fee closes
  CHECK(closed->pnl == Approx(19.8));           // (60 - 50) * 2 - 0.2
  auto pos = p.position_of("BTCUSDT");
  CHECK(pos.qty == -3);
  CHECK(pos.avg_price == 60);
  CHECK(p.realized_pnl() == Approx(19.5));      // 20 - 0.5
  CHECK(p.cash() == Approx(10'199.5));          // 10000 - 100 + 300 - 0.5
  CHECK(p.equity() == Approx(10'019.5));        // 10199.5 - 3 * 60

  closed = p.on_fill(make_fill(side::buy, 3, 55, 0, 12));
  REQUIRE(closed);
  CHECK(closed->sd == side::sell);
  CHECK(closed->qty == 3);
  CHECK(closed->entry_price == 60);
  CHECK(closed->exit_price == 55);
  CHECK(closed->entry_ns == 11);
  CHECK(closed->fees == Approx(0.3));           // the other 3/5 of the flip's fee
  CHECK(closed->pnl == Approx(14.7));           // (60 - 55) * 3 - 0.3
  CHECK(p.realized_pnl() == Approx(34.5));
  CHECK(p.cash() == Approx(10'034.5));
}

TEST_CASE("shorts average and value with their sign; exposure per symbol", "[portfolio]") {
  portfolio_state p{10'000};
  p.on_fill(make_fill(side::sell, 2, 100, 0, 1));
  p.on_fill(make_fill(side::sell, 2, 90, 0, 2));
  CHECK(p.position_of("BTCUSDT").avg_price == Approx(95));
  p.on_mark("BTCUSDT", 80, 3);
  CHECK(p.unrealized_pnl() == Approx(60));      // (80 - 95) * -4
  CHECK(p.gross_exposure() == Approx(320));
  CHECK(p.net_exposure() == Approx(-320));

  p.on_fill(make_fill(side::buy, 1, 100, 0, 4, "ETHUSDT"));
  p.on_mark("ETHUSDT", 110, 5);
  CHECK(p.exposure("ETHUSDT") == Approx(110));
  CHECK(p.exposure("BTCUSDT") == Approx(-320));
  CHECK(p.exposure("SOLUSDT") == 0);
  CHECK(p.gross_exposure() == Approx(430));
  CHECK(p.net_exposure() == Approx(-210));
  CHECK(p.unrealized_pnl() == Approx(70));
  // cash: 10000 + 200 + 180 - 100 = 10280; equity = 10280 - 210.
  CHECK(p.equity() == Approx(10'070));
  CHECK(p.positions().size() == 2);
}

TEST_CASE("peak equity, drawdown and day P&L", "[portfolio]") {
  portfolio_state p{1'000};
  p.on_fill(make_fill(side::buy, 10, 100, 0, 1));
  CHECK(p.equity() == 1'000);
  p.on_mark("BTCUSDT", 110, 2);
  CHECK(p.peak_equity() == Approx(1'100));
  p.on_mark("BTCUSDT", 99, 3);
  CHECK(p.drawdown() == Approx(110));
  CHECK(p.drawdown_pct() == Approx(10));
  p.on_mark("BTCUSDT", 105, 4);
  CHECK(p.drawdown() == Approx(50));
  CHECK(p.drawdown_pct() == Approx(100.0 * 50 / 1'100));
  CHECK(p.max_drawdown_pct() == Approx(10));
  CHECK(p.day_pnl() == Approx(50));             // since the start
  p.start_day(86'400);
  CHECK(p.day_start_ns() == 86'400);
  CHECK(p.day_pnl() == 0);
  p.on_mark("BTCUSDT", 100, 86'401);
  CHECK(p.day_pnl() == Approx(-50));
  p.on_mark("BTCUSDT", 120, 86'300);            // older than the mark: ignored
  CHECK(p.day_pnl() == Approx(-50));
}

TEST_CASE("fills and marks that are not numbers are ignored", "[portfolio]") {
  portfolio_state p{1'000};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(p.on_fill(make_fill(side::buy, 0, 100, 0, 1)));
  CHECK_FALSE(p.on_fill(make_fill(side::buy, 1, nan, 0, 1)));
  CHECK_FALSE(p.on_fill(make_fill(side::buy, 1, 100, nan, 1)));
  CHECK(p.ignored_fills() == 3);
  CHECK(p.cash() == 1'000);
  CHECK(p.holdings().empty());
  p.on_fill(make_fill(side::buy, 1, 100, 0, 1));
  p.on_mark("BTCUSDT", nan, 2);
  p.on_mark("BTCUSDT", -5, 2);
  p.on_mark("ETHUSDT", 5, 2);                   // never filled
  CHECK(p.equity() == 1'000);
  CHECK(p.holdings().size() == 1);
}

TEST_CASE("a fee alone (quantity 0) is charged without moving the position", "[portfolio]") {
  portfolio_state p{1'000};
  p.on_fill(make_fill(side::buy, 2, 100, 0, 1));
  auto f = make_fill(side::buy, 0, 100, 0.25, 2);
  f.exec_id = "paper-9";
  CHECK_FALSE(p.on_fill(f));
  CHECK(p.cash() == Approx(800 - 0.25));
  CHECK(p.fees() == Approx(0.25));
  CHECK(p.holdings().at("BTCUSDT").qty == 2);
  CHECK(p.holdings().at("BTCUSDT").avg_price == 100);
  CHECK(p.realized_pnl() == Approx(-0.25));
  CHECK(p.ignored_fills() == 0);
  // The round trip carries the fee: closing at 101 nets 2 - 0.25.
  auto closed = p.on_fill(make_fill(side::sell, 2, 101, 0, 3));
  REQUIRE(closed);
  CHECK(closed->pnl == Approx(2 - 0.25));
  // A zero quantity without a fee is still nothing.
  CHECK_FALSE(p.on_fill(make_fill(side::buy, 0, 100, 0, 4)));
  CHECK(p.ignored_fills() == 1);
}

TEST_CASE("rounding crumbs do not leave a position open", "[portfolio]") {
  portfolio_state p{1'000};
  for (int i = 0; i < 3; ++i)
    p.on_fill(make_fill(side::buy, 0.1, 10, 0, i));
  auto closed = p.on_fill(make_fill(side::sell, 0.3, 11, 0, 5));
  REQUIRE(closed);
  CHECK(closed->qty == Approx(0.3));
  CHECK(closed->pnl == Approx(0.3));
  CHECK(p.position_of("BTCUSDT").qty == 0);
}

TEST_CASE("equity is cash plus marked positions and start plus P&L", "[portfolio]") {
  // A deterministic mix of buys, sells and marks in two symbols, checked against sums
  // replayed here from the fills.
  portfolio_state p{100'000};
  std::uint64_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(seed >> 11) / 9007199254740992.0;
  };
  double cash = 100'000;
  std::map<std::string, double> qty;
  std::map<std::string, double> mark;
  double closed_pnl = 0;
  for (std::int64_t ts = 1; ts <= 400; ++ts) {
    const std::string sym = next() < 0.5 ? "BTCUSDT" : "ETHUSDT";
    const double price = 100 + 20 * next();
    if (next() < 0.3) {
      p.on_mark(sym, price, ts);
      if (qty.count(sym))
        mark[sym] = price;
      continue;
    }
    const auto f = make_fill(next() < 0.5 ? side::buy : side::sell, 1 + std::floor(5 * next()),
                             price, 0.01 * price, ts, sym);
    if (auto t = p.on_fill(f))
      closed_pnl += t->pnl;
    const double q = f.sd == side::buy ? f.qty : -f.qty;
    cash -= q * f.price + f.fee;
    qty[sym] += q;
    mark[sym] = price;
  }
  double value = 0;
  double open_trips = 0;
  for (const auto& [sym, q] : qty) {
    value += q * mark[sym];
    const auto& trip = p.holdings().at(sym).trip;
    if (q != 0)
      open_trips += trip.gross - trip.fees;
  }
  CHECK(p.cash() == Approx(cash));
  CHECK(p.equity() == Approx(cash + value));
  CHECK(p.equity() == Approx(100'000 + p.realized_pnl() + p.unrealized_pnl()));
  CHECK(p.realized_pnl() == Approx(closed_pnl + open_trips));
  CHECK(p.position_of("BTCUSDT").qty == Approx(qty["BTCUSDT"]));
}

TEST_CASE("a portfolio snapshot keeps positions, round trips and the peak", "[portfolio]") {
  portfolio_state p{10'000};
  p.on_fill(make_fill(side::buy, 2, 50, 0.1, 1));
  p.on_fill(make_fill(side::sell, 1, 55, 0.1, 2, "ETHUSDT"));
  p.on_mark("BTCUSDT", 70, 3);
  p.on_mark("BTCUSDT", 60, 4);
  p.start_day(5);
  p.on_fill(make_fill(side::buy, 0, 1, 0, 6));  // ignored

  portfolio_state copy;
  test::load_state(test::save_state(p), copy);
  CHECK(copy.cash() == p.cash());
  CHECK(copy.equity() == p.equity());
  CHECK(copy.peak_equity() == p.peak_equity());
  CHECK(copy.max_drawdown_pct() == p.max_drawdown_pct());
  CHECK(copy.day_start_ns() == 5);
  CHECK(copy.day_pnl() == p.day_pnl());
  CHECK(copy.realized_pnl() == p.realized_pnl());
  CHECK(copy.ignored_fills() == 1);
  CHECK(copy.position_of("ETHUSDT").qty == -1);
  auto a = p.on_fill(make_fill(side::sell, 2, 65, 0.1, 7));
  auto b = copy.on_fill(make_fill(side::sell, 2, 65, 0.1, 7));
  REQUIRE(a);
  REQUIRE(b);
  CHECK(b->entry_ns == 1);
  CHECK(b->pnl == a->pnl);
  CHECK(b->pnl == Approx(29.8));                // (65 - 50) * 2 - 0.2
}

TEST_CASE("sums over the open positions equal sums over every holding, restored too",
          "[portfolio]") {
  portfolio_state p{100'000};
  // 50 symbols traded; every third is closed again, one goes through flat to short.
  for (int i = 0; i < 50; ++i) {
    const auto sym = "S" + std::to_string(i);
    p.on_fill(make_fill(side::buy, 1 + i % 4, 10 + i, 0.01, 2 * i + 1, sym));
    if (i % 3 == 0)
      p.on_fill(make_fill(side::sell, 1 + i % 4, 11 + i, 0.01, 2 * i + 2, sym));
    p.on_mark(sym, 12 + i, 2 * i + 2);
  }
  p.on_fill(make_fill(side::sell, 10, 20, 0.01, 200, "S1"));  // 2 long -> 8 short
  auto check = [](const portfolio_state& x) {
    double net = 0, gross = 0, unrealized = 0;
    std::size_t open = 0;
    for (const auto& pos : x.positions()) {
      const double value = x.exposure(pos.symbol);
      net += value;
      gross += std::fabs(value);
      unrealized += pos.unrealized_pnl;
      open += pos.qty != 0;
    }
    CHECK(x.net_exposure() == Approx(net));
    CHECK(x.gross_exposure() == Approx(gross));
    CHECK(x.unrealized_pnl() == Approx(unrealized));
    CHECK(x.equity() == Approx(x.cash() + net));
    CHECK(x.open_positions().size() == open);
    CHECK(x.positions().size() == 50);
  };
  check(p);
  CHECK(p.open_positions().size() == 50 - 17);  // 17 of 0..49 are multiples of 3
  CHECK(p.position_of("S1").qty == -8);
  portfolio_state copy;
  test::load_state(test::save_state(p), copy);
  check(copy);
  CHECK(copy.net_exposure() == p.net_exposure());
  // Closing a restored position takes it out of the sums.
  copy.on_fill(make_fill(side::buy, 8, 20, 0.01, 300, "S1"));
  CHECK(copy.open_positions().size() == 50 - 18);
  check(copy);
}

TEST_CASE("a round trip is tagged with what opened it and what closed it", "[portfolio]") {
  auto booked = [](fill f, std::string purpose) {
    return booked_fill{std::move(f), std::move(purpose), "whale:large_trade", "i-1", "tl-1-1"};
  };
  portfolio_state p{10'000};
  CHECK_FALSE(p.on_fill(booked(make_fill(side::sell, 2, 50, 0.1, 1), "entry")));
  CHECK_FALSE(p.on_fill(booked(make_fill(side::buy, 1, 45, 0.1, 2), "take_profit")));
  // A snapshot in the middle keeps the open round trip's tag.
  portfolio_state copy;
  test::load_state(test::save_state(p), copy);
  auto closed = copy.on_fill(booked(make_fill(side::buy, 1, 48, 0.1, 3), "trailing_stop"));
  REQUIRE(closed);
  CHECK(closed->entry_tag == "whale:large_trade");
  CHECK(closed->exit_reason == "trailing_stop");
  CHECK(closed->pnl == Approx(6.7));  // (50 - 45) + (50 - 48) - 0.3
  // Plain fills (no order manager) leave both empty.
  portfolio_state plain{10'000};
  plain.on_fill(make_fill(side::buy, 1, 100, 0, 1));
  auto untagged = plain.on_fill(make_fill(side::sell, 1, 101, 0, 2));
  REQUIRE(untagged);
  CHECK(untagged->entry_tag.empty());
  CHECK(untagged->exit_reason.empty());
}

TEST_CASE("a version 1 portfolio snapshot (no entry tags) still loads", "[portfolio]") {
  portfolio_state p{10'000};
  p.on_fill(make_fill(side::buy, 2, 50, 0.1, 1));
  portfolio_state old;
  // Version 2 appended the entry tags (an empty map, 8 bytes of size); version 3 the
  // recent execution ids (none here: 8 bytes of size) and a count (8).
  test::load_state(test::as_version(test::save_state(p), 1, 8 + 8 + 8), old);
  CHECK(old.position_of("BTCUSDT").qty == 2);
  CHECK(old.cash() == p.cash());
  auto closed = old.on_fill(make_fill(side::sell, 2, 55, 0.1, 2));
  REQUIRE(closed);
  CHECK(closed->pnl == Approx(9.8));  // (55 - 50) x 2 - 0.2
}

TEST_CASE("a portfolio fed the paper broker's fills agrees with the broker", "[portfolio]") {
  auto cfg = test::plain_broker(20'000);
  cfg.taker_fee_bps = 10;
  cfg.maker_fee_bps = 2;
  cfg.slippage_bps = 5;
  cfg.max_participation = 0.2;
  cfg.allow_short = true;  // the take-profit is placed before the buy fills
  paper_broker_state broker{cfg};
  portfolio_state p{20'000};
  std::vector<closed_trade> trips;
  auto feed = [&](const std::vector<broker_event>& events) {
    for (const auto& f : test::only<fill>(events))
      if (auto t = p.on_fill(f))
        trips.push_back(*t);
  };
  broker.on_trade(test::trade(100, 1, 1));
  broker.on_order(test::order("buy", side::buy, 10), 1);
  broker.on_order(test::order("tp", side::sell, 10, order_type::limit, 104), 1);
  for (std::int64_t ts = 2; ts < 30; ++ts)
    feed(broker.on_trade(test::trade(100 + 0.25 * static_cast<double>(ts), 10, ts)));
  CHECK(p.cash() == Approx(broker.cash()));
  CHECK(p.position_of("BTCUSDT").qty == Approx(broker.position("BTCUSDT")));
  REQUIRE(trips.size() == 1);
  CHECK(trips[0].qty == Approx(10));
  CHECK(trips[0].exit_price == Approx(104));
}
