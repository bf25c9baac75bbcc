// [strategy] and [risk]: the demo's values, defaults, and located problems.

#include <filesystem>
#include <fstream>
#include <string>

#include "loader_test_helpers.hpp"

namespace {

std::string with_minimal(const std::string& extra) {
  return std::string(minimal) + extra;
}

// Like check_single, for a problem in another file than test.toml.
void check_single_file(const config_load_result& r, const std::string& file, std::uint32_t line,
                       std::uint32_t column, const std::string& key, const std::string& message) {
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].file == file);
  CHECK(r.problems[0].line == line);
  CHECK(r.problems[0].column == column);
  CHECK(r.problems[0].key == key);
  CHECK(r.problems[0].message == message);
}

} // namespace

TEST_CASE("the demo config's trading sections", "[loader][trading]") {
  const auto r = tickline::load_demo_config();
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& st = r.config.strategy;
  // The demo trades on one-second bars so that it trades within seconds of starting.
  CHECK(st.enabled);
  CHECK(st.timeframe == "1s");
  CHECK(r.config.risk.timeframe == "1s");
  CHECK(r.config.broker.allow_short);
  CHECK(st.weights == std::map<std::string, double>{
                        {"whale", 1.0}, {"pattern", 1.0}, {"pattern.volume_spike", 0.5},
                        {"volatility", 0.0}});
  CHECK(st.take_profit_r == std::vector<double>{1, 2});
  CHECK(st.stop_atr_multiple == 2);
  CHECK(st.vol_target == 0);
  const auto& rk = r.config.risk;
  CHECK(rk.max_gross_exposure == 30000);
  CHECK(rk.max_atr_pct == 100);
  // Trading must stay possible around the clock in the demo.
  CHECK(rk.calendar.timezone == "UTC");
  CHECK(rk.calendar.weekdays.size() == 7);
  CHECK(rk.calendar.hours == std::vector<std::string>{"00:00-24:00"});
  CHECK(rk.calendar.holidays.empty());
  CHECK(rk.sectors.symbols.at("SOLUSDT") == "alt");
  CHECK(rk.sectors.caps.at("major") == 20000);
}

TEST_CASE("trading keys default when absent", "[loader][trading]") {
  const auto r = load(minimal);
  REQUIRE(r.ok());
  CHECK(r.config.strategy.weights.empty());
  CHECK(r.config.strategy.take_profit_r == std::vector<double>{1, 2});
  CHECK(r.config.risk.calendar.timezone == "UTC");
  CHECK(r.config.risk.calendar.hours == std::vector<std::string>{"00:00-24:00"});
  CHECK(r.config.risk.blackout_file.empty());
  CHECK(r.config.risk.correlation_window == 60);
}

TEST_CASE("strategy weights, targets and timeframe are validated where they are", "[loader][trading]") {
  const auto r = load(with_minimal(R"toml([strategy]
timeframe = "5m"
take_profit_r = [1, 3, 2]
kelly_cap = 0
[strategy.weights]
pattren = 1
"pattern.ema_cross" = 11
"whale." = 1
pattern.breakout = 1
)toml").c_str());
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 7);
  CHECK(r.problems[0].to_string() ==
        "test.toml:7:13: strategy.timeframe: expected one of 1s, 1m, got \"5m\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:8:17: strategy.take_profit_r: expected ascending multiples, got 2 after 3");
  CHECK(r.problems[2].to_string() == "test.toml:9:13: strategy.kelly_cap: expected (0, 1], got 0");
  CHECK(r.problems[3].to_string() ==
        "test.toml:11:11: strategy.weights.pattren: expected \"<kind>\" or \"<kind>.<name>\" "
        "with kind whale, pattern, volatility or external, got \"pattren\"");
  CHECK(r.problems[4].key == "strategy.weights.pattern.ema_cross");
  CHECK(r.problems[4].message == "expected 0..10, got 11");
  CHECK(r.problems[5].key == "strategy.weights.whale.");
  // An unquoted dotted key makes a sub-table.
  CHECK(r.problems[6].to_string() ==
        "test.toml:14:1: strategy.weights.pattern: expected a number, got table");
}

TEST_CASE("calendar entries are validated where they are", "[loader][trading]") {
  const auto r = load(with_minimal(R"toml([risk.calendar]
timezone = "America/Gotham"
weekdays = ["mon", "Tue", "mon"]
hours = ["09:30-16:00", "22:00-02:00"]
holidays = ["2026-12-25", "2026-02-30"]
)toml").c_str());
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 5);
  CHECK(r.problems[0].to_string() ==
        "test.toml:7:12: risk.calendar.timezone: unknown time zone \"America/Gotham\" (cannot "
        "read /usr/share/zoneinfo/America/Gotham)");
  CHECK(r.problems[1].to_string() ==
        "test.toml:8:20: risk.calendar.weekdays[1]: expected one of mon, tue, wed, thu, fri, "
        "sat, sun, got \"Tue\"");
  CHECK(r.problems[2].to_string() ==
        "test.toml:8:27: risk.calendar.weekdays[2]: duplicate weekday \"mon\"");
  CHECK(r.problems[3].to_string() ==
        "test.toml:9:25: risk.calendar.hours[1]: expected \"HH:MM-HH:MM\" with start < end <= "
        "24:00 (split a window past midnight in two), got \"22:00-02:00\"");
  CHECK(r.problems[4].to_string() ==
        "test.toml:10:27: risk.calendar.holidays[1]: expected a date \"YYYY-MM-DD\", got "
        "\"2026-02-30\"");
  check_single(load(with_minimal("[risk.calendar]\nhours = []\n").c_str()), 7, 9,
               "risk.calendar.hours", "expected a non-empty array");
}

TEST_CASE("sectors name known symbols and caps name used sectors", "[loader][trading]") {
  const auto r = load(with_minimal(R"toml([risk.sectors]
symbols = { BTCUSDT = "major", DOGEUSDT = "meme" }
caps = { major = 5000, meme = 100, alt = 0 }
)toml").c_str());
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 4);
  CHECK(r.problems[0].to_string() ==
        "test.toml:7:43: risk.sectors.symbols.DOGEUSDT: expected a symbol listed in "
        "market.symbols, got \"DOGEUSDT\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:8:31: risk.sectors.caps.meme: no symbol is in sector \"meme\" (see "
        "risk.sectors.symbols)");
  CHECK(r.problems[2].to_string() == "test.toml:8:42: risk.sectors.caps.alt: expected > 0, got 0");
  CHECK(r.problems[3].to_string() ==
        "test.toml:8:42: risk.sectors.caps.alt: no symbol is in sector \"alt\" (see "
        "risk.sectors.symbols)");
}

TEST_CASE("risk ranges and the blackout file are checked at load", "[loader][trading]") {
  check_single(load(with_minimal("[risk]\ncorrelation_threshold = 1\n").c_str()), 7, 25,
               "risk.correlation_threshold", "expected (0, 1), got 1");
  check_single(load(with_minimal("[risk]\ndecision_log_size = 0\n").c_str()), 7, 21,
               "risk.decision_log_size", "expected 1..1000000, got 0");
  check_single(load(with_minimal("[risk]\nmax_consecutive_losses = -1\n").c_str()), 7, 26,
               "risk.max_consecutive_losses", "expected 0..2147483647, got -1");

  check_single(load(with_minimal("[risk]\nresume = \"tomorrow\"\n").c_str()), 7, 10,
               "risk.resume",
               "expected \"next_day\", \"manual\" or a duration such as \"2h\", got \"tomorrow\"");
  const auto timed = load(with_minimal("[risk]\nresume = \"90m\"\n").c_str());
  INFO(all_problems(timed));
  REQUIRE(timed.ok());
  CHECK(timed.config.risk.resume == "90m");
  CHECK(timed.config.risk.resume_after_ns == 90LL * 60 * 1'000'000'000);
  const auto by_day = load(minimal);
  CHECK(by_day.config.risk.resume == "next_day");
  CHECK(by_day.config.risk.resume_after_ns == 0);
  const auto interval = load(with_minimal("[orders]\nexit_update_interval = \"250ms\"\n").c_str());
  INFO(all_problems(interval));
  REQUIRE(interval.ok());
  CHECK(interval.config.orders.exit_update_interval_ns == 250'000'000);
  CHECK(load(minimal).config.orders.exit_update_interval_ns == 1'000'000'000);

  const auto dir = std::filesystem::temp_directory_path() / "tickline-trading-config-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "news.csv") << "2026-03-18T14:30:00Z,2026-03-18T15:00:00Z,FOMC\n"
                                     "2026-03-18T14:30:00Z,soon,CPI\n";
  std::ofstream(dir / "node.toml") << minimal << "[risk]\nblackout_file = \"news.csv\"\n";
  const auto r = load_config_file((dir / "node.toml").string());
  const auto csv = (dir / "news.csv").string();
  check_single_file(r, (dir / "node.toml").string(), 7, 17, "risk.blackout_file",
                    csv + ":2:22: expected an ISO-8601 time with a zone such as "
                          "2026-03-18T18:00:00Z, got \"soon\"");
  std::ofstream(dir / "news.csv") << "2026-03-18T14:30:00Z,2026-03-18T15:00:00Z,FOMC\n";
  const auto good = load_config_file((dir / "node.toml").string());
  INFO(all_problems(good));
  CHECK(good.ok());
  CHECK(good.config.risk.blackout_file == csv);
  std::filesystem::remove(dir / "news.csv");
  const auto gone = load_config_file((dir / "node.toml").string());
  REQUIRE(gone.problems.size() == 1);
  CHECK(gone.problems[0].message ==
        csv + ": cannot open blackout file: No such file or directory");
  std::filesystem::remove_all(dir);
}

TEST_CASE("a csv feed's files are checked unless the caller reads its data elsewhere",
          "[loader][feeds]") {
  const auto dir = std::filesystem::temp_directory_path() / "tickline-feed-files-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "node.toml") << "[market]\nsymbols = [\"BTCUSDT\"]\n\n[[feeds]]\n"
                                      "name = \"f\"\nkind = \"csv\"\npath = \"data\"\n";
  const auto file = (dir / "node.toml").string();
  const auto checked = load_config_file(file);
  REQUIRE(checked.problems.size() == 1);
  CHECK(checked.problems[0].key == "feeds[0].path");
  CHECK(checked.problems[0].message
        == "no such file or directory: " + (dir / "data").lexically_normal().string());
  // A backtest given --data (a copied config in another folder) does not need them.
  tickline::load_options backtest;
  backtest.check_data_files = false;
  const auto elsewhere = load_config_file(file, backtest);
  INFO(all_problems(elsewhere));
  CHECK(elsewhere.ok());
  std::filesystem::remove_all(dir);
}
