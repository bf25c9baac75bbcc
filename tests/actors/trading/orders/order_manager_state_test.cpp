// Order lifecycle, illegal and repeated events, refused intents, client order ids, and the
// snapshot round trip.

#include <cmath>
#include <set>

#include "orders_test_helpers.hpp"
#include "../../snapshot.hpp"

using namespace tickline;
using namespace tickline::test;

TEST_CASE("an order goes new, sent, acked, partially filled, filled", "[orders]") {
  om_driver d;
  CHECK(d(d.om.begin_session(1000)) == strings{"record session"});
  auto intent = make_intent("i1", "BTCUSDT", side::buy, 2);
  intent.type = order_type::limit;
  intent.limit_price = 100;
  const auto sent = d.om.on_intent(intent, 1100);
  REQUIRE(sent.size() == 1);
  CHECK(describe(sent[0]) == "send tl-1-1 buy limit qty=2 limit=100");
  CHECK(sent[0].request.ts_ns == 1100);
  CHECK(sent[0].journal_record.rfind("{\"type\":\"order\",\"id\":\"tl-1-1\"", 0) == 0);
  d(sent);
  const auto& o = *d.om.find("tl-1-1");
  CHECK(o.state == lifecycle::new_);
  d(d.om.on_sent("tl-1-1", 1110));
  CHECK(o.state == lifecycle::sent);
  CHECK(d(d.om.on_ack({"tl-1-1", "V1", 1200})) == strings{"record ack"});
  CHECK(o.state == lifecycle::acked);
  CHECK(o.venue_order_id == "V1");
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 0.5, 1300)));
  CHECK(o.state == lifecycle::partially_filled);
  CHECK(o.filled_qty == 0.5);
  CHECK(d.om.net_position("BTCUSDT") == 0.5);
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 99, 1.5, 1400)));
  CHECK(o.state == lifecycle::filled);
  // (0.5 x 100 + 1.5 x 99) / 2 = 198.5 / 2
  CHECK(o.avg_price == Approx(99.25));
  const auto pos = d.om.positions();
  REQUIRE(pos.size() == 1);
  CHECK(pos[0].symbol == "BTCUSDT");
  CHECK(pos[0].qty == 2);
  CHECK(pos[0].avg_price == Approx(99.25));
  CHECK(d.om.problems_total() == 0);
}

TEST_CASE("net positions follow buys and sells, through zero and across", "[orders]") {
  om_driver d;
  d(d.om.begin_session(1));
  d(d.om.on_intent(make_intent("b", "ETHUSDT", side::buy, 3), 2));
  d(d.om.on_intent(make_intent("s", "ETHUSDT", side::sell, 5), 3));
  d(d.om.on_fill(make_fill("tl-1-1", "ETHUSDT", side::buy, 10, 3, 4)));
  d(d.om.on_fill(make_fill("tl-1-2", "ETHUSDT", side::sell, 12, 3, 5)));
  CHECK(d.om.net_position("ETHUSDT") == 0);
  CHECK(d.om.positions().empty());
  d(d.om.on_fill(make_fill("tl-1-2", "ETHUSDT", side::sell, 11, 2, 6)));
  CHECK(d.om.net_position("ETHUSDT") == -2);
  CHECK(d.om.positions().at(0).avg_price == 11);
}

TEST_CASE("illegal events are reported and change nothing they should not", "[orders]") {
  om_driver d;
  d(d.om.begin_session(1));
  d(d.om.on_intent(make_intent("i1", "BTCUSDT", side::buy, 2), 2));
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 2, 3)));
  const auto& o = *d.om.find("tl-1-1");
  REQUIRE(o.state == lifecycle::filled);

  d(d.om.on_ack({"tl-1-1", "V1", 4}));
  CHECK(o.state == lifecycle::filled);
  CHECK(o.venue_order_id.empty());
  d(d.om.on_reject({"tl-1-1", "late", 5}));
  CHECK(o.state == lifecycle::filled);
  d(d.om.on_ack({"nope", "V2", 6}));
  d(d.om.on_status(make_status("nope", order_state::open, 1, 0, 0, 7)));
  // Money moved anyway: a fill for an unknown id counts in the net position (2 - 1).
  d(d.om.on_fill(make_fill("zz-9-9", "BTCUSDT", side::sell, 101, 1, 8)));
  CHECK(d.om.net_position("BTCUSDT") == 1);
  // Filled beyond its quantity: 2 + 0.5.
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 0.5, 9)));
  CHECK(o.filled_qty == 2.5);
  CHECK(d.om.net_position("BTCUSDT") == 1.5);
  // A status contradicting a terminal state.
  d(d.om.on_status(make_status("tl-1-1", order_state::open, 2, 2.5, 100, 10)));
  CHECK(o.state == lifecycle::filled);

  const strings expected{"ack after filled",
                         "reject after filled",
                         "ack for an unknown order",
                         "status for an unknown order",
                         "fill for an unknown order",
                         "fill beyond the order quantity",
                         "status open after filled"};
  REQUIRE(d.om.problems().size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    CHECK(d.om.problems()[i].what == expected[i]);
  CHECK(d.om.problems()[2].client_order_id == "nope");
  CHECK(d.om.problems()[4].ts_ns == 8);
  CHECK(d.om.problems_total() == 7);
}

TEST_CASE("repeated events are ignored", "[orders]") {
  om_driver d;
  d(d.om.begin_session(1));
  d(d.om.on_intent(make_intent("i1", "BTCUSDT", side::buy, 5), 2));
  d(d.om.on_ack({"tl-1-1", "V1", 3}));
  d(d.om.on_ack({"tl-1-1", "V1", 3}));
  const auto f = make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 1, 4);
  d(d.om.on_fill(f));
  d(d.om.on_fill(f));
  // Same qty and price at another time is another fill.
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 1, 5)));
  const auto stray = make_fill("xx-1-1", "BTCUSDT", side::buy, 100, 1, 6);
  d(d.om.on_fill(stray));
  d(d.om.on_fill(stray));
  CHECK(d.om.duplicates() == 3);
  CHECK(d.om.find("tl-1-1")->filled_qty == 2);
  CHECK(d.om.net_position("BTCUSDT") == 3); // 2 + the stray fill once
  CHECK(d.om.problems_total() == 1);        // the stray fill, reported once
}

TEST_CASE("bad broker numbers are reported, not journaled", "[orders]") {
  om_driver d;
  d(d.om.begin_session(1));
  d(d.om.on_intent(make_intent("i1", "BTCUSDT", side::buy, 5), 2));
  CHECK(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, std::nan(""), 1, 3)).empty());
  CHECK(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, -1, 4)).empty());
  CHECK(d.om.on_status(make_status("tl-1-1", order_state::open, 5, INFINITY, 0, 5)).empty());
  CHECK(d.om.problems_total() == 3);
  CHECK(d.om.find("tl-1-1")->filled_qty == 0);
}

TEST_CASE("the problem list keeps the most recent 100", "[orders]") {
  om_driver d;
  for (int i = 0; i < 150; ++i)
    d(d.om.on_ack({"x" + std::to_string(i), "", i}));
  CHECK(d.om.problems_total() == 150);
  REQUIRE(d.om.problems().size() == order_manager_state::max_problems);
  CHECK(d.om.problems().front().client_order_id == "x50");
  CHECK(d.om.problems().back().client_order_id == "x149");
}

TEST_CASE("invalid intents are refused with a reason", "[orders]") {
  om_driver d;
  CHECK(d(d.om.on_intent(make_intent("i0", "BTCUSDT", side::buy, 1), 1))
        == strings{"refuse i0 (no session)"});
  d(d.om.begin_session(2));
  auto limit = make_intent("i2", "BTCUSDT", side::buy, 1, 95, {110});
  limit.type = order_type::limit;
  auto stop_above_limit = limit;
  stop_above_limit.intent_id = "i3";
  stop_above_limit.limit_price = 90;
  auto stop = make_intent("i4", "BTCUSDT", side::sell, 1);
  stop.type = order_type::stop;
  CHECK(d(d.om.on_intent(make_intent("i1", "BTCUSDT", side::buy, 0), 3))
        == strings{"refuse i1 (quantity must be a finite number > 0)"});
  CHECK(d(d.om.on_intent(make_intent("i1", "BTCUSDT", side::buy, std::nan("")), 3))
        == strings{"refuse i1 (quantity must be a finite number > 0)"});
  CHECK(d(d.om.on_intent(make_intent("i1", "", side::buy, 1), 3))
        == strings{"refuse i1 (missing symbol)"});
  CHECK(d(d.om.on_intent(make_intent("", "BTCUSDT", side::buy, 1), 3))
        == strings{"refuse  (missing intent_id)"});
  CHECK(d(d.om.on_intent(limit, 3)) == strings{"refuse i2 (limit price must be > 0)"});
  limit.limit_price = 100;
  CHECK(d(d.om.on_intent(stop_above_limit, 3))
        == strings{"refuse i3 (stop loss on the wrong side of the limit price)"});
  CHECK(d(d.om.on_intent(stop, 3)) == strings{"refuse i4 (stop price must be > 0)"});
  // A buy's targets above its stop, a sell's below.
  CHECK(d(d.om.on_intent(make_intent("i5", "BTCUSDT", side::buy, 1, 95, {110, 94}), 3))
        == strings{"refuse i5 (take-profit on the wrong side of the stop loss)"});
  CHECK(d(d.om.on_intent(make_intent("i6", "BTCUSDT", side::sell, 1, 95, {96}), 3))
        == strings{"refuse i6 (take-profit on the wrong side of the stop loss)"});
  CHECK(d(d.om.on_intent(make_intent("i7", "BTCUSDT", side::sell, 1, -1), 3))
        == strings{"refuse i7 (stop loss must be >= 0)"});
  CHECK(d(d.om.on_intent(limit, 4)) == strings{"send tl-1-1 buy limit qty=1 limit=100"});
  CHECK(d(d.om.on_intent(limit, 5)) == strings{"refuse i2 (duplicate intent)"});
  CHECK(d.om.refused() == 12);
  CHECK(d.om.orders().size() == 1);
}

TEST_CASE("client order ids never repeat across sessions", "[orders]") {
  om_driver d;
  d(d.om.begin_session(1));
  std::set<std::string> ids;
  for (const auto* id : {"a", "b"}) {
    const auto sent = d.om.on_intent(make_intent(id, "BTCUSDT", side::buy, 1), 2);
    d(sent);
    ids.insert(sent.at(0).request.client_order_id);
    d(d.om.on_fill(make_fill(sent.at(0).request.client_order_id, "BTCUSDT", side::buy, 100, 1, 3)));
  }
  CHECK(ids == std::set<std::string>{"tl-1-1", "tl-1-2"});
  for (int restart = 2; restart <= 4; ++restart) {
    auto again = d.replayed();
    CHECK(again.session() == static_cast<std::uint64_t>(restart - 1));
    d.om = std::move(again);
    d(d.om.begin_session(restart * 10));
    CHECK(d.om.session() == static_cast<std::uint64_t>(restart));
    const auto sent = d.om.on_intent(make_intent("r" + std::to_string(restart), "BTCUSDT",
                                                 side::buy, 1), restart * 10 + 1);
    d(sent);
    REQUIRE(sent.size() == 1);
    const auto id = sent[0].request.client_order_id;
    CHECK(id == "tl-" + std::to_string(restart) + "-1");
    CHECK(ids.insert(id).second);
    d(d.om.on_fill(make_fill(id, "BTCUSDT", side::buy, 100, 1, restart * 10 + 2)));
  }
  CHECK(ids.size() == 5);
}

TEST_CASE("a replay without a new session continues the sequence", "[orders]") {
  om_driver d;
  d(d.om.begin_session(1));
  d(d.om.on_intent(make_intent("a", "BTCUSDT", side::buy, 1), 2));
  d(d.om.on_intent(make_intent("b", "BTCUSDT", side::buy, 1), 3));
  auto again = d.replayed();
  CHECK_FALSE(again.reconciling());
  CHECK(describe(again.on_intent(make_intent("c", "BTCUSDT", side::buy, 1), 4))
        == strings{"send tl-1-3 buy market qty=1"});
}

TEST_CASE("order manager state survives a snapshot round trip", "[orders][snapshot]") {
  auto d = bracket_session();
  d(d.om.on_ack({"tl-1-1", "V1", 1200}));
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 4, 1300)));
  d(d.om.on_ack({"nope", "V9", 1400}));
  const auto bytes = save_state(d.om);
  order_manager_state copy{test_orders_config()};
  load_state(bytes, copy);
  CHECK(save_state(copy) == bytes);
  CHECK(copy.session() == 1);
  REQUIRE(copy.orders().size() == 4); // entry, stop, two targets
  CHECK(copy.find("tl-1-1")->filled_qty == 4);
  CHECK(copy.find("tl-1-1")->venue_order_id == "V1");
  CHECK(copy.find("tl-1-2")->spec.request.stop_price == 95);
  CHECK(copy.find_bracket("tl-1-1")->exit_ids == strings{"tl-1-2", "tl-1-3", "tl-1-4"});
  CHECK(copy.net_position("BTCUSDT") == 4);
  CHECK(copy.problems_total() == 1);
  // The copy goes on where the original was: the next id is the same.
  CHECK(describe(copy.on_intent(make_intent("i2", "ETHUSDT", side::sell, 1), 1500))
        == strings{"send tl-1-5 sell market qty=1"});
}
