#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "../../storage/temp_dir.hpp"
#include "actors/market_data/csv_market_data.hpp"
#include "actors/market_data/market_data_generator.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s = 1'000'000'000;
constexpr std::int64_t jan1 = 1'704'067'200 * s;  // 2024-01-01T00:00:00Z

std::string bytes_of(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

generate_request request(const std::string& dir, generated_kind kind, std::uint64_t seed) {
  generate_request r;
  r.out_dir = dir;
  r.symbols = 3;
  r.from_ns = jan1;
  r.to_ns = jan1 + 3600 * s;
  r.kind = kind;
  r.seed = seed;
  r.rate = 2;
  return r;
}

} // namespace

TEST_CASE("generate: the same seed writes the same bytes, another seed other bytes", "[generate]") {
  test::temp_dir a, b, c;
  auto fa = generate_market_data(request(a.path().string(), generated_kind::trades, 7));
  auto fb = generate_market_data(request(b.path().string(), generated_kind::trades, 7));
  auto fc = generate_market_data(request(c.path().string(), generated_kind::trades, 8));
  REQUIRE(fa.size() == 3);
  for (std::size_t i = 0; i < fa.size(); ++i) {
    auto x = bytes_of(fa[i].path);
    CHECK(x.size() > 100'000);  // ~7,200 rows of ~60 bytes
    CHECK(x == bytes_of(fb[i].path));
    CHECK(x != bytes_of(fc[i].path));
  }
}

TEST_CASE("generated trades read back with their counts and time range", "[generate]") {
  test::temp_dir dir;
  auto files = generate_market_data(request(dir.path().string(), generated_kind::trades, 7));
  REQUIRE(files.size() == 3);
  CHECK(files[0].symbol == "SYM000USDT");
  CHECK(files[2].path == (dir.path() / "SYM002USDT-trades-2024-01-01_2024-01-01T010000.csv").string());
  for (const auto& f : files) {
    auto d = read_market_csv(f.path, f.symbol);
    CHECK(d.format == csv_format::binance_trades);
    CHECK(d.problems.empty());
    REQUIRE(d.trades.size() == f.rows);
    // Poisson arrivals at 2/s for an hour: 7,200 expected, sd sqrt(7200) = 85.
    CHECK(std::abs(static_cast<double>(f.rows) - 7200) < 400);
    CHECK(d.trades.front().ts_ns == f.first_ns);
    CHECK(d.trades.back().ts_ns == f.last_ns);
    CHECK(f.first_ns >= jan1);
    CHECK(f.first_ns < jan1 + 10 * s);
    CHECK(f.last_ns < jan1 + 3600 * s);
    CHECK(f.last_ns > jan1 + 3590 * s);
    CHECK(d.trades.front().trade_id == 1);
    CHECK(d.trades.back().trade_id == static_cast<std::int64_t>(f.rows));
    // quote_qty = price x qty; the notional of an ordinary trade is about 1,000.
    CHECK(d.trades.front().price * d.trades.front().qty > 10);
  }
}

TEST_CASE("generated klines cover every minute and add up to the trades of the same seed", "[generate]") {
  test::temp_dir kd, td;
  auto klines = generate_market_data(request(kd.path().string(), generated_kind::klines, 7));
  auto trades = generate_market_data(request(td.path().string(), generated_kind::trades, 7));
  REQUIRE(klines.size() == 3);
  CHECK(klines[1].path == (kd.path() / "SYM001USDT-1m-2024-01-01_2024-01-01T010000.csv").string());
  for (std::size_t i = 0; i < klines.size(); ++i) {
    auto k = read_market_csv(klines[i].path, klines[i].symbol);
    auto t = read_market_csv(trades[i].path, trades[i].symbol);
    CHECK(k.format == csv_format::binance_klines);
    REQUIRE(k.bars.size() == 60);  // one per minute of the hour
    CHECK(klines[i].rows == 60);
    CHECK(k.timeframe_s == 60);
    CHECK(k.bars.front().open_ns == jan1);
    CHECK(k.bars.back().open_ns == jan1 + 59 * 60 * s);
    // The klines aggregate the very trades the trades file holds.
    std::int64_t count = 0;
    double volume = 0, traded = 0;
    for (const auto& b : k.bars) {
      count += b.trades;
      volume += b.volume;
      CHECK(b.low <= std::min(b.open, b.close));
      CHECK(b.high >= std::max(b.open, b.close));
    }
    for (const auto& x : t.trades)
      traded += x.qty;
    CHECK(count == static_cast<std::int64_t>(t.trades.size()));
    CHECK(volume == Approx(traded).epsilon(1e-6));
    CHECK(k.bars.front().open == Approx(t.trades.front().price).epsilon(1e-9));
    CHECK(k.bars.back().close == Approx(t.trades.back().price).epsilon(1e-9));
  }
}

TEST_CASE("generate requests are checked, naming the option", "[generate]") {
  generate_request r = request("unused", generated_kind::trades, 1);
  CHECK(check_generate_request(r).empty());
  r.symbols = 0;
  CHECK(check_generate_request(r) == "--symbols: expected 1..10000, got 0");
  r.symbols = 10001;
  CHECK(check_generate_request(r) == "--symbols: expected 1..10000, got 10001");
  r.symbols = 3;
  r.to_ns = r.from_ns;
  CHECK(check_generate_request(r)
        == "--from must be before --to (got 2024-01-01T00:00:00Z .. 2024-01-01T00:00:00Z)");
  r.to_ns = r.from_ns + 3600 * s;
  r.rate = 0;
  CHECK(check_generate_request(r) == "--rate: expected trades per second in (0, 1000], got 0.000000");
  r.rate = 1000;
  r.symbols = 10000;
  r.to_ns = r.from_ns + 365 * 86400 * s;
  CHECK(check_generate_request(r)
        == "about 315360000000000 trades requested (at most 2000000000): narrow --from/--to, or lower "
           "--symbols or --rate");
}

TEST_CASE("synthetic symbol names", "[generate]") {
  CHECK(synthetic_symbol(0, 100) == "SYM000USDT");
  CHECK(synthetic_symbol(42, 1000) == "SYM042USDT");
  CHECK(synthetic_symbol(42, 1001) == "SYM0042USDT");
}
