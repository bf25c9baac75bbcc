#include <catch2/catch.hpp>

#include "actors/synthetic_market_state.hpp"
#include "snapshot.hpp"

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
