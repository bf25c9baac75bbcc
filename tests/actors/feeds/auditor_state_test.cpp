#include <catch2/catch.hpp>

#include "actors/feeds/auditor_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

TEST_CASE("a source is up on its first heartbeat, lost after its limit, back on the next", "[auditor]") {
  auditor_state a;
  a.watch("feed:x", 1'000);
  CHECK(a.check(5'000).empty());  // never seen: nothing to lose yet
  auto up = a.on_heartbeat({"feed:x", 1, 10'000});
  REQUIRE(up.size() == 1);
  CHECK(up[0].connected);
  CHECK(up[0].reason == "first heartbeat since start");
  CHECK(a.on_heartbeat({"feed:x", 2, 10'500}).empty());
  CHECK(a.check(11'500).empty());  // exactly the limit: still up
  auto lost = a.check(11'501);
  REQUIRE(lost.size() == 1);
  CHECK_FALSE(lost[0].connected);
  CHECK(lost[0].source == "feed:x");
  CHECK(a.check(20'000).empty());  // reported once
  auto back = a.on_heartbeat({"feed:x", 3, 30'000});
  REQUIRE(back.size() == 1);
  CHECK(back[0].connected);
  CHECK(back[0].reconnects == 1);
  CHECK(a.sources().at("feed:x").heartbeats == 3);

  auditor_state copy;
  test::load_state(test::save_state(a), copy);
  CHECK(copy.sources().at("feed:x").reconnects == 1);
  CHECK(copy.sources().at("feed:x").limit_ns == 1'000);
}

TEST_CASE("a source that never sends data is lost after its limit; waiting is not lost",
          "[auditor]") {
  auditor_state a;
  a.watch("feed:x", 1'000);
  a.watch("broker:paper", 3'000);
  CHECK(a.current().empty());  // both waiting: a subscriber hears nothing yet
  CHECK(a.check(5'000).empty());      // the first check starts the wait
  CHECK(a.on_heartbeat({"broker:paper", 1, 5'500}).size() == 1);
  CHECK(a.check(6'000).empty());      // exactly the limit: still waiting
  auto lost = a.check(6'001);
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].source == "feed:x");
  CHECK_FALSE(lost[0].connected);
  CHECK(lost[0].reason == "no data within 0.0 s of the start");
  CHECK(a.check(8'000).empty());      // reported once
  const auto now = a.current();
  REQUIRE(now.size() == 2);
  CHECK(now[0].source == "broker:paper");
  CHECK(now[0].connected);
  CHECK_FALSE(now[1].connected);
  // Its first data later: up, and it had been lost (a reconnect).
  auto up = a.on_heartbeat({"feed:x", 1, 8'500});
  REQUIRE(up.size() == 1);
  CHECK(up[0].connected);
  CHECK(up[0].reconnects == 1);
}

TEST_CASE("after a restart every source waits again, whatever the snapshot said", "[auditor]") {
  auditor_state a;
  a.watch("feed:x", 1'000);
  a.on_heartbeat({"feed:x", 1, 10'000});
  auditor_state restored;
  test::load_state(test::save_state(a), restored);
  restored.restarted();
  // The snapshot's "up" with a heartbeat long ago is not a loss at the first check.
  CHECK(restored.current().empty());
  CHECK(restored.check(500'000).empty());
  CHECK(restored.on_heartbeat({"feed:x", 2, 500'100}).size() == 1);
  CHECK(restored.sources().at("feed:x").reconnects == 0);
  CHECK(restored.sources().at("feed:x").heartbeats == 2);
}
