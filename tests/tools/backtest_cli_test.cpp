#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

// End to end: generated data through `tickline backtest` with 1, 2 and 8 scheduler
// threads gives byte-identical trades.csv and report.json; bad input exits 2.

namespace {

const std::string bin = std::string{TICKLINE_BIN_DIR} + "/tickline";
const std::string config = std::string{TICKLINE_SOURCE_DIR} + "/examples/backtest.toml";

process_result backtest(const temp_dir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args{bin, "backtest", "--config", config, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args, dir.path(), 300s);
}

} // namespace

TEST_CASE("a backtest's files are the same bytes with 1, 2 or 8 threads", "[cli][backtest]") {
  temp_dir dir;
  auto g = run({bin, "generate", "--out", "data", "--symbols", "3", "--from", "2024-01-01", "--to",
                "2024-01-04", "--kind", "klines", "--seed", "7"},
               dir.path(), 60s);
  REQUIRE(g.status == 0);
  std::string trades, report;
  for (const char* threads : {"1", "2", "8"}) {
    auto out = std::string{"out"} + threads;
    auto r = backtest(dir, {"--data", "data", "--out", out, "--threads", threads});
    INFO(r.err);
    REQUIRE(r.status == 0);
    auto t = read_file(dir.path() + "/" + out + "/trades.csv");
    auto j = read_file(dir.path() + "/" + out + "/report.json");
    if (trades.empty()) {
      trades = t;
      report = j;
      // Something must have traded for the comparison to mean anything.
      auto parsed = nlohmann::json::parse(j);
      CHECK(parsed["metrics"]["trades"].get<int>() >= 5);
      CHECK(std::filesystem::exists(dir.path() + "/" + out + "/report.html"));
      CHECK(std::filesystem::exists(dir.path() + "/" + out + "/equity.csv"));
      CHECK(std::filesystem::exists(dir.path() + "/" + out + "/orders.csv"));
      continue;
    }
    CHECK(t == trades);
    CHECK(j == report);
  }
}

TEST_CASE("a backtest refuses bad data with exit 2 and says why", "[cli][backtest]") {
  temp_dir dir;
  auto missing = backtest(dir, {"--data", "nowhere"});
  CHECK(missing.status == 2);
  CHECK(missing.err.find("nowhere") != std::string::npos);
  std::filesystem::create_directories(dir.path() + "/empty");
  auto empty = backtest(dir, {"--data", "empty"});
  CHECK(empty.status == 2);
  auto g = run({bin, "generate", "--out", "data", "--symbols", "1", "--from", "2024-01-01", "--to",
                "2024-01-02", "--kind", "klines"},
               dir.path(), 60s);
  REQUIRE(g.status == 0);
  auto outside = backtest(dir, {"--data", "data", "--from", "2030-01-01"});
  CHECK(outside.status == 2);
  auto bad_date = backtest(dir, {"--data", "data", "--from", "yesterday"});
  CHECK(bad_date.status == 2);
  CHECK(bad_date.err.find("--from yesterday") != std::string::npos);
}
