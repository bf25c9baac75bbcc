#include <catch2/catch.hpp>

#include <fstream>

#include "../../storage/temp_dir.hpp"
#include "actors/backtest/backtest_data.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s = 1'000'000'000;
constexpr std::int64_t jan1 = 1'704'067'200 * s;  // 2024-01-01T00:00:00Z
constexpr std::int64_t minute = 60 * s;

// A data directory for one test.
struct data_dir {
  test::temp_dir dir;
  std::string path() const { return dir.path().string(); }
  std::string file(const std::string& name) const { return (dir.path() / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream{file(name)} << text;
    return file(name);
  }
};

// Binance 1m klines opening at the given minutes after 2024-01-01.
std::string klines_at(std::initializer_list<int> minutes) {
  std::string out;
  for (int m : minutes) {
    auto open_ms = (jan1 + m * minute) / 1'000'000;
    out += std::to_string(open_ms) + ",100,101,99,100.5,10," + std::to_string(open_ms + 59'999)
           + ",1005,7,5,502.5,0\n";
  }
  return out;
}

// Binance trades at the given seconds after 2024-01-01.
std::string trades_at(std::initializer_list<int> seconds) {
  std::string out;
  int id = 0;
  for (int sec : seconds)
    out += std::to_string(++id) + ",100,1,100," + std::to_string((jan1 + sec * s) / 1'000'000)
           + ",false,true\n";
  return out;
}

backtest_data load(const std::string& path, std::optional<std::int64_t> from = {},
                   std::optional<std::int64_t> to = {}) {
  backtest_data_request r;
  r.path = path;
  r.from_ns = from;
  r.to_ns = to;
  return load_backtest_data(r);
}

} // namespace

TEST_CASE("backtest data: a directory of Binance files, symbols from the names", "[backtest_data]") {
  data_dir d;
  auto feb = d.write("BTCUSDT-1m-2024-02.csv", klines_at({60, 61, 62}));
  auto jan = d.write("BTCUSDT-1m-2024-01.csv", klines_at({0, 1, 2}));
  auto eth = d.write("ETHUSDT-trades-2024-01-01.csv", trades_at({30, 90, 150}));
  auto r = load(d.path());
  INFO(r.error);
  REQUIRE(r.ok());
  CHECK(r.warnings.empty());
  REQUIRE(r.symbols.size() == 2);
  CHECK(r.symbols[0].symbol == "BTCUSDT");
  CHECK(r.symbols[0].files == std::vector<std::string>{jan, feb});  // time order, not name order
  CHECK(r.symbols[0].format == csv_format::binance_klines);
  CHECK(r.symbols[0].timeframe_s == 60);
  CHECK(r.symbols[0].rows == 6);
  CHECK(r.symbols[0].end_ns == jan1 + 63 * minute);  // last bar's close
  CHECK(r.symbols[1].symbol == "ETHUSDT");
  CHECK(r.symbols[1].format == csv_format::binance_trades);
  CHECK(r.symbols[1].first_ns == jan1 + 30 * s);
  CHECK(r.from_ns == jan1);
  CHECK(r.to_ns == jan1 + 63 * minute);
  auto files = r.replay_files();
  REQUIRE(files.size() == 2);
  CHECK(files[1] == std::pair<std::string, std::vector<std::string>>{"ETHUSDT", {eth}});
  CHECK(symbol_from_file_name("BTCUSDT_1h.csv") == "BTCUSDT");
  CHECK(symbol_from_file_name("SOLUSDT.csv") == "SOLUSDT");
}

TEST_CASE("backtest data: errors name the place", "[backtest_data]") {
  data_dir d;
  CHECK(load(d.file("nope")).error == d.file("nope") + ": no such file or directory");
  d.write("README.txt", "not data");
  auto none = load(d.path());
  CHECK(none.error == d.path() + ": no data files (*.csv)");
  CHECK(none.warnings == std::vector<std::string>{d.file("README.txt") + ": skipped, not a .csv file"});

  data_dir u;
  u.write("AAA-1m.csv", klines_at({0}));
  u.write("BBB-1m.csv", "\n1,2,3\n");
  CHECK(load(u.path()).error == u.file("BBB-1m.csv") + ":2: unknown CSV format (3 columns, no header)");

  data_dir e;
  e.write("AAA-1m.csv", "");
  CHECK(load(e.path()).error == e.file("AAA-1m.csv") + ": empty market data file");

  data_dir bad;
  bad.write("AAA-1m.csv", "1704067200000,100,99,101,100,1,1704067259999,1,1,1,1,0\n");  // high < low
  CHECK(load(bad.path()).error == bad.file("AAA-1m.csv") + ": no usable row (1 skipped)");

  data_dir mixed;
  mixed.write("AAA-1m.csv", klines_at({0, 1}));
  mixed.write("AAA-trades.csv", trades_at({600}));
  CHECK(load(mixed.path()).error
        == "AAA: files of different formats: " + mixed.file("AAA-1m.csv") + " (binance_klines), "
             + mixed.file("AAA-trades.csv") + " (binance_trades)");

  data_dir overlap;
  overlap.write("AAA-1m-a.csv", klines_at({0, 1, 2}));
  overlap.write("AAA-1m-b.csv", klines_at({2, 3}));
  CHECK(load(overlap.path()).error
        == "AAA: files overlap in time: " + overlap.file("AAA-1m-a.csv")
             + " ends at 2024-01-01T00:03:00Z, " + overlap.file("AAA-1m-b.csv")
             + " starts at 2024-01-01T00:02:00Z");
}

TEST_CASE("backtest data: a window outside the data or backwards is an error", "[backtest_data]") {
  data_dir d;
  auto f = d.write("AAA-1m.csv", klines_at({0, 1, 2, 3}));  // covers 00:00 .. 00:04
  CHECK(load(f, jan1 + 2 * minute, jan1 + 2 * minute).error
        == "--from 2024-01-01T00:02:00Z must be before --to 2024-01-01T00:02:00Z");
  CHECK(load(f, jan1 + 4 * minute).error
        == "--from 2024-01-01T00:04:00Z is at or after the end of the data (the data covers "
           "2024-01-01T00:00:00Z .. 2024-01-01T00:04:00Z)");
  CHECK(load(f, {}, jan1).error
        == "--to 2024-01-01T00:00:00Z is at or before the start of the data (the data covers "
           "2024-01-01T00:00:00Z .. 2024-01-01T00:04:00Z)");
}

TEST_CASE("backtest data: a window past the data is clamped with a warning", "[backtest_data]") {
  data_dir d;
  d.write("AAA-1m.csv", klines_at({0, 1, 2, 3}));
  d.write("BBB-1m.csv", klines_at({3}));
  auto r = load(d.path(), jan1 - minute, jan1 + 2 * minute);
  INFO(r.error);
  REQUIRE(r.ok());
  CHECK(r.from_ns == jan1);
  CHECK(r.to_ns == jan1 + 2 * minute);
  REQUIRE(r.symbols.size() == 1);  // BBB starts after the window
  CHECK(r.symbols[0].rows == 2);
  CHECK(r.warnings
        == std::vector<std::string>{
          "--from 2023-12-31T23:59:00Z is before the start of the data; starting at 2024-01-01T00:00:00Z",
          "BBB: no data between 2024-01-01T00:00:00Z and 2024-01-01T00:02:00Z; left out"});
  auto late = load(d.path(), jan1 + 3 * minute, jan1 + 10 * minute);
  REQUIRE(late.ok());
  CHECK(late.to_ns == jan1 + 4 * minute);
  CHECK(late.warnings
        == std::vector<std::string>{
          "--to 2024-01-01T00:10:00Z is after the end of the data; ending at 2024-01-01T00:04:00Z"});
}

TEST_CASE("backtest data: gaps in klines and skipped rows are warnings", "[backtest_data]") {
  data_dir d;
  // Bars at minutes 0..9, then 17..19: minutes 10..16 are missing (7 bars); 20 then 23 (2).
  auto f = d.write("AAA-1m.csv", klines_at({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 18, 19, 20, 23})
                                   + "1704069000000,x,1,1,1,1,1,1,1,1,1,0\n");
  auto r = load(f);
  INFO(r.error);
  REQUIRE(r.ok());
  CHECK(r.symbols[0].rows == 15);
  CHECK(r.warnings
        == std::vector<std::string>{
          f + ": skipped 1 bad row(s), the first at " + f + ":16: a field is not a number or a time",
          "AAA: 7 bars missing from 2024-01-01T00:10:00Z to 2024-01-01T00:17:00Z (" + f + ")"});
  // A window after the gap does not warn about it.
  auto after = load(f, jan1 + 17 * minute);
  REQUIRE(after.ok());
  CHECK(after.warnings.size() == 1);
}
