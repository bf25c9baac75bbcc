#include <catch2/catch.hpp>

#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "orders_test_helpers.hpp"
#include "messages/decode_limit.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

// A long of 10 in BTCUSDT with a stop at 95, filled, then stopped out at `exit_ns`:
// entry tl-1-1, stop tl-1-2. The bracket is over.
void round_trip(om_driver& d, std::int64_t exit_ns) {
  d(d.om.begin_session(1));
  d(d.om.on_intent(make_intent("a", "BTCUSDT", side::buy, 10, 95), 2));
  d(d.om.on_ack({"tl-1-1", "V1", 3}));
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 10, 4)));
  d(d.om.on_ack({"tl-1-2", "V2", 5}));
  d(d.om.on_fill(make_fill("tl-1-2", "BTCUSDT", side::sell, 95, 10, exit_ns)));
}

} // namespace

TEST_CASE("retire_done forgets brackets that are over and old, never one still open",
          "[orders][checkpoint]") {
  om_driver d;
  round_trip(d, 10 * second_ns);
  // A second bracket, still open: its entry filled, its stop working.
  d(d.om.on_intent(make_intent("b", "ETHUSDT", side::buy, 5, 9), 11 * second_ns));
  d(d.om.on_ack({"tl-1-3", "V3", 11 * second_ns}));
  d(d.om.on_fill(make_fill("tl-1-3", "ETHUSDT", side::buy, 10, 5, 12 * second_ns)));
  REQUIRE(d.om.orders().size() == 4);
  // Too recent: the stop filled at 10 s, nothing older than 5 s is over.
  CHECK(d.om.retire_done(5 * second_ns) == 0);
  CHECK(d.om.retire_done(hour_ns) == 2);  // tl-1-1 and tl-1-2
  CHECK(d.om.retired() == 2);
  CHECK_FALSE(d.om.find("tl-1-1"));
  CHECK_FALSE(d.om.find_bracket("tl-1-1"));
  REQUIRE(d.om.find("tl-1-3"));
  REQUIRE(d.om.find("tl-1-4"));  // the open bracket's stop stays
  CHECK(d.om.find_bracket("tl-1-3"));
  CHECK(d.om.net_position("ETHUSDT") == 5);
  CHECK(d.om.net_position("BTCUSDT") == 0);
  // Ours and issued, not held: retired. Not ours, or never issued: not.
  CHECK(d.om.is_retired("tl-1-1"));
  CHECK_FALSE(d.om.is_retired("tl-1-3"));   // held
  CHECK_FALSE(d.om.is_retired("tl-1-99"));  // not issued yet
  CHECK_FALSE(d.om.is_retired("tl-2-1"));   // a later session
  CHECK_FALSE(d.om.is_retired("xx-1-1"));
  CHECK_FALSE(d.om.is_retired("tl-1-1x"));
  // A repeat of the retired stop's fill is not booked: the position does not move.
  d(d.om.on_fill(make_fill("tl-1-2", "BTCUSDT", side::sell, 95, 10, 20 * second_ns)));
  CHECK_FALSE(d.om.last_booked());
  CHECK(d.om.net_position("BTCUSDT") == 0);
  CHECK(d.om.problems().back().what == "fill for a retired order ignored");
  // A fill for an order that was never ours still moves the position (money moved).
  d(d.om.on_fill(make_fill("elsewhere-7", "BTCUSDT", side::buy, 95, 1, 21 * second_ns)));
  CHECK(d.om.net_position("BTCUSDT") == 1);
}

TEST_CASE("the count of retired orders survives a snapshot of the state", "[orders][checkpoint]") {
  om_driver d;
  round_trip(d, 10 * second_ns);
  REQUIRE(d.om.retire_done(hour_ns) == 2);
  std::stringstream ss;
  {
    cereal::PortableBinaryOutputArchive ar{ss};
    ar(d.om);
  }
  order_manager_state back{test_orders_config()};
  {
    cereal::PortableBinaryInputArchive ar{ss};
    ar(back);
  }
  CHECK(back.retired() == 2);
  CHECK(back.is_retired("tl-1-2"));
  CHECK(back.orders().empty());
}
