#include <catch2/catch.hpp>

#include "actors/ops/chaos_state.hpp"

using namespace tickline;

TEST_CASE("chaos picks the same victims at the same times for the same seed", "[chaos]") {
  chaos_state a{5, 42}, b{5, 42}, c{5, 43};
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    auto da = a.next_delay_ns();
    CHECK(da == b.next_delay_ns());
    auto pa = a.pick(10);
    CHECK(pa == b.pick(10));
    CHECK(pa < 10);
    differs = differs || da != c.next_delay_ns() || pa != c.pick(10);
  }
  CHECK(differs);
  CHECK(a.crashes() == 100);
}

TEST_CASE("chaos delays average one over the rate", "[chaos]") {
  chaos_state s{5, 7};
  double sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    auto d = s.next_delay_ns();
    REQUIRE(d > 0);
    sum += static_cast<double>(d);
  }
  // Exponential with mean 200 ms: the sample mean of 20,000 is within 3 % with
  // overwhelming probability.
  CHECK(sum / n == Approx(200'000'000).epsilon(0.03));
}
