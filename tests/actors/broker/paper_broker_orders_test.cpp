// The paper broker's execution model: timing, order types at their boundaries,
// participation and time in force.

#include <catch2/catch.hpp>

#include "actors/broker/paper_broker_state.hpp"
#include "broker_test_helpers.hpp"

using namespace tickline;
using namespace tickline::test;
using Catch::Detail::Approx;

TEST_CASE("an order fills only from market data stamped after its arrival", "[broker]") {
  paper_broker_state b{plain_broker()};
  b.on_trade(trade(100, 1, 500));  // the last price that values a market buy
  REQUIRE(only<order_ack>(b.on_order(order("a", side::buy, 1), 1000)).size() == 1);
  CHECK(b.on_trade(trade(100, 5, 999)).empty());   // older than the order
  CHECK(b.on_trade(trade(100, 5, 1000)).empty());  // same time as the order
  auto f = only<fill>(b.on_trade(trade(101, 5, 1001)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == 101);
  CHECK(f[0].qty == 1);
  CHECK(f[0].ts_ns == 1001);
  CHECK_FALSE(f[0].maker);
}

TEST_CASE("latency delays the first market data an order can use", "[broker]") {
  auto cfg = plain_broker();
  cfg.latency_ms = 5;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  const std::int64_t t = 1'000'000'000;
  b.on_order(order("a", side::buy, 1), t);
  CHECK(b.on_book(quote(99, 5, 100, 5, t + 4'999'999)).empty());
  CHECK(b.on_book(quote(99, 5, 100, 5, t + 5'000'000)).empty());  // exactly t + latency
  auto f = only<fill>(b.on_book(quote(99, 5, 100.5, 5, t + 5'000'001)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == 100.5);  // a market buy takes the ask
}

TEST_CASE("a bar fills only orders active by its open", "[broker]") {
  const std::int64_t minute = 60'000'000'000;
  paper_broker_state b{plain_broker()};
  b.on_bar(make_bar(0, 100, 101, 99, 100, 50));
  b.on_order(order("a", side::buy, 1), minute);  // placed at the first bar's close
  // A bar that opened before the order printed its prices before the order existed.
  CHECK(b.on_bar(make_bar(0, 100, 101, 99, 100, 50)).empty());
  auto f = only<fill>(b.on_bar(make_bar(minute, 102, 104, 101, 103, 50)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == 102);                  // the open
  CHECK(f[0].ts_ns == 2 * minute - 1);       // stamped at the bar's end

  auto cfg = plain_broker();
  cfg.latency_ms = 50;
  paper_broker_state slow{cfg};
  slow.on_bar(make_bar(0, 100, 101, 99, 100, 50));
  slow.on_order(order("a", side::buy, 1), minute);
  CHECK(slow.on_bar(make_bar(minute, 102, 104, 101, 103, 50)).empty());  // opened 50 ms early
  CHECK(only<fill>(slow.on_bar(make_bar(2 * minute, 103, 105, 102, 104, 50))).at(0).price == 103);
}

TEST_CASE("market orders pay slippage and take a share of each trade", "[broker]") {
  auto cfg = plain_broker();
  cfg.slippage_bps = 10;
  cfg.max_participation = 0.25;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("a", side::buy, 10), 1);
  auto f1 = only<fill>(b.on_trade(trade(100, 20, 2)));   // 0.25 * 20 = 5
  auto f2 = only<fill>(b.on_trade(trade(101, 8, 3)));    // 0.25 * 8 = 2
  auto f3 = only<fill>(b.on_trade(trade(102, 100, 4)));  // 25 available, 3 left
  REQUIRE(f1.size() == 1);
  REQUIRE(f2.size() == 1);
  REQUIRE(f3.size() == 1);
  CHECK(f1[0].qty == 5);
  CHECK(f1[0].price == Approx(100.1));     // 100 * (1 + 10 bps)
  CHECK(f2[0].qty == 2);
  CHECK(f2[0].price == Approx(101.101));
  CHECK(f3[0].qty == 3);
  CHECK(f3[0].price == Approx(102.102));
  auto st = b.on_query({"a", 0}, 5);
  CHECK(st.state == order_state::filled);
  CHECK(st.filled_qty == 10);
  // (5 * 100.1 + 2 * 101.101 + 3 * 102.102) / 10 = 1009.008 / 10
  CHECK(st.avg_price == Approx(100.9008));
  CHECK(b.on_trade(trade(100, 100, 6)).empty());
  CHECK(b.position("BTCUSDT") == 10);
}

TEST_CASE("market sells take the bid and its size; one side shares an event", "[broker]") {
  auto cfg = plain_broker();
  cfg.slippage_bps = 10;
  cfg.max_participation = 0.5;
  cfg.allow_short = true;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("s", side::sell, 4), 1);
  b.on_order(order("a", side::buy, 3), 1);
  b.on_order(order("b", side::buy, 3), 1);
  // Buys share 0.5 * 8 = 4 of the ask size: "a" (older) 3, "b" 1. The sell gets
  // 0.5 * 4 = 2 of the bid size at 99 * (1 - 10 bps).
  auto f = only<fill>(b.on_book(quote(99, 4, 99.5, 8, 2)));
  REQUIRE(f.size() == 3);
  CHECK(f[0].client_order_id == "s");
  CHECK(f[0].qty == 2);
  CHECK(f[0].price == Approx(98.901));
  CHECK(f[1].client_order_id == "a");
  CHECK(f[1].qty == 3);
  CHECK(f[1].price == Approx(99.5995));
  CHECK(f[2].client_order_id == "b");
  CHECK(f[2].qty == 1);
  CHECK(b.working_orders() == std::vector<std::string>{"s", "b"});
}

TEST_CASE("limit orders fill at their price when the market reaches it", "[broker]") {
  auto cfg = plain_broker();
  cfg.allow_short = true;
  cfg.max_participation = 0.5;
  paper_broker_state b{cfg};
  b.on_order(order("buy", side::buy, 1, order_type::limit, 100), 1);
  b.on_order(order("sell", side::sell, 1, order_type::limit, 105), 1);
  CHECK(b.on_trade(trade(100.01, 10, 2)).empty());
  CHECK(b.on_trade(trade(104.99, 10, 3)).empty());
  auto f = only<fill>(b.on_trade(trade(100, 10, 4)));  // at the limit
  REQUIRE(f.size() == 1);
  CHECK(f[0].client_order_id == "buy");
  CHECK(f[0].price == 100);
  CHECK(f[0].maker);
  f = only<fill>(b.on_trade(trade(106, 10, 5)));       // through the limit: still the limit
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == 105);

  b.on_order(order("q", side::buy, 4, order_type::limit, 100), 6);
  CHECK(b.on_book(quote(99.9, 10, 100.5, 10, 7)).empty());
  f = only<fill>(b.on_book(quote(99.5, 10, 100, 6, 8)));  // 0.5 * 6 = 3 of the ask size
  REQUIRE(f.size() == 1);
  CHECK(f[0].qty == 3);
  CHECK(f[0].price == 100);
  CHECK(b.on_bar(make_bar(100, 101, 103, 100.5, 102, 100)).empty());  // low above the limit
  f = only<fill>(b.on_bar(make_bar(200, 101, 103, 99.5, 102, 100)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].qty == 1);
  CHECK(f[0].price == 100);
}

TEST_CASE("stop orders trigger on a print at or through the stop, then fill as market",
          "[broker]") {
  auto cfg = plain_broker();
  cfg.allow_short = true;
  cfg.slippage_bps = 10;
  paper_broker_state b{cfg};
  b.on_order(order("up", side::buy, 1, order_type::stop, 0, 110), 1);
  b.on_order(order("down", side::sell, 1, order_type::stop, 0, 90), 1);
  CHECK(b.on_trade(trade(109.99, 10, 2)).empty());
  CHECK(b.on_book(quote(111, 10, 111.5, 10, 3)).empty());  // quotes do not trigger
  auto f = only<fill>(b.on_trade(trade(110, 10, 4)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].client_order_id == "up");
  CHECK(f[0].price == Approx(110.11));
  CHECK_FALSE(f[0].maker);
  CHECK(b.on_trade(trade(90.01, 10, 5)).empty());
  f = only<fill>(b.on_trade(trade(89, 10, 6)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == Approx(88.911));  // 89 * (1 - 10 bps)
}

TEST_CASE("a stop on a bar fills at the stop, or at the open when the bar gapped through",
          "[broker]") {
  auto cfg = plain_broker();
  cfg.slippage_bps = 10;
  paper_broker_state b{cfg};
  b.on_order(order("a", side::buy, 1, order_type::stop, 0, 110), 0);
  auto f = only<fill>(b.on_bar(make_bar(0, 105, 111, 104, 108, 100)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == Approx(110.11));   // 110 * (1 + 10 bps)
  b.on_order(order("b", side::buy, 1, order_type::stop, 0, 110), 60'000'000'000);
  f = only<fill>(b.on_bar(make_bar(60'000'000'000, 112, 115, 111, 114, 100)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == Approx(112.112));  // opened at 112, above the stop
}

TEST_CASE("a triggered stop keeps filling as a market order", "[broker]") {
  auto cfg = plain_broker();
  cfg.slippage_bps = 10;
  cfg.max_participation = 0.5;
  paper_broker_state b{cfg};
  b.on_order(order("a", side::buy, 4, order_type::stop, 0, 110), 1);
  auto f = only<fill>(b.on_trade(trade(110, 2, 2)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].qty == 1);
  f = only<fill>(b.on_trade(trade(108, 100, 3)));  // back below the stop: still fills
  REQUIRE(f.size() == 1);
  CHECK(f[0].qty == 3);
  CHECK(f[0].price == Approx(108.108));
}

TEST_CASE("a stop-limit becomes a limit once triggered", "[broker]") {
  auto cfg = plain_broker();
  cfg.allow_short = true;
  paper_broker_state b{cfg};
  b.on_order(order("a", side::buy, 1, order_type::stop_limit, 111, 110), 1);
  CHECK(b.on_trade(trade(109.5, 10, 2)).empty());
  CHECK(b.on_trade(trade(110.5, 10, 3)).empty());  // triggers; rests from the next event
  CHECK(b.on_trade(trade(111.5, 10, 4)).empty());  // above the limit
  auto f = only<fill>(b.on_trade(trade(111, 10, 5)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == 111);
  CHECK(f[0].maker);

  const std::int64_t minute = 60'000'000'000;
  b.on_order(order("s", side::sell, 1, order_type::stop_limit, 89, 90), 10 * minute);
  CHECK(b.on_bar(make_bar(10 * minute, 94, 95, 88, 93, 100)).empty());  // triggers only
  CHECK(b.on_bar(make_bar(11 * minute, 87, 88.9, 86, 88, 100)).empty()); // high below 89
  f = only<fill>(b.on_bar(make_bar(12 * minute, 88, 92, 87, 91, 100)));
  REQUIRE(f.size() == 1);
  CHECK(f[0].price == 89);
}

TEST_CASE("IOC keeps what the first event fills; FOK all or nothing; day is refused",
          "[broker]") {
  auto cfg = plain_broker();
  cfg.max_participation = 0.1;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("ioc", side::buy, 10, order_type::market, 0, 0, time_in_force::ioc), 1);
  auto ev = b.on_trade(trade(100, 20, 2));
  REQUIRE(only<fill>(ev).size() == 1);
  CHECK(only<fill>(ev)[0].qty == 2);
  auto st = only<order_status>(ev);
  REQUIRE(st.size() == 1);
  CHECK(st[0].state == order_state::cancelled);
  CHECK(st[0].filled_qty == 2);
  CHECK(st[0].reason == "ioc: the unfilled rest is cancelled");
  CHECK(b.working_orders().empty());

  b.on_order(order("ioc-limit", side::buy, 1, order_type::limit, 99, 0, time_in_force::ioc), 3);
  ev = b.on_trade(trade(100, 20, 4));
  CHECK(only<fill>(ev).empty());
  CHECK(only<order_status>(ev).at(0).state == order_state::cancelled);

  b.on_order(order("fok", side::buy, 10, order_type::market, 0, 0, time_in_force::fok), 5);
  ev = b.on_trade(trade(100, 50, 6));  // 5 available: nothing
  CHECK(only<fill>(ev).empty());
  CHECK(only<order_status>(ev).at(0).filled_qty == 0);
  b.on_order(order("fok2", side::buy, 10, order_type::market, 0, 0, time_in_force::fok), 7);
  ev = b.on_trade(trade(100, 100, 8));  // 10 available: all
  REQUIRE(only<fill>(ev).size() == 1);
  CHECK(only<fill>(ev)[0].qty == 10);
  CHECK(only<order_status>(ev).empty());

  auto rej = only<order_reject>(
    b.on_order(order("day", side::buy, 1, order_type::market, 0, 0, time_in_force::day), 9));
  REQUIRE(rej.size() == 1);
  CHECK(rej[0].reason == "time in force day is not supported by the paper broker");
}

TEST_CASE("an IOC stop waits for its trigger before it expires", "[broker]") {
  auto cfg = plain_broker();
  cfg.max_participation = 0.1;
  paper_broker_state b{cfg};
  b.on_order(order("a", side::buy, 10, order_type::stop, 0, 110, time_in_force::ioc), 1);
  CHECK(b.on_trade(trade(105, 20, 2)).empty());
  auto ev = b.on_trade(trade(110, 20, 3));
  CHECK(only<fill>(ev).at(0).qty == 2);
  CHECK(only<order_status>(ev).at(0).state == order_state::cancelled);
}

TEST_CASE("market data of one symbol fills only that symbol's orders", "[broker]") {
  paper_broker_state b{plain_broker(), {"BTCUSDT", "ETHUSDT"}};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("a", side::buy, 1), 1);
  CHECK(b.on_trade(trade(2000, 100, 2, "ETHUSDT")).empty());
  CHECK(only<fill>(b.on_trades({trade(2000, 1, 3, "ETHUSDT"), trade(100, 1, 4)})).size() == 1);
}

TEST_CASE("matching rules on their own", "[broker]") {
  const auto q = market_event::from(quote(99, 1, 101, 1, 10));
  CHECK_FALSE(stop_triggers(side::buy, 100, q));
  CHECK(q.after(9));
  CHECK_FALSE(q.after(10));
  CHECK(market_fill_price(side::buy, q, 0) == 101);
  CHECK_FALSE(market_fill_price(side::sell, market_event::from(quote(0, 0, 101, 1, 10)), 0));
  const auto b = market_event::from(make_bar(100, 10, 12, 9, 11, 5));
  CHECK(b.after(100));
  CHECK_FALSE(b.after(101));
  CHECK(stop_triggers(side::sell, 9, b));
  CHECK_FALSE(stop_triggers(side::sell, 8.99, b));
  CHECK(limit_fill_price(side::sell, 12, b) == 12);
  CHECK_FALSE(limit_fill_price(side::sell, 12.01, b));
  CHECK(*market_fill_price(side::sell, b, 100, 9.5) == Approx(9.5 * 0.99));  // open 10 > stop
}
