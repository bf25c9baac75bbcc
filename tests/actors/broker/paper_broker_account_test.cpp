// The paper broker's account: fees, balances, refusals, duplicates, cancels, queries, the
// ledger and snapshots.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>

#include "actors/broker/paper_broker_state.hpp"
#include "broker_test_helpers.hpp"
#include "../snapshot.hpp"

using namespace tickline;
using namespace tickline::test;
using Catch::Detail::Approx;

namespace {

std::string reject_reason(paper_broker_state& b, const order_request& req) {
  auto r = only<order_reject>(b.on_order(req, 10));
  return r.size() == 1 ? r[0].reason : "(accepted)";
}

} // namespace

TEST_CASE("limit fills pay the maker fee, market fills the taker fee", "[broker]") {
  auto cfg = plain_broker(10'000);
  cfg.maker_fee_bps = 2;
  cfg.taker_fee_bps = 5;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("limit", side::buy, 2, order_type::limit, 100), 1);
  b.on_order(order("market", side::buy, 1), 1);
  auto f = only<fill>(b.on_trade(trade(100, 10, 2)));
  REQUIRE(f.size() == 2);
  CHECK(f[0].maker);
  CHECK(f[0].fee == Approx(0.04));   // 2 * 100 * 0.0002
  CHECK_FALSE(f[1].maker);
  CHECK(f[1].fee == Approx(0.05));   // 1 * 100 * 0.0005
  CHECK(b.cash() == Approx(10'000 - 200 - 0.04 - 100 - 0.05));
  CHECK(b.position("BTCUSDT") == 3);
}

TEST_CASE("orders that cannot be afforded are rejected", "[broker]") {
  auto cfg = plain_broker(1'000);
  cfg.maker_fee_bps = 10;
  paper_broker_state b{cfg};
  // 10 * 100 * 1.001 = 1001 > 1000.
  CHECK(reject_reason(b, order("a", side::buy, 10, order_type::limit, 100))
        == "insufficient balance: needs 1001 USDT, available 1000 USDT");
  CHECK(only<order_ack>(b.on_order(order("b", side::buy, 9, order_type::limit, 100), 10))
          .size() == 1);  // 900.9
  // The working order holds 900.9 of the cash: 100.1 needed, 99.1 available.
  CHECK(reject_reason(b, order("c", side::buy, 1, order_type::limit, 100))
        == "insufficient balance: needs 100.1 USDT, available 99.1 USDT");
  CHECK(reject_reason(b, order("d", side::sell, 1)) ==
        "insufficient BTCUSDT: selling 1, available 0 (short selling is off)");
  CHECK(reject_reason(b, order("e", side::buy, 0.1)) ==
        "no market price for BTCUSDT yet to value a market order");

  cfg.allow_short = true;
  paper_broker_state shorting{cfg};
  CHECK(reject_reason(shorting, order("d", side::sell, 1)) == "(accepted)");
}

TEST_CASE("sells are limited to what is held, less working sells", "[broker]") {
  paper_broker_state b{plain_broker()};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("buy", side::buy, 3), 1);
  b.on_trade(trade(100, 10, 2));
  REQUIRE(b.position("BTCUSDT") == 3);
  CHECK(reject_reason(b, order("s1", side::sell, 2, order_type::limit, 120)) == "(accepted)");
  CHECK(reject_reason(b, order("s2", side::sell, 1.5, order_type::limit, 120))
        == "insufficient BTCUSDT: selling 1.5, available 1 (short selling is off)");
}

TEST_CASE("a fill is capped by the cash at that moment", "[broker]") {
  paper_broker_state b{plain_broker(1'000)};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("a", side::buy, 9), 1);   // valued at 900
  auto ev = b.on_trade(trade(200, 100, 2));  // the price doubled: 1000 / 200 = 5 affordable
  auto f = only<fill>(ev);
  REQUIRE(f.size() == 1);
  CHECK(f[0].qty == Approx(5));
  auto st = only<order_status>(ev);
  REQUIRE(st.size() == 1);
  CHECK(st[0].state == order_state::cancelled);
  CHECK(st[0].reason == "insufficient balance");
  CHECK(b.cash() == Approx(0).margin(1e-9));
}

TEST_CASE("bad orders are rejected with the reason", "[broker]") {
  paper_broker_state b{plain_broker(), {"BTCUSDT"}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(reject_reason(b, order("q0", side::buy, 0, order_type::limit, 100))
        == "quantity must be positive and finite, got 0");
  CHECK(reject_reason(b, order("q1", side::buy, -1, order_type::limit, 100))
        == "quantity must be positive and finite, got -1");
  CHECK(reject_reason(b, order("q2", side::buy, nan, order_type::limit, 100))
        == "quantity must be positive and finite, got nan");
  CHECK(reject_reason(b, order("q3", side::buy, inf, order_type::limit, 100))
        == "quantity must be positive and finite, got inf");
  CHECK(reject_reason(b, order("l", side::buy, 1, order_type::limit, 0))
        == "limit price must be positive and finite, got 0");
  CHECK(reject_reason(b, order("s", side::buy, 1, order_type::stop, 0, nan))
        == "stop price must be positive and finite, got nan");
  CHECK(reject_reason(b, order("sl", side::buy, 1, order_type::stop_limit, 100, 0))
        == "stop price must be positive and finite, got 0");
  auto eth = order("u", side::buy, 1, order_type::limit, 100);
  eth.symbol = "ETHUSDT";
  CHECK(reject_reason(b, eth) == "unknown symbol \"ETHUSDT\"");
  CHECK(reject_reason(b, order("", side::buy, 1, order_type::limit, 100))
        == "empty client_order_id");
  auto reduce = order("r", side::buy, 1, order_type::limit, 100);
  reduce.reduce_only = true;
  CHECK(reject_reason(b, reduce) == "reduce-only order would not reduce the position (0)");
  CHECK(b.working_orders().empty());
  CHECK(b.cash() == 1'000'000);
}

TEST_CASE("a client order id executes once", "[broker]") {
  paper_broker_state b{plain_broker()};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("a", side::buy, 1), 1);
  b.on_trade(trade(100, 10, 2));
  CHECK(reject_reason(b, order("a", side::buy, 1)) == "duplicate client_order_id");
  CHECK(reject_reason(b, order("a", side::buy, 5, order_type::limit, 90))
        == "duplicate client_order_id");
  CHECK(b.on_trade(trade(90, 10, 3)).empty());
  CHECK(b.position("BTCUSDT") == 1);
  CHECK(b.ledger().fills_of("a").size() == 1);
  CHECK(b.ledger().find("a")->request.qty == 1);  // the first order is untouched

  // A rejected id is used up as well.
  CHECK(reject_reason(b, order("z", side::buy, 0)) != "(accepted)");
  CHECK(reject_reason(b, order("z", side::buy, 1)) == "duplicate client_order_id");
  CHECK(b.on_query({"z", 0}, 11).state == order_state::rejected);
}

TEST_CASE("cancelling a partially filled order keeps its fills", "[broker]") {
  auto cfg = plain_broker();
  cfg.max_participation = 0.1;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("a", side::buy, 10), 1);
  REQUIRE(only<fill>(b.on_trade(trade(100, 20, 2))).at(0).qty == 2);
  auto st = only<order_status>(b.on_cancel({"a", "operator", 3}, 3));
  REQUIRE(st.size() == 1);
  CHECK(st[0].state == order_state::cancelled);
  CHECK(st[0].filled_qty == 2);
  CHECK(st[0].avg_price == 100);
  CHECK(st[0].reason == "operator");
  CHECK(b.on_trade(trade(100, 100, 4)).empty());
  CHECK(b.position("BTCUSDT") == 2);
  // Cancelling again, or an order that is done, answers with where it stands.
  CHECK(only<order_status>(b.on_cancel({"a", "", 5}, 5)).at(0).state == order_state::cancelled);
  auto unknown = only<order_status>(b.on_cancel({"nope", "", 6}, 6));
  CHECK(unknown.at(0).state == order_state::unknown);
}

TEST_CASE("queries say where each order stands", "[broker]") {
  auto cfg = plain_broker();
  cfg.latency_ms = 1;
  cfg.max_participation = 0.5;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("a", side::buy, 4), 0);
  b.on_order(order("x", side::buy, -4), 0);
  CHECK(b.on_query({"none", 0}, 5).state == order_state::unknown);
  CHECK(b.on_query({"a", 0}, 1'000'000).state == order_state::pending_new);
  auto open = b.on_query({"a", 0}, 1'000'001);
  CHECK(open.state == order_state::open);
  CHECK(open.venue_order_id == "paper-1");
  CHECK(open.qty == 4);
  CHECK(open.symbol == "BTCUSDT");
  b.on_trade(trade(100, 4, 2'000'000));
  auto part = b.on_query({"a", 0}, 2'000'001);
  CHECK(part.state == order_state::partially_filled);
  CHECK(part.filled_qty == 2);
  CHECK(part.ts_ns == 2'000'001);
  b.on_trade(trade(102, 4, 3'000'000));
  auto done = b.on_query({"a", 0}, 3'000'001);
  CHECK(done.state == order_state::filled);
  CHECK(done.avg_price == Approx(101));  // (2 * 100 + 2 * 102) / 4
  auto rejected = b.on_query({"x", 0}, 4);
  CHECK(rejected.state == order_state::rejected);
  CHECK(rejected.reason == "quantity must be positive and finite, got -4");
}

TEST_CASE("reduce-only orders stop at flat", "[broker]") {
  auto cfg = plain_broker();
  cfg.allow_short = true;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("long", side::buy, 2), 1);
  b.on_trade(trade(100, 10, 2));
  auto r = order("r", side::sell, 5);
  r.reduce_only = true;
  b.on_order(r, 3);
  auto ev = b.on_trade(trade(100, 10, 4));
  CHECK(only<fill>(ev).at(0).qty == 2);
  CHECK(only<order_status>(ev).at(0).reason == "reduce-only: the position is flat");
  CHECK(b.position("BTCUSDT") == 0);
}

TEST_CASE("the ledger: positions and cash are the sum of the fills", "[broker]") {
  auto cfg = plain_broker(50'000);
  cfg.max_participation = 0.3;
  cfg.taker_fee_bps = 7;
  cfg.maker_fee_bps = 3;
  cfg.slippage_bps = 4;
  cfg.allow_short = true;
  paper_broker_state b{cfg, {"BTCUSDT", "ETHUSDT"}};
  b.on_trade(trade(100, 1, 1));
  b.on_trade(trade(2000, 1, 1, "ETHUSDT"));
  b.on_order(order("1", side::buy, 7), 1);
  b.on_order(order("2", side::sell, 3, order_type::limit, 103), 1);
  auto eth = order("3", side::sell, 2);
  eth.symbol = "ETHUSDT";
  b.on_order(eth, 1);
  b.on_order(order("4", side::buy, 2, order_type::stop, 0, 104), 1);
  double p = 100;
  for (std::int64_t ts = 2; ts < 40; ++ts) {
    p += (ts % 5 < 3) ? 0.8 : -0.7;  // drifts up to about 108
    b.on_trade(trade(p, 5, ts));
    b.on_trade(trade(20 * p, 2, ts, "ETHUSDT"));
  }
  CHECK(b.ledger().audit() == "");
  // The same sums, by hand from the fills.
  double cash = 50'000;
  std::map<std::string, double> held;
  std::map<std::string, double> filled;
  for (const auto& f : b.ledger().fills()) {
    const double q = f.sd == side::buy ? f.qty : -f.qty;
    cash -= q * f.price + f.fee;
    held[f.symbol] += q;
    filled[f.client_order_id] += f.qty;
  }
  CHECK(b.cash() == Approx(cash));
  CHECK(b.position("BTCUSDT") == Approx(held["BTCUSDT"]));
  CHECK(b.position("ETHUSDT") == Approx(-2));
  CHECK(filled["1"] == Approx(7));
  CHECK(filled["2"] == Approx(3));
  CHECK(filled["4"] == Approx(2));
  CHECK(b.ledger().fills().size() > 4);  // participation split them
}

TEST_CASE("the ledger audit finds an order filled twice", "[broker]") {
  broker_ledger l{1000};
  l.record(order("a", side::buy, 1), "v1", order_state::open, "", 1);
  const fill f{"a", "BTCUSDT", side::buy, 100, 1, 0, false, 2, {}};
  l.book(f);
  CHECK(l.audit() == "");
  l.book(f);
  CHECK(l.audit() == "order a filled 2 of 1\n");
  CHECK(l.cash() == 800);
}

TEST_CASE("a broker snapshot keeps working orders, balances and the ledger", "[broker]") {
  auto cfg = plain_broker(10'000);
  cfg.max_participation = 0.5;
  cfg.taker_fee_bps = 5;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("m", side::buy, 10), 1);
  b.on_order(order("l", side::buy, 5, order_type::limit, 95), 1);
  b.on_order(order("sl", side::buy, 1, order_type::stop_limit, 111, 110), 1);
  b.on_trade(trade(100, 4, 2));      // "m" fills 2
  b.on_trade(trade(110.5, 0, 3));    // "sl" triggers, nothing trades
  b.on_order(order("bad", side::buy, 0), 4);

  paper_broker_state copy{cfg};
  load_state(save_state(b), copy);
  CHECK(copy.cash() == b.cash());
  CHECK(copy.position("BTCUSDT") == 2);
  CHECK(copy.working_orders() == std::vector<std::string>{"m", "l", "sl"});
  CHECK(copy.ledger().fills().size() == 1);
  CHECK(copy.on_query({"m", 0}, 5).filled_qty == 2);
  CHECK(copy.on_query({"bad", 0}, 5).state == order_state::rejected);
  CHECK(reject_reason(copy, order("m", side::buy, 1)) == "duplicate client_order_id");
  // Both go on the same way: "m" 8 more at 101, "l" not reached, "sl" (a limit now) at 111.
  for (auto* x : {&b, &copy}) {
    auto f = only<fill>(x->on_trade(trade(101, 40, 6)));
    REQUIRE(f.size() == 2);
    CHECK(f[0].client_order_id == "m");
    CHECK(f[0].qty == 8);
    CHECK(f[1].client_order_id == "sl");
    CHECK(f[1].price == 111);
  }
  CHECK(copy.cash() == Approx(b.cash()));
  CHECK(copy.ledger().audit() == "");
}
