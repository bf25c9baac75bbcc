// Exit groups in the paper broker: a take-profit's fill lowers its group's stop, the
// stop's fill cancels the group's take-profits, reduce-only exits need no short capacity,
// and the groups survive both kinds of snapshot.

#include <catch2/catch.hpp>

#include "../../storage/temp_dir.hpp"
#include "../snapshot.hpp"
#include "actors/broker/paper_broker_state.hpp"
#include "actors/broker/paper_broker_store.hpp"
#include "broker_test_helpers.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

order_request exit_order(std::string id, double qty, order_type type, double price,
                         std::string group = "g") {
  auto o = order(std::move(id), side::sell, qty, type, type == order_type::limit ? price : 0,
                 type == order_type::stop ? price : 0);
  o.reduce_only = true;
  o.exit_group = std::move(group);
  return o;
}

// Long 10 at 100 with short selling off; stop 10 at 95, targets 5 at 110 and 5 at 120.
paper_broker_state long_with_exits() {
  auto cfg = plain_broker();
  cfg.allow_short = false;
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 0));  // a price to value the market buy
  b.on_order(order("entry", side::buy, 10), 1);
  REQUIRE(only<fill>(b.on_trade(trade(100, 10, 2))).size() == 1);
  // Together they sell 20 of the 10 held: each is accepted, as each closes no more than
  // the position (the group keeps them within it).
  for (const auto& o : {exit_order("stop", 10, order_type::stop, 95),
                        exit_order("tp1", 5, order_type::limit, 110),
                        exit_order("tp2", 5, order_type::limit, 120)}) {
    const auto ev = b.on_order(o, 3);
    INFO(o.client_order_id);
    REQUIRE(only<order_ack>(ev).size() == 1);
  }
  return b;
}

std::string describe(const broker_event& e) {
  if (const auto* f = std::get_if<fill>(&e))
    return "fill " + f->client_order_id + " " + std::to_string(f->qty);
  if (const auto* s = std::get_if<order_status>(&e))
    return "status " + s->client_order_id + " " + to_string(s->state) + " qty "
           + std::to_string(s->qty) + " (" + s->reason + ")";
  return "other";
}

std::vector<std::string> describe(const std::vector<broker_event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    out.push_back(describe(e));
  return out;
}

} // namespace

TEST_CASE("a take-profit's fill lowers its group's stop, reported before the fill",
          "[broker][exit_group]") {
  auto b = long_with_exits();
  CHECK(describe(b.on_trade(trade(110, 3, 10)))
        == std::vector<std::string>{
          "status stop open qty 7.000000 (exit group: a take-profit filled)",
          "fill tp1 3.000000"});
  CHECK(b.ledger().find("stop")->remaining() == 7);
  CHECK(b.position("BTCUSDT") == 7);
  CHECK(b.reserved(side::sell, "BTCUSDT") == 7 + 2 + 5);
  // The rest of the first target, then 3 of the second: the stop is what is left.
  b.on_trade(trade(110, 2, 11));
  b.on_trade(trade(120, 3, 12));
  CHECK(b.ledger().find("stop")->remaining() == 2);
  CHECK(b.position("BTCUSDT") == 2);
  // The last 2: the stop is netted to nothing and cancelled.
  CHECK(describe(b.on_trade(trade(120, 2, 13)))
        == std::vector<std::string>{
          "status stop cancelled qty 2.000000 (exit group: a take-profit filled)",
          "fill tp2 2.000000"});
  CHECK(b.position("BTCUSDT") == 0);
  CHECK(b.working_orders().empty());
  CHECK(b.reserved(side::sell, "BTCUSDT") == 0);
  CHECK(b.ledger().audit().empty());
}

TEST_CASE("a stop's fill cancels its group's take-profits, reported after the fill",
          "[broker][exit_group]") {
  auto b = long_with_exits();
  b.on_trade(trade(110, 5, 10));  // tp1 whole: the stop is 5
  CHECK(describe(b.on_trade(trade(94, 100, 11)))
        == std::vector<std::string>{"fill stop 5.000000",
                                    "status tp2 cancelled qty 5.000000 (exit group: its stop filled)"});
  CHECK(b.position("BTCUSDT") == 0);
  CHECK(b.working_orders().empty());
  // A price back at the target sells nothing: nothing oversold.
  CHECK(b.on_trade(trade(125, 100, 12)).empty());
  CHECK(b.position("BTCUSDT") == 0);
}

TEST_CASE("groups are apart: one position's fills leave another group's orders alone",
          "[broker][exit_group]") {
  auto b = long_with_exits();
  b.on_order(order("entry2", side::buy, 4), 4);
  b.on_trade(trade(100, 4, 5));
  b.on_order(exit_order("stop2", 4, order_type::stop, 90, "h"), 6);
  b.on_trade(trade(110, 5, 10));
  CHECK(b.ledger().find("stop")->remaining() == 5);
  CHECK(b.ledger().find("stop2")->remaining() == 4);
}

TEST_CASE("reduce-only exits need no short capacity; other sells still do",
          "[broker][exit_group]") {
  auto b = long_with_exits();
  // Working exits hold 20 of the 10 held; a plain sell of 1 finds nothing available.
  const auto plain = b.on_order(order("plain", side::sell, 1), 5);
  REQUIRE(only<order_reject>(plain).size() == 1);
  CHECK(only<order_reject>(plain)[0].reason.find("short selling is off") != std::string::npos);
  // A reduce-only exit that would not reduce is still refused.
  auto flat = plain_broker();
  flat.allow_short = false;
  paper_broker_state none{flat};
  const auto refused = none.on_order(exit_order("x", 1, order_type::limit, 110), 1);
  REQUIRE(only<order_reject>(refused).size() == 1);
  CHECK(only<order_reject>(refused)[0].reason.find("would not reduce") != std::string::npos);
}

TEST_CASE("exit groups survive the full snapshot and the incremental store",
          "[broker][exit_group][snapshot]") {
  auto b = long_with_exits();
  paper_broker_state full{plain_broker()};
  load_state(save_state(b), full);
  CHECK(full.ledger().find("stop")->request.exit_group == "g");
  CHECK(full.ledger().find("tp2")->request.exit_group == "g");
  CHECK(full.ledger().find("entry")->request.exit_group.empty());

  temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  paper_broker_store books{db, "broker:paper"};
  books.save(b);
  paper_broker_state back{plain_broker()};
  REQUIRE(books.load(back));
  CHECK(back.ledger().find("tp1")->request.exit_group == "g");
  // The restored broker nets a target's fill against the stop as the original would.
  back.on_trade(trade(110, 5, 10));
  CHECK(back.ledger().find("stop")->remaining() == 5);
}
