#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

// End to end: generated data through `tickline backtest`, run three times, gives
// byte-identical trades.csv and report.json; bad input exits 2.

namespace {

const std::string bin = std::string{TICKLINE_BIN_DIR} + "/tickline";
const std::string config = std::string{TICKLINE_SOURCE_DIR} + "/examples/backtest.toml";

process_result backtest(const temp_dir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args{bin, "backtest", "--config", config, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args, dir.path(), 300s);
}

} // namespace

TEST_CASE("a backtest's files are the same bytes on every run", "[cli][backtest]") {
  temp_dir dir;
  auto g = run({bin, "generate", "--out", "data", "--symbols", "3", "--from", "2024-01-01", "--to",
                "2024-01-04", "--kind", "klines", "--seed", "7"},
               dir.path(), 60s);
  REQUIRE(g.status == 0);
  std::string trades, report;
  for (const char* run : {"1", "2", "3"}) {
    auto out = std::string{"out"} + run;
    std::vector<std::string> args{"--data", "data", "--out", out};
    if (std::string{run} == "2")
      args.push_back("--check-invariants");  // checking changes nothing
    auto r = backtest(dir, args);
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

namespace {

// Entry dates (YYYY-MM-DD) of trades.csv, with how many trades each.
std::map<std::string, int> trade_days(const std::string& csv) {
  std::map<std::string, int> days;
  std::size_t at = csv.find('\n') + 1;  // past the header
  while (at < csv.size()) {
    const auto nl = csv.find('\n', at);
    const auto line = csv.substr(at, nl - at);
    const auto c1 = line.find(',');
    const auto c2 = line.find(',', c1 + 1);
    days[line.substr(c2 + 1, 10)] += 1;
    at = nl == std::string::npos ? csv.size() : nl + 1;
  }
  return days;
}

} // namespace

TEST_CASE("a loss-streak pause in a backtest ends as [risk] resume says", "[cli][backtest][resume]") {
  // The example config copied to a folder of its own (its feed's "data" is not there:
  // --data is what a backtest reads), on two days whose first one loses 8 trades in a row.
  temp_dir dir;
  auto g = run({bin, "generate", "--out", "data", "--symbols", "4", "--from", "2024-01-01", "--to",
                "2024-01-03", "--kind", "klines", "--seed", "11"},
               dir.path(), 60s);
  REQUIRE(g.status == 0);
  const auto example = read_file(config);
  auto with_resume = [&](const std::string& name, const std::string& resume) {
    std::filesystem::create_directories(dir.path() + "/" + name);
    auto text = example;
    const std::string key = "max_consecutive_losses = 8";
    const auto at = text.find(key);
    REQUIRE(at != std::string::npos);
    text.insert(at + key.size(), "\nresume = \"" + resume + "\"");
    dir.write(name + "/backtest.toml", text);
    auto r = run({bin, "backtest", "--config", name + "/backtest.toml", "--data", "data", "--out",
                  name + "/out"},
                 dir.path(), 300s);
    INFO(r.err);
    REQUIRE(r.status == 0);
    return std::pair{trade_days(read_file(dir.path() + "/" + name + "/out/trades.csv")), r.err};
  };
  // next_day: paused on the 1st, trading again on the 2nd.
  const auto [next_day, log] = with_resume("next_day", "next_day");
  INFO(log);
  CHECK(log.find("paused: max_consecutive_losses: 8 losing trades in a row") != std::string::npos);
  CHECK(log.find("new trading day 2024-01-02 (resume = next_day)") != std::string::npos);
  CHECK(next_day.count("2024-01-01") == 1);
  CHECK(next_day.count("2024-01-02") == 1);
  // manual: the pause outlasts the data.
  const auto manual = with_resume("manual", "manual").first;
  CHECK(manual.size() == 1);
  CHECK(manual.count("2024-01-01") == 1);
  CHECK(manual.at("2024-01-01") == next_day.at("2024-01-01"));
}

TEST_CASE("optimize ranks the grid the same with one worker or two and reports the winner",
          "[cli][backtest][optimize]") {
  temp_dir dir;
  auto g = run({bin, "generate", "--out", "data", "--symbols", "2", "--from", "2024-01-01", "--to",
                "2024-01-03", "--kind", "klines", "--seed", "5"},
               dir.path(), 60s);
  REQUIRE(g.status == 0);
  const std::string opt_config = std::string{TICKLINE_SOURCE_DIR} + "/examples/optimize.toml";
  std::string csv;
  for (const char* workers : {"1", "2"}) {
    const std::string out = std::string{"opt"} + workers;
    auto r = run({bin, "optimize", "--config", opt_config, "--data", "data", "--out", out,
                  "--workers", workers, "--objective", "total_return"},
                 dir.path(), 300s);
    INFO(r.err);
    REQUIRE(r.status == 0);
    auto summary = nlohmann::json::parse(r.out);
    CHECK(summary["candidates"] == 9);
    CHECK(summary["backtests"] == 9);
    CHECK(summary["best"]["rank"] == 1);
    CHECK(r.err.find("optimize: 9/9 backtests") != std::string::npos);
    const auto text = read_file(dir.path() + "/" + out + "/optimize.csv");
    if (csv.empty())
      csv = text;
    CHECK(text == csv);
    auto ranked = nlohmann::json::parse(read_file(dir.path() + "/" + out + "/optimize.json"));
    REQUIRE(ranked["candidates"].size() == 9);
    CHECK(ranked["objective"] == "total_return");
    // Ranked best first; the report of the winner's backtest carries the table.
    for (std::size_t i = 1; i < 9; ++i)
      if (!ranked["candidates"][i]["score"].is_null())
        CHECK(ranked["candidates"][i - 1]["score"].get<double>() >= ranked["candidates"][i]["score"].get<double>());
    auto report = nlohmann::json::parse(read_file(dir.path() + "/" + out + "/report.json"));
    CHECK(report["optimization"]["candidates"][0] == ranked["candidates"][0]);
    CHECK(read_file(dir.path() + "/" + out + "/report.html").find("<h2>Optimization</h2>") != std::string::npos);
  }
  CHECK(csv.rfind("rank,strategy.min_confidence,strategy.stop_atr_multiple,score,trades,pnl,final_equity,data_fraction\n", 0) == 0);
  // A config without a grid has nothing to search.
  auto none = run({bin, "optimize", "--config", config, "--data", "data"}, dir.path(), 60s);
  CHECK(none.status == 2);
  CHECK(none.err.find("no [backtest.grid]") != std::string::npos);
  auto both = run({bin, "optimize", "--config", opt_config, "--data", "data", "--grid", "--random", "3"},
                  dir.path(), 60s);
  CHECK(both.status == 2);
}
