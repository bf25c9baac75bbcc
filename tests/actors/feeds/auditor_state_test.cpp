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
  CHECK(up[0].reason == "first heartbeat");
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
