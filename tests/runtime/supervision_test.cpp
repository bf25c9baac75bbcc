#include <catch2/catch.hpp>

#include "runtime/supervision.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t ms = 1'000'000;
constexpr std::int64_t s = 1'000'000'000;

using indices = std::vector<std::size_t>;

supervisor_flags backoff(std::int64_t min_ns, std::int64_t max_ns) {
  supervisor_flags f;
  f.backoff_min_ns = min_ns;
  f.backoff_max_ns = max_ns;
  return f;
}

} // namespace

TEST_CASE("should_restart follows the OTP restart types", "[runtime][supervision]") {
  CHECK(should_restart(restart_type::permanent, false));
  CHECK(should_restart(restart_type::permanent, true));
  CHECK_FALSE(should_restart(restart_type::transient, false));
  CHECK(should_restart(restart_type::transient, true));
  CHECK_FALSE(should_restart(restart_type::temporary, false));
  CHECK_FALSE(should_restart(restart_type::temporary, true));
}

TEST_CASE("affected_children follows the OTP strategies", "[runtime][supervision]") {
  CHECK(affected_children(restart_strategy::one_for_one, 1, 4) == indices{1});
  CHECK(affected_children(restart_strategy::one_for_all, 1, 4) == indices{0, 1, 2, 3});
  CHECK(affected_children(restart_strategy::rest_for_one, 1, 4) == indices{1, 2, 3});

  CHECK(affected_children(restart_strategy::one_for_one, 0, 1) == indices{0});
  CHECK(affected_children(restart_strategy::one_for_all, 3, 4) == indices{0, 1, 2, 3});
  CHECK(affected_children(restart_strategy::rest_for_one, 0, 3) == indices{0, 1, 2});
  CHECK(affected_children(restart_strategy::rest_for_one, 3, 4) == indices{3});
  // An index past the children affects nobody.
  CHECK(affected_children(restart_strategy::one_for_one, 4, 4).empty());
  CHECK(affected_children(restart_strategy::rest_for_one, 5, 4).empty());
}

TEST_CASE("restart intensity allows `intensity` restarts per period", "[runtime][supervision]") {
  restart_intensity ri{2, 10 * s};
  CHECK(ri.record(0));
  CHECK(ri.record(1 * s));
  CHECK(ri.recent() == 2);
  CHECK_FALSE(ri.record(9 * s));  // third within 10 s: give up
  CHECK(ri.recent() == 3);
}

TEST_CASE("restarts leave the window after one period", "[runtime][supervision]") {
  restart_intensity ri{2, 10 * s};
  CHECK(ri.record(0));
  CHECK(ri.record(4 * s));
  // Exactly one period after the first: that one no longer counts (OTP).
  CHECK(ri.record(10 * s));
  CHECK(ri.recent() == 2);
  // 4 s and 10 s are both still inside the window: a third now is one too many.
  CHECK_FALSE(ri.record(10 * s + 1));
}

TEST_CASE("restarts spread out never escalate", "[runtime][supervision]") {
  restart_intensity ri{2, 10 * s};
  for (int i = 0; i < 20; ++i)
    CHECK(ri.record(i * 6 * s));  // at most two inside any 10 s window
  CHECK(ri.recent() == 2);
}

TEST_CASE("restart intensity 0 refuses the first restart", "[runtime][supervision]") {
  restart_intensity ri{0, 5 * s};
  CHECK_FALSE(ri.record(123));
}

TEST_CASE("OTP default intensity: one restart per 5 s", "[runtime][supervision]") {
  restart_intensity ri;
  CHECK(ri.record(0));
  CHECK_FALSE(ri.record(5 * s - 1));
}

TEST_CASE("backoff is 0 when off", "[runtime][supervision]") {
  supervisor_flags off;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    CHECK(backoff_delay_ns(off, attempt, 0.0) == 0);
    CHECK(backoff_delay_ns(off, attempt, 0.99) == 0);
  }
  CHECK(backoff_delay_ns(backoff(0, 1 * s), 3, 0.5) == 0);
}

TEST_CASE("backoff doubles up to the cap", "[runtime][supervision]") {
  auto f = backoff(100 * ms, 1 * s);
  CHECK(backoff_delay_ns(f, 1, 1.0) == 100 * ms);
  CHECK(backoff_delay_ns(f, 2, 1.0) == 200 * ms);
  CHECK(backoff_delay_ns(f, 3, 1.0) == 400 * ms);
  CHECK(backoff_delay_ns(f, 4, 1.0) == 800 * ms);
  CHECK(backoff_delay_ns(f, 5, 1.0) == 1 * s);
  CHECK(backoff_delay_ns(f, 10, 1.0) == 1 * s);
  CHECK(backoff_delay_ns(f, 1000, 1.0) == 1 * s);
  // Equal jitter: the lower half of the delay is fixed.
  CHECK(backoff_delay_ns(f, 1, 0.0) == 50 * ms);
  CHECK(backoff_delay_ns(f, 3, 0.0) == 200 * ms);
  CHECK(backoff_delay_ns(f, 3, 0.5) == 300 * ms);
  CHECK(backoff_delay_ns(f, 9, 0.0) == 500 * ms);
}

TEST_CASE("backoff always stays within [min/2, max]", "[runtime][supervision]") {
  auto f = backoff(30 * ms, 2 * s);
  for (int attempt = 1; attempt <= 10; ++attempt) {
    std::int64_t prev_low = 0;
    for (double r : {0.0, 0.01, 0.25, 0.5, 0.75, 0.999, 1.0}) {
      auto d = backoff_delay_ns(f, attempt, r);
      CHECK(d >= 15 * ms);
      CHECK(d <= 2 * s);
      CHECK(d >= prev_low);  // monotone in the draw
      prev_low = d;
    }
  }
}

TEST_CASE("supervisor flags convert config seconds and milliseconds to ns",
          "[runtime][supervision]") {
  restart_policy_config cfg;
  cfg.strategy = "rest_for_one";
  cfg.intensity = 3;
  cfg.period_s = 2.5;
  cfg.backoff_min_ms = 20;
  cfg.backoff_max_ms = 1500;
  auto f = supervisor_flags::from_config(cfg);
  CHECK(f.strategy == restart_strategy::rest_for_one);
  CHECK(f.intensity == 3);
  CHECK(f.period_ns == 2'500'000'000);
  CHECK(f.backoff_min_ns == 20'000'000);
  CHECK(f.backoff_max_ns == 1'500'000'000);

  auto d = supervisor_flags::from_config(restart_policy_config{});
  CHECK(d.strategy == restart_strategy::one_for_one);
  CHECK(d.intensity == 1);
  CHECK(d.period_ns == 5 * s);
  CHECK(d.backoff_min_ns == 0);
  CHECK(d.backoff_max_ns == 0);
}

TEST_CASE("parse_strategy accepts the three OTP names only", "[runtime][supervision]") {
  CHECK(parse_strategy("one_for_one") == restart_strategy::one_for_one);
  CHECK(parse_strategy("one_for_all") == restart_strategy::one_for_all);
  CHECK(parse_strategy("rest_for_one") == restart_strategy::rest_for_one);
  CHECK_FALSE(parse_strategy(""));
  CHECK_FALSE(parse_strategy("simple_one_for_one"));
  CHECK_FALSE(parse_strategy("One_For_One"));
  CHECK_FALSE(parse_strategy("one_for_one "));
  for (auto x : {restart_strategy::one_for_one, restart_strategy::one_for_all,
                 restart_strategy::rest_for_one})
    CHECK(parse_strategy(to_string(x)) == x);
  CHECK(to_string(restart_type::transient) == "transient");
}
