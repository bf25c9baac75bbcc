#include "config/loader.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "loader_test_helpers.hpp"

TEST_CASE("config_problem::to_string", "[loader]") {
  CHECK(config_problem{"a.toml", 3, 7, "node.threads", "expected 0..256, got 300"}.to_string() ==
        "a.toml:3:7: node.threads: expected 0..256, got 300");
  CHECK(config_problem{"a.toml", 0, 0, "", "cannot open"}.to_string() == "a.toml: cannot open");
  CHECK(config_problem{"a.toml", 4, 0, "k", "m"}.to_string() == "a.toml:4: k: m");
}

TEST_CASE("absent keys take the defaults of config.hpp", "[loader]") {
  const auto r = load(minimal);
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& c = r.config;
  CHECK(c.source == "test.toml");
  CHECK(c.node.name == "tickline");
  CHECK(c.node.threads == 0);
  CHECK(c.node.data_dir == "./tickline-data");
  CHECK(c.logging.level == "info");
  CHECK(c.logging.file.empty());
  CHECK(c.market.symbols == std::vector<std::string>{"BTCUSDT"});
  REQUIRE(c.feeds.size() == 1);
  const auto& f = c.feeds[0];
  CHECK(f.name == "f");
  CHECK(f.kind == "synthetic");
  CHECK(f.symbols.empty());
  CHECK(f.seed == 42);
  CHECK(f.ticks_per_second == 200);
  CHECK(f.slice_ms == 50);
  CHECK(f.start_price == 100);
  CHECK(f.volatility == 0.0005);
  CHECK(f.regime_switch_probability == 0.001);
  CHECK(f.whale_probability == 0.002);
  CHECK(f.whale_multiplier == 50);
  CHECK(c.scanner.timeframes == std::vector<std::string>{"1s", "1m"});
  CHECK(c.scanner.indicators == std::vector<std::string>{"sma(20)", "ema(20)", "rsi(14)"});
  CHECK(c.detectors.whale.enabled);
  CHECK(c.detectors.whale.window == 500);
  CHECK(c.detectors.whale.min_samples == 50);
  CHECK(c.detectors.whale.z_threshold == 4.0);
  CHECK(c.detectors.whale.min_notional == 0);
  CHECK_FALSE(c.strategy.enabled);
  CHECK(c.strategy.min_confidence == 0.6);
  CHECK(c.strategy.risk_per_trade == 0.005);
  CHECK(c.risk.max_trades_per_day == 50);
  CHECK(c.risk.max_daily_loss == 1000);
  CHECK(c.risk.max_drawdown_pct == 10);
  CHECK(c.risk.max_position_notional == 10000);
  CHECK(c.broker.name == "paper");
  CHECK(c.broker.kind == "paper");
  CHECK(c.broker.starting_balance == 100000);
  CHECK(c.broker.maker_fee_bps == 10);
  CHECK(c.broker.taker_fee_bps == 10);
  CHECK(c.supervision.root.strategy == "one_for_one");
  CHECK(c.supervision.root.intensity == 1);
  CHECK(c.supervision.root.period_s == 5);
  CHECK(c.supervision.root.backoff_min_ms == 0);
  CHECK(c.supervision.root.backoff_max_ms == 0);
  CHECK(c.supervision.symbol.strategy == "rest_for_one");
  CHECK(c.supervision.trading.strategy == "rest_for_one");
  CHECK(c.supervision.ops.strategy == "one_for_one");
  CHECK(c.http.enabled);
  CHECK(c.http.listen == "127.0.0.1:8080");
  CHECK(c.http.token.empty());
}

TEST_CASE("present keys are read, integers accepted for numbers", "[loader]") {
  const auto r = load(R"toml(
[node]
name = "n1"
threads = 8
data_dir = "/var/lib/tickline"
[logging]
level = "debug"
file = "/tmp/t.log"
[market]
symbols = ["BTCUSDT", "ETH-USD", "BRK.B", "X_1"]
[[feeds]]
name = "a"
symbols = ["BTCUSDT", "BRK.B"]
seed = 7
ticks_per_second = 1000
slice_ms = 10
start_price = 25.5
volatility = 0.1
regime_switch_probability = 1
whale_probability = 0
whale_multiplier = 1
[[feeds]]
name = "b"
seed = 8
[scanner]
timeframes = ["5s", "5m", "1h"]
indicators = ["bbands(20, 2.5)", "macd()", "atr(14)"]
[detectors.whale]
enabled = false
window = 10
min_samples = 2
z_threshold = 2.5
min_notional = 1000
[strategy]
enabled = true
min_confidence = 0.75
risk_per_trade = 0.01
[risk]
max_trades_per_day = 0
max_daily_loss = 250.5
max_drawdown_pct = 100
max_position_notional = 5e4
[broker]
name = "sim"
starting_balance = 5000
maker_fee_bps = 0
[supervision.symbol]
strategy = "one_for_all"
intensity = 3
period_s = 0.5
backoff_min_ms = 100
backoff_max_ms = 100
[http]
enabled = false
listen = "0.0.0.0:65535"
token = "s3cret"
)toml");
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& c = r.config;
  CHECK(c.node.name == "n1");
  CHECK(c.node.threads == 8);
  CHECK(c.node.data_dir == "/var/lib/tickline");
  CHECK(c.logging.level == "debug");
  CHECK(c.logging.file == "/tmp/t.log");
  CHECK(c.market.symbols == std::vector<std::string>{"BTCUSDT", "ETH-USD", "BRK.B", "X_1"});
  REQUIRE(c.feeds.size() == 2);
  CHECK(c.feeds[0].name == "a");
  CHECK(c.feeds[0].symbols == std::vector<std::string>{"BTCUSDT", "BRK.B"});
  CHECK(c.feeds[0].seed == 7);
  CHECK(c.feeds[0].ticks_per_second == 1000);
  CHECK(c.feeds[0].slice_ms == 10);
  CHECK(c.feeds[0].start_price == 25.5);
  CHECK(c.feeds[0].volatility == 0.1);
  CHECK(c.feeds[0].regime_switch_probability == 1);
  CHECK(c.feeds[0].whale_probability == 0);
  CHECK(c.feeds[0].whale_multiplier == 1);
  CHECK(c.feeds[1].name == "b");
  CHECK(c.feeds[1].seed == 8);
  CHECK(c.feeds[1].ticks_per_second == 200);
  CHECK(c.scanner.timeframes == std::vector<std::string>{"5s", "5m", "1h"});
  CHECK(c.scanner.indicators == std::vector<std::string>{"bbands(20, 2.5)", "macd()", "atr(14)"});
  CHECK_FALSE(c.detectors.whale.enabled);
  CHECK(c.detectors.whale.window == 10);
  CHECK(c.detectors.whale.min_samples == 2);
  CHECK(c.detectors.whale.z_threshold == 2.5);
  CHECK(c.detectors.whale.min_notional == 1000);
  CHECK(c.strategy.enabled);
  CHECK(c.strategy.min_confidence == 0.75);
  CHECK(c.strategy.risk_per_trade == 0.01);
  CHECK(c.risk.max_trades_per_day == 0);
  CHECK(c.risk.max_daily_loss == 250.5);
  CHECK(c.risk.max_drawdown_pct == 100);
  CHECK(c.risk.max_position_notional == 50000);
  CHECK(c.broker.name == "sim");
  CHECK(c.broker.starting_balance == 5000);
  CHECK(c.broker.maker_fee_bps == 0);
  CHECK(c.supervision.symbol.strategy == "one_for_all");
  CHECK(c.supervision.symbol.intensity == 3);
  CHECK(c.supervision.symbol.period_s == 0.5);
  CHECK(c.supervision.symbol.backoff_min_ms == 100);
  CHECK(c.supervision.symbol.backoff_max_ms == 100);
  CHECK(c.supervision.trading.strategy == "rest_for_one");
  CHECK(c.supervision.root.intensity == 1);
  CHECK_FALSE(c.http.enabled);
  CHECK(c.http.listen == "0.0.0.0:65535");
  CHECK(c.http.token == "s3cret");
}

TEST_CASE("malformed TOML gives one problem at the parser's position", "[loader]") {
  const auto r = load("[node]\nname = \"x\"\nthreads = = 2\n");
  check_single(r, 3, 11, "", "Error while parsing value: could not determine value type");
  CHECK(r.problems[0].to_string() ==
        "test.toml:3:11: Error while parsing value: could not determine value type");
  CHECK(r.config.node.name == "tickline");

  const auto dup = load("[market]\nsymbols = [\"A\"]\nsymbols = [\"B\"]\n");
  REQUIRE(dup.problems.size() == 1);
  CHECK(dup.problems[0].to_string() ==
        "test.toml:3:11: Error while parsing key-value pair: cannot redefine existing array "
        "'symbols'");
}

TEST_CASE("a missing file is one problem naming the path", "[loader]") {
  const std::string path = "/nonexistent-dir/tickline.toml";
  const auto r = load_config_file(path);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].file == path);
  CHECK(r.problems[0].line == 0);
  CHECK(r.problems[0].key.empty());
  CHECK(r.problems[0].to_string() ==
        path + ": cannot open config file: No such file or directory");
  CHECK(r.config.source == path);

  const auto dir = load_config_file(TICKLINE_SOURCE_DIR);
  REQUIRE(dir.problems.size() == 1);
  CHECK(dir.problems[0].message == "cannot read config file: it is a directory");
}

TEST_CASE("problems in a file name the file's path", "[loader]") {
  const auto path =
    (std::filesystem::temp_directory_path() / "tickline_loader_test.toml").string();
  {
    std::ofstream out(path, std::ios::trunc);
    out << minimal << "slice_ms = 0\n";
  }
  const auto r = load_config_file(path);
  std::filesystem::remove(path);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].to_string() ==
        path + ":6:12: feeds[0].slice_ms: expected 1..10000, got 0");
  CHECK(r.config.source == path);
}

TEST_CASE("unknown keys suggest the nearest known key", "[loader]") {
  const auto r = load(R"toml([node]
thread = 4
[market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
  tiks_per_second = 5
[detectors.whale]
z_treshold = 3
[[feeds]]
name = "g"
regime_switching_probability = 0.1
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 4);
  CHECK(r.problems[0].to_string() ==
        "test.toml:2:1: node.thread: unknown key; did you mean `threads`?");
  CHECK(r.problems[1].to_string() ==
        "test.toml:7:3: feeds[0].tiks_per_second: unknown key; did you mean `ticks_per_second`?");
  CHECK(r.problems[2].to_string() ==
        "test.toml:9:1: detectors.whale.z_treshold: unknown key; did you mean `z_threshold`?");
  // Three edits away, but within a third of the length of a long key.
  CHECK(r.problems[3].to_string() ==
        "test.toml:12:1: feeds[1].regime_switching_probability: unknown key; did you mean "
        "`regime_switch_probability`?");
}

TEST_CASE("unknown keys far from any known key get no suggestion", "[loader]") {
  check_single(load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[http]
colour = "blue"
)toml"), 6, 1, "http.colour", "unknown key");
  check_single(load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[metrics]
port = 9100
)toml"), 5, 2, "metrics", "unknown key");
  check_single(load(R"toml([node]
thr = 2
[market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
)toml"), 2, 1, "node.thr", "unknown key");
}

TEST_CASE("an unknown key is reported in every section", "[loader]") {
  std::string text = std::string(minimal) + "bogus = 1\n";
  text.insert(std::string("[market]\n").size(), "bogus = 1\n");
  for (const char* section : {"node", "logging", "scanner", "detectors", "detectors.whale",
                              "strategy", "risk", "broker", "supervision", "supervision.root",
                              "supervision.market", "supervision.symbol", "supervision.trading",
                              "supervision.learning", "supervision.ops", "http"})
    text += std::string("[") + section + "]\nbogus = 1\n";
  const auto r = load(("bogus = 1\n" + text).c_str());
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 19);
  std::vector<std::string> keys;
  for (const auto& p : r.problems) {
    CHECK(p.message == "unknown key");
    keys.push_back(p.key);
  }
  CHECK(keys == std::vector<std::string>{
                  "bogus", "market.bogus", "feeds[0].bogus", "node.bogus", "logging.bogus",
                  "scanner.bogus", "detectors.bogus", "detectors.whale.bogus", "strategy.bogus",
                  "risk.bogus", "broker.bogus", "supervision.bogus", "supervision.root.bogus",
                  "supervision.market.bogus", "supervision.symbol.bogus",
                  "supervision.trading.bogus", "supervision.learning.bogus",
                  "supervision.ops.bogus", "http.bogus"});
}

TEST_CASE("wrong types name the expected and the actual type", "[loader]") {
  const auto r = load(R"toml([node]
threads = 2.5
name = 7
[market]
symbols = "BTCUSDT"
[[feeds]]
name = "f"
ticks_per_second = "fast"
[detectors.whale]
enabled = "yes"
[scanner]
timeframes = ["1s", 60]
[strategy]
min_confidence = 1979-05-27
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 7);
  CHECK(r.problems[0].to_string() ==
        "test.toml:2:11: node.threads: expected an integer, got float");
  CHECK(r.problems[1].to_string() == "test.toml:3:8: node.name: expected a string, got integer");
  CHECK(r.problems[2].to_string() ==
        "test.toml:5:11: market.symbols: expected an array of strings, got string");
  CHECK(r.problems[3].to_string() ==
        "test.toml:8:20: feeds[0].ticks_per_second: expected a number, got string");
  CHECK(r.problems[4].to_string() ==
        "test.toml:10:11: detectors.whale.enabled: expected a boolean, got string");
  CHECK(r.problems[5].to_string() ==
        "test.toml:12:21: scanner.timeframes[1]: expected a string, got integer");
  CHECK(r.problems[6].to_string() ==
        "test.toml:14:18: strategy.min_confidence: expected a number, got date");
}

TEST_CASE("a section of the wrong type is one problem", "[loader]") {
  check_single(load(R"toml(node = 5
[market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
)toml"), 1, 8, "node", "expected a table, got integer");
  check_single(load(R"toml([market]
symbols = ["BTCUSDT"]
[feeds]
name = "f"
)toml"), 3, 1, "feeds", "expected an array of tables, got table");
  check_single(load(R"toml(feeds = [1]
[market]
symbols = ["BTCUSDT"]
)toml"), 1, 10, "feeds[0]", "expected a table, got integer");
}

TEST_CASE("out-of-range values state the range", "[loader]") {
  const auto r = load(R"toml([node]
threads = 257
[market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
slice_ms = 0
volatility = 0.5
seed = -1
[detectors.whale]
z_threshold = 0
window = 9
[risk]
max_trades_per_day = 3000000000
max_drawdown_pct = 0
[broker]
taker_fee_bps = 1000.5
[strategy]
min_confidence = nan
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 10);
  CHECK(r.problems[0].to_string() == "test.toml:2:11: node.threads: expected 0..256, got 257");
  CHECK(r.problems[1].to_string() == "test.toml:7:12: feeds[0].slice_ms: expected 1..10000, got 0");
  CHECK(r.problems[2].to_string() ==
        "test.toml:8:14: feeds[0].volatility: expected (0, 0.1], got 0.5");
  CHECK(r.problems[3].to_string() == "test.toml:9:8: feeds[0].seed: expected >= 0, got -1");
  CHECK(r.problems[4].to_string() ==
        "test.toml:11:15: detectors.whale.z_threshold: expected > 0, got 0");
  CHECK(r.problems[5].to_string() ==
        "test.toml:12:10: detectors.whale.window: expected 10..1000000, got 9");
  CHECK(r.problems[6].to_string() ==
        "test.toml:14:22: risk.max_trades_per_day: expected 0..2147483647, got 3000000000");
  CHECK(r.problems[7].to_string() ==
        "test.toml:15:20: risk.max_drawdown_pct: expected (0, 100], got 0");
  CHECK(r.problems[8].to_string() ==
        "test.toml:17:17: broker.taker_fee_bps: expected 0..1000, got 1000.5");
  CHECK(r.problems[9].to_string() ==
        "test.toml:19:18: strategy.min_confidence: expected a finite number, got nan");
}
