#include <catch2/catch.hpp>

#include "actors/market_data/synthetic_market_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s = 1'000'000'000;
constexpr std::int64_t t0 = 1'700'000'000 * s;

feed_config config() {
  feed_config f;
  f.name = "syn";
  f.seed = 7;
  f.ticks_per_second = 500;
  f.whale_probability = 0.01;
  f.regime_switch_probability = 0.01;
  return f;
}

const std::vector<std::string> symbols{"AAA", "BBB", "CCC"};

// Generates [t0, t0 + total) in `slices` equal parts; returns every trade, per symbol.
std::vector<std::vector<trade_tick>> run(synthetic_market_state& m, std::int64_t from,
                                         std::int64_t total, int slices) {
  std::vector<std::vector<trade_tick>> all(symbols.size()), batch;
  for (int i = 1; i <= slices; ++i) {
    m.generate_until(from + total * i / slices, batch);
    for (std::size_t k = 0; k < batch.size(); ++k)
      all[k].insert(all[k].end(), batch[k].begin(), batch[k].end());
  }
  return all;
}

bool same(const std::vector<std::vector<trade_tick>>& a,
          const std::vector<std::vector<trade_tick>>& b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].size() != b[k].size())
      return false;
    for (std::size_t i = 0; i < a[k].size(); ++i)
      if (a[k][i].price != b[k][i].price || a[k][i].qty != b[k][i].qty
          || a[k][i].ts_ns != b[k][i].ts_ns || a[k][i].aggressor != b[k][i].aggressor)
        return false;
  }
  return true;
}

} // namespace

TEST_CASE("trades depend on the seed, not on how generation is sliced", "[synthetic]") {
  synthetic_market_state one{config(), symbols, t0};
  synthetic_market_state many{config(), symbols, t0};
  auto a = run(one, t0, 10 * s, 1);
  auto b = run(many, t0, 10 * s, 37);
  CHECK(same(a, b));
  auto other = config();
  other.seed = 8;
  synthetic_market_state c{other, symbols, t0};
  CHECK_FALSE(same(a, run(c, t0, 10 * s, 1)));
}

TEST_CASE("trades are well formed and arrive at about the configured rate", "[synthetic]") {
  synthetic_market_state m{config(), symbols, t0};
  auto all = run(m, t0, 20 * s, 40);
  for (std::size_t k = 0; k < all.size(); ++k) {
    const auto& xs = all[k];
    // Poisson with mean 10,000: five standard deviations either way.
    CHECK(xs.size() > 9500);
    CHECK(xs.size() < 10500);
    std::int64_t prev = t0 - 1;
    for (const auto& t : xs) {
      REQUIRE(t.symbol == symbols[k]);
      REQUIRE(t.price > 0);
      REQUIRE(t.qty > 0);
      REQUIRE(t.ts_ns > prev);
      REQUIRE(t.ts_ns < t0 + 20 * s);
      prev = t.ts_ns;
    }
  }
  // 30,000 trades at 1 % whales.
  CHECK(m.whales_generated() > 200);
  CHECK(m.whales_generated() < 420);
  CHECK(m.cursor_ns() == t0 + 20 * s);
}

TEST_CASE("a restored market continues exactly where the snapshot was taken", "[synthetic][snapshot]") {
  synthetic_market_state a{config(), symbols, t0};
  run(a, t0, 5 * s, 5);
  synthetic_market_state b;
  test::load_state(test::save_state(a), b);
  CHECK(b.symbols() == symbols);
  CHECK(b.cursor_ns() == a.cursor_ns());
  CHECK(b.price(1) == a.price(1));
  CHECK(same(run(a, t0 + 5 * s, 5 * s, 3), run(b, t0 + 5 * s, 5 * s, 7)));
}

namespace {

// A quiet market (tiny steps, no regime changes, no whales) so that gaps and bursts stand
// out in what is measured.
feed_config quiet() {
  auto f = config();
  f.volatility = 1e-6;
  f.regime_switch_probability = 0;
  f.whale_probability = 0;
  f.gap_probability = 0;
  f.burst_probability = 0;
  return f;
}

// Log returns between consecutive trades, split by whether a boundary of the 50 ms grid
// from t0 lies between the two trades.
struct returns_by_slice {
  std::vector<double> across, within;
  std::uint64_t boundaries = 0;  // grid boundaries up to each symbol's last trade
};

returns_by_slice split_returns(const std::vector<std::vector<trade_tick>>& all) {
  constexpr std::int64_t slice = 50'000'000;
  returns_by_slice r;
  for (const auto& xs : all) {
    for (std::size_t i = 1; i < xs.size(); ++i) {
      double ret = std::log(xs[i].price / xs[i - 1].price);
      bool crossed = (xs[i].ts_ns - t0) / slice != (xs[i - 1].ts_ns - t0) / slice;
      (crossed ? r.across : r.within).push_back(ret);
    }
    r.boundaries += static_cast<std::uint64_t>((xs.back().ts_ns - t0) / slice);
  }
  return r;
}

double rms(const std::vector<double>& xs) {
  double s = 0;
  for (double x : xs)
    s += x * x;
  return std::sqrt(s / static_cast<double>(xs.size()));
}

double max_abs(const std::vector<double>& xs) {
  double m = 0;
  for (double x : xs)
    m = std::max(m, std::fabs(x));
  return m;
}

} // namespace

TEST_CASE("with gap probability 1 the price jumps at every slice boundary", "[synthetic]") {
  auto f = quiet();
  f.gap_probability = 1;
  f.gap_sigma = 0.05;
  synthetic_market_state m{f, symbols, t0};
  auto r = split_returns(run(m, t0, 20 * s, 40));
  // 3 symbols x 399 boundaries before their last trade, each crossed by one pair of trades
  // (at 500 trades/s a 50 ms slice without a trade has probability e^-25).
  CHECK(r.boundaries == 3 * 399);
  CHECK(m.gaps_generated() == r.boundaries);
  REQUIRE(r.across.size() == r.boundaries);
  // Across a boundary the return is the gap, N(0, 0.05^2): the RMS of 1,197 of them is
  // within 10 % of 0.05 (its standard error is about 2 %).
  CHECK(rms(r.across) == Approx(0.05).epsilon(0.1));
  CHECK(max_abs(r.within) < 1e-4);  // steps of sigma 1e-6 inside a slice
}

TEST_CASE("with gap probability 0 there are no gaps", "[synthetic]") {
  synthetic_market_state m{quiet(), symbols, t0};
  auto r = split_returns(run(m, t0, 20 * s, 40));
  CHECK(m.gaps_generated() == 0);
  CHECK(max_abs(r.across) < 1e-4);
  CHECK(max_abs(r.within) < 1e-4);
}

TEST_CASE("with burst probability 1 every trade is in a one-sided burst of large trades", "[synthetic]") {
  auto f = quiet();
  f.burst_probability = 1;
  f.burst_length = 5;
  synthetic_market_state m{f, symbols, t0};
  auto all = run(m, t0, 4 * s, 8);
  std::uint64_t bursts = 0;
  int side_changes = 0;
  for (const auto& xs : all) {
    bursts += (xs.size() + 4) / 5;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      // whale_multiplier x the mean notional of 1,000.
      REQUIRE(xs[i].price * xs[i].qty == Approx(50 * 1000.0).epsilon(1e-12));
      if (i % 5 != 0)
        REQUIRE(xs[i].aggressor == xs[i - 1].aggressor);  // one side within a burst
      else if (i > 0)
        side_changes += xs[i].aggressor != xs[i - 1].aggressor;
    }
  }
  CHECK(m.bursts_generated() == bursts);
  CHECK(side_changes > 100);  // each burst picks its side: about half of 1,200 change
}

TEST_CASE("with burst probability 0 there are no bursts", "[synthetic]") {
  synthetic_market_state m{quiet(), symbols, t0};
  auto all = run(m, t0, 4 * s, 8);
  CHECK(m.bursts_generated() == 0);
  double largest = 0;
  for (const auto& xs : all)
    for (const auto& t : xs)
      largest = std::max(largest, t.price * t.qty);
  // Ordinary sizes: notional 1,000 x exp(0.6 Z - 0.18); 25,000 needs Z > 5.6.
  CHECK(largest < 25'000);
  CHECK(largest > 3'000);
}

TEST_CASE("gaps and bursts do not depend on slicing and survive a snapshot", "[synthetic][snapshot]") {
  auto f = config();
  f.gap_probability = 0.3;
  f.burst_probability = 0.05;
  f.burst_length = 7;
  synthetic_market_state one{f, symbols, t0}, many{f, symbols, t0};
  auto a = run(one, t0, 5 * s, 1);
  auto b = run(many, t0, 5 * s, 23);
  CHECK(same(a, b));
  CHECK(one.gaps_generated() > 0);
  CHECK(one.bursts_generated() > 0);
  CHECK(many.gaps_generated() == one.gaps_generated());
  // Mid-stream (likely mid-burst): a restored copy continues exactly.
  synthetic_market_state copy;
  test::load_state(test::save_state(one), copy);
  CHECK(copy.gaps_generated() == one.gaps_generated());
  CHECK(same(run(one, t0 + 5 * s, 5 * s, 3), run(copy, t0 + 5 * s, 5 * s, 11)));
  CHECK(copy.bursts_generated() == one.bursts_generated());
}

TEST_CASE("a version-1 market snapshot restores and starts gaps on a grid from its cursor", "[synthetic][snapshot]") {
  auto f = quiet();
  synthetic_market_state a{f, symbols, t0};
  run(a, t0, 1 * s, 2);
  // Version 2 appended slice_ms (8 bytes), gap and burst settings (3 x 8 + 4), the two
  // counters (2 x 8) and per symbol the next boundary, the burst left and its side (13).
  auto bytes = test::save_state(a);
  REQUIRE(bytes[1] == 2);
  f.gap_probability = 1;
  f.gap_sigma = 0.05;
  synthetic_market_state b{f, symbols, t0};
  test::load_state(test::as_version(bytes, 1, 8 + 28 + 16 + 3 * 13), b);
  CHECK(b.cursor_ns() == a.cursor_ns());
  CHECK(b.price(2) == a.price(2));
  CHECK(b.gaps_generated() == 0);
  run(b, t0 + 1 * s, 1 * s, 2);
  // The configured gaps, on a grid from the cursor: 1.05 s ... 1.95 s after t0, 19 each.
  CHECK(b.gaps_generated() == 3 * 19);
}

TEST_CASE("a market of one symbol at first_index draws as that symbol of the whole market", "[synthetic]") {
  synthetic_market_state whole{config(), symbols, t0};
  synthetic_market_state third{config(), {"CCC"}, t0, 2};
  auto all = run(whole, t0, 5 * s, 3);
  std::vector<std::vector<trade_tick>> alone;
  third.generate_until(t0 + 5 * s, alone);
  REQUIRE(all[2].size() > 1000);  // 500/s for 5 s
  CHECK(same({all[2]}, alone));
  CHECK_FALSE(same({all[1]}, alone));
}
