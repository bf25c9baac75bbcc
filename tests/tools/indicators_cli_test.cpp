#include <catch2/catch.hpp>

#include <sstream>

#include "process.hpp"

using namespace tickline::test;

// `tickline indicators` on the formats it reads, and on bad input.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  std::string l;
  while (std::getline(in, l))
    out.push_back(l);
  return out;
}

// Binance klines: 12 columns, no header; `unit` = 1 for ms, 1000 for µs timestamps.
std::string klines(int n, long long unit) {
  std::ostringstream os;
  const long long t0 = 1704067200000LL;  // 2024-01-01T00:00:00Z in ms
  for (int i = 0; i < n; ++i) {
    double c = 100 + i;
    os << (t0 + i * 60000LL) * unit << ',' << c - 0.5 << ',' << c + 1 << ',' << c - 1 << ','
       << c << ",10," << (t0 + i * 60000LL + 59999) * unit << ",1000,42,5,500,0\n";
  }
  return os.str();
}

} // namespace

TEST_CASE("indicators on Binance klines, in ms and in µs", "[indicators]") {
  for (long long unit : {1LL, 1000LL}) {
    temp_dir dir;
    dir.write("k.csv", klines(30, unit));
    auto r = run({tickline_bin, "indicators", "--data", "k.csv", "--indicators", "sma(3),ema(3)"},
                 dir.path());
    INFO(r.err);
    REQUIRE(r.status == 0);
    auto rows = lines(r.out);
    REQUIRE(rows.size() == 31);
    CHECK(rows[0] == "open_time,close,sma_3,ema_3");
    CHECK(rows[1] == "1704067200000,100,,");   // warming up
    CHECK(rows[3] == "1704067320000,102,101,101");
    CHECK(rows[4] == "1704067380000,103,102,102");
  }
}

TEST_CASE("indicators aggregate klines into a longer timeframe", "[indicators]") {
  temp_dir dir;
  dir.write("k.csv", klines(30, 1));
  auto r = run({tickline_bin, "indicators", "--data", "k.csv", "--timeframe", "5m",
                "--indicators", "sma(2)"},
               dir.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto rows = lines(r.out);
  REQUIRE(rows.size() == 7);                    // 30 one-minute bars = 6 five-minute bars
  CHECK(rows[1] == "1704067200000,104,");       // closes of minutes 0..4: last is 104
  CHECK(rows[2] == "1704067500000,109,106.5");
}

TEST_CASE("indicators on a generic OHLCV file with a header", "[indicators]") {
  temp_dir dir;
  dir.write("g.csv", "timestamp,open,high,low,close,volume\n"
                     "2024-01-01 00:00:00,1,2,0.5,1.5,10\n"
                     "2024-01-01 01:00:00,1.5,2.5,1,2,10\n"
                     "2024-01-01 02:00:00,2,3,1.5,2.5,10\n"
                     "2024-01-01 03:00:00,2,3,-1,2.5,10\n"
                     "2024-01-01 04:00:00,2.5,3.5,2,3,10\n");
  auto r = run({tickline_bin, "indicators", "--data", "g.csv", "--indicators", "sma(2)"},
               dir.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto rows = lines(r.out);
  REQUIRE(rows.size() == 5);  // the row with a negative low is skipped
  CHECK(rows[2] == "1704070800000,2,1.75");
  CHECK(rows[4] == "1704081600000,3,2.75");
  CHECK(r.err.find("g.csv:5: skipped: prices must be > 0") != std::string::npos);
}

TEST_CASE("indicators reject bad input with a clear message and exit 2", "[indicators]") {
  temp_dir dir;
  dir.write("k.csv", klines(5, 1));
  dir.write("empty.csv", "");
  dir.write("odd.csv", "1,2,3\n4,5,6\n");
  struct bad {
    std::vector<std::string> args;
    const char* expected;
  };
  std::vector<bad> cases{
    {{"--data", "missing.csv"}, "missing.csv: cannot open"},
    {{"--data", "empty.csv"}, "empty.csv: empty market data file"},
    {{"--data", "odd.csv"}, "odd.csv:1: unknown CSV format (3 columns, no header)"},
    {{"--data", "k.csv", "--indicators", "sma(0)"}, "--indicators:"},
    {{"--data", "k.csv", "--indicators", "wma(5)"}, "--indicators:"},
    {{"--data", "k.csv", "--timeframe", "90s"}, "not a multiple of the data's 1m bars"},
    {{"--data", "k.csv", "--timeframe", "soon"}, "--timeframe: expected whole seconds"},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.insert(args.begin(), {tickline_bin, "indicators"});
    auto r = run(args, dir.path());
    INFO(c.expected << "\n" << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("indicators write the regime by name and no z-score for flat volume", "[indicators]") {
  temp_dir dir;
  dir.write("k.csv", klines(8, 1));  // closes 100, 101, ...: a ramp; volume 10 every bar
  auto r = run({tickline_bin, "indicators", "--data", "k.csv", "--indicators",
                "volz(3),regime(3)"},
               dir.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto rows = lines(r.out);
  REQUIRE(rows.size() == 9);
  CHECK(rows[0] == "open_time,close,vol_z_3,regime");
  CHECK(rows[5] == "1704067440000,104,,");           // regime(3) warms up over 2 x 3 bars
  CHECK(rows[6] == "1704067500000,105,,trending");   // efficiency ratio 1
  CHECK(rows[8] == "1704067620000,107,,trending");
}
