#include <catch2/catch.hpp>

#include <chrono>

#include "runtime/clock.hpp"

using namespace tickline;

TEST_CASE("simulated clock moves only when told, never backwards", "[runtime]") {
  sim_clock c{1000};
  CHECK(c.simulated());
  CHECK(c.now_ns() == 1000);
  c.advance_ns(500);
  CHECK(c.now_ns() == 1500);
  c.set_ns(1200);  // earlier: ignored
  CHECK(c.now_ns() == 1500);
  c.set_ns(9000);
  CHECK(c.now_ns() == 9000);
  c.advance_ns(-5);
  CHECK(c.now_ns() == 9000);
}

TEST_CASE("wall clock reads the system's real time", "[runtime]") {
  wall_clock c;
  CHECK_FALSE(c.simulated());
  auto sys = std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(std::llabs(c.now_ns() - sys) < 1'000'000'000);
}
