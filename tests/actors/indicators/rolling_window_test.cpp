#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>

#include "actors/indicators/rolling_window.hpp"
#include "../snapshot.hpp"

using namespace tickline;
using Catch::Detail::Approx;

namespace {

// The reference: the window kept as a plain deque, statistics by two passes and a sort.
struct naive_window {
  std::size_t n;
  std::deque<double> xs;
  void push(double x) {
    xs.push_back(x);
    if (xs.size() > n)
      xs.pop_front();
  }
  double mean() const {
    double s = 0;
    for (double x : xs)
      s += x;
    return s / static_cast<double>(xs.size());
  }
  double m2() const {
    double m = mean(), s = 0;
    for (double x : xs)
      s += (x - m) * (x - m);
    return s;
  }
  std::size_t below(double x) const {
    return static_cast<std::size_t>(std::count_if(xs.begin(), xs.end(), [&](double v) { return v < x; }));
  }
  double median() const {
    std::vector<double> s(xs.begin(), xs.end());
    std::sort(s.begin(), s.end());
    auto k = s.size();
    return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
  }
};

} // namespace

TEST_CASE("rolling moments by hand", "[rolling]") {
  rolling_moments m{3};
  CHECK_FALSE(m.push(1).has_value());
  CHECK_FALSE(m.push(2).has_value());
  CHECK_FALSE(m.full());
  CHECK_FALSE(m.push(3).has_value());
  CHECK(m.full());
  CHECK(m.mean() == Approx(2));
  CHECK(m.svariance() == Approx(1));          // (1 + 0 + 1) / 2
  CHECK(m.pvariance() == Approx(2.0 / 3));    // (1 + 0 + 1) / 3
  CHECK(*m.push(7) == 1);                     // window 2, 3, 7
  CHECK(m.mean() == Approx(4));
  CHECK(m.svariance() == Approx((4.0 + 1 + 9) / 2));
}

TEST_CASE("a constant window has exactly zero deviation", "[rolling]") {
  rolling_moments m{4};
  for (double x : {1e9 + 0.3, 5.0, 1e-3, 0.1, 0.1, 0.1, 0.1})
    m.push(x);
  CHECK(m.constant());
  CHECK(m.svariance() == 0);
  CHECK(m.pstdev() == 0);
  m.push(0.2);
  CHECK_FALSE(m.constant());
  CHECK(m.sstdev() == Approx(0.05));  // 0.1, 0.1, 0.1, 0.2: m2 = 3*0.025^2 + 0.075^2
}

TEST_CASE("rolling moments and ranks agree with a plain recomputation", "[rolling]") {
  std::mt19937_64 rng{5};
  std::lognormal_distribution<double> size{8, 1.5};
  for (int n : {2, 7, 50}) {
    rolling_moments m{n};
    rolling_distribution d{n};
    naive_window ref{static_cast<std::size_t>(n), {}};
    for (int i = 0; i < 3000; ++i) {
      // Large values with small differences and repeats: a test of cancellation and ties.
      double x = i % 11 == 0 ? 1000.0 : 1e6 + std::floor(size(rng));
      m.push(x);
      d.push(x);
      ref.push(x);
      REQUIRE(m.size() == ref.xs.size());
      REQUIRE(m.mean() == Approx(ref.mean()).epsilon(1e-12));
      if (ref.xs.size() > 1)
        REQUIRE(m.svariance() == Approx(ref.m2() / (ref.xs.size() - 1)).epsilon(1e-9));
      double probe = 1e6 + std::floor(size(rng));
      REQUIRE(d.count_below(probe) == ref.below(probe));
      REQUIRE(d.count_below(x) == ref.below(x));
      REQUIRE(d.median() == ref.median());
      REQUIRE(d.moments().mean() == m.mean());
    }
  }
}

TEST_CASE("share_below is the percentile rank in the window", "[rolling]") {
  rolling_distribution d{4};
  CHECK(d.share_below(1) == 0);  // empty
  for (double x : {5.0, 1.0, 3.0, 3.0, 8.0})  // 5 leaves: 1, 3, 3, 8
    d.push(x);
  CHECK(d.size() == 4);
  CHECK(d.share_below(3) == 0.25);
  CHECK(d.share_below(4) == 0.75);
  CHECK(d.share_below(9) == 1.0);
  CHECK(d.median() == 3);
  d.push(std::nan(""));  // ignored
  CHECK(d.size() == 4);
}

TEST_CASE("rolling distribution survives a snapshot round trip", "[rolling][snapshot]") {
  rolling_distribution a{5};
  for (int i = 0; i < 13; ++i)
    a.push((i * 7) % 10);
  rolling_distribution b;
  test::load_state(test::save_state(a), b);
  CHECK(b.size() == 5);
  CHECK(b.median() == a.median());
  for (int i = 0; i < 20; ++i) {
    a.push(i % 4);
    b.push(i % 4);
    REQUIRE(b.count_below(2) == a.count_below(2));
    REQUIRE(b.moments().svariance() == a.moments().svariance());
  }
}

TEST_CASE("a ring from an older snapshot rebuilds the window", "[rolling][snapshot]") {
  rolling_distribution d;
  d.assign({1, 3, 1, 0}, 3, 3);  // three values held, the next goes to slot 3
  CHECK(d.size() == 3);
  CHECK(d.moments().mean() == Approx(5.0 / 3));
  CHECK(d.median() == 1);
  d.push(10);                    // fills the window: 1, 3, 1, 10
  d.push(2);                     // replaces the value in slot 0: 3, 1, 10, 2
  CHECK(d.moments().mean() == Approx(4));
  CHECK(d.count_below(3) == 2);
}
