#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "actors/market_data/csv_market_data.hpp"

using namespace tickline;

namespace {

// A file in the temp dir, removed when the test ends.
struct temp_file {
  std::string path;
  explicit temp_file(const std::string& text) {
    static int n = 0;
    path = (std::filesystem::temp_directory_path()
            / ("tickline-csv-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".csv"))
             .string();
    std::ofstream{path} << text;
  }
  ~temp_file() { std::remove(path.c_str()); }
};

} // namespace

TEST_CASE("Binance trades: maker flag gives the aggressor, µs timestamps detected", "[csv]") {
  temp_file f{"1,100.5,0.25,25.125,1704067200000000,true,true\n"
              "2,100.6,0.5,50.3,1704067200500000,false,true\n"
              "3,abc,0.5,50.3,1704067200600000,false,true\n"
              "4,100.7,1,100.7,1704067200400000,false,true\n"
              "5,100.8,2,201.6,1704067201000000,False,True\n"};
  auto d = read_market_csv(f.path, "BTCUSDT");
  CHECK(d.format == csv_format::binance_trades);
  REQUIRE(d.trades.size() == 3);
  CHECK(d.trades[0].aggressor == side::sell);  // buyer was maker: a sell hit the bid
  CHECK(d.trades[1].aggressor == side::buy);
  CHECK(d.trades[0].ts_ns == 1'704'067'200'000'000'000);
  CHECK(d.trades[1].ts_ns == 1'704'067'200'500'000'000);
  CHECK(d.trades[2].trade_id == 5);
  CHECK(d.trades[0].symbol == "BTCUSDT");
  REQUIRE(d.problems.size() == 2);
  CHECK(d.problems[0].where == f.path + ":3");
  CHECK(d.problems[1].where == f.path + ":4");
  CHECK(d.problems[1].message == "timestamp goes backwards");
}

TEST_CASE("Binance aggTrades in milliseconds", "[csv]") {
  temp_file f{"26129,0.01633102,4.7,27781,27781,1498793709153,true,true\n"
              "26130,0.01633104,1.5,27782,27783,1498793709200,false,true\n"};
  auto d = read_market_csv(f.path, "ETHBTC");
  CHECK(d.format == csv_format::binance_aggtrades);
  REQUIRE(d.trades.size() == 2);
  CHECK(d.trades[0].ts_ns == 1'498'793'709'153'000'000);
  CHECK(d.trades[1].qty == 1.5);
  CHECK(d.problems.empty());
}

TEST_CASE("Binance klines keep quote volume, trades and taker buy volume", "[csv]") {
  temp_file f{"1704067200000,42000,42100,41900,42050,12.5,1704067259999,525000,321,6.25,262500,0\n"
              "1704067260000,42050,42200,42000,42150,10,1704067319999,421000,300,5,210500,0\n"};
  auto d = read_market_csv(f.path, "BTCUSDT");
  CHECK(d.format == csv_format::binance_klines);
  CHECK(d.timeframe_s == 60);
  REQUIRE(d.bars.size() == 2);
  CHECK(d.bars[0].quote_volume == 525000);
  CHECK(d.bars[0].trades == 321);
  CHECK(d.bars[0].buy_volume == 6.25);
  CHECK(d.bars[1].close_ns == d.bars[1].open_ns + 60'000'000'000);
}

TEST_CASE("generic OHLCV: header names in any order and case", "[csv]") {
  temp_file f{"Volume,Close,Low,High,Open,Date\n"
              "10,1.5,0.5,2,1,2024-01-01\n"
              "20,2.5,1.5,3,2,2024-01-02T00:00:00Z\n"};
  auto d = read_market_csv(f.path, "X");
  CHECK(d.format == csv_format::generic_ohlcv);
  REQUIRE(d.bars.size() == 2);
  CHECK(d.bars[1].open == 2);
  CHECK(d.bars[1].volume == 20);
  CHECK(d.timeframe_s == 86400);
  CHECK(d.bars[0].open_ns == 1'704'067'200'000'000'000);
}

TEST_CASE("a header without a needed column is a clear error", "[csv]") {
  temp_file f{"date,open,high,low,close\n2024-01-01,1,2,0.5,1.5\n"};
  CHECK_THROWS_WITH(read_market_csv(f.path, "X"), Catch::Contains(":1: header has no column volume"));
}

TEST_CASE("a file of only bad rows is an error naming how many were skipped", "[csv]") {
  temp_file f{"1704067200000,-1,1,1,1,1,1,1,1,1,1,0\n1704067260000,1,1,1,nan,1,1,1,1,1,1,0\n"};
  CHECK_THROWS_WITH(read_market_csv(f.path, "X"), Catch::Contains("no usable row (2 skipped)"));
}
