// Validation of the content of a config: enums, symbols, feeds, the scanner and the
// detectors, cross-field checks, and all problems at once.

#include <filesystem>
#include <fstream>
#include <string>

#include "loader_test_helpers.hpp"

TEST_CASE("bad enum values list the valid ones", "[loader]") {
  const auto r = load(R"toml([logging]
level = "verbose"
[market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
kind = "kafka"
[[feeds]]
name = "g"
kind = "websocket"
[broker]
kind = "kraken"
[supervision.symbol]
strategy = "one_for_many"
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 5);
  CHECK(r.problems[0].to_string() ==
        "test.toml:2:9: logging.level: expected one of trace, debug, info, warn, error, off, "
        "got \"verbose\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:7:8: feeds[0].kind: expected one of synthetic, csv, websocket, webhook, "
        "got \"kafka\"");
  CHECK(r.problems[2].to_string() ==
        "test.toml:8:1: feeds[1].url: missing required key");
  CHECK(r.problems[3].to_string() ==
        "test.toml:12:8: broker.kind: expected one of paper, binance, got \"kraken\"");
  CHECK(r.problems[4].to_string() ==
        "test.toml:14:12: supervision.symbol.strategy: expected one of one_for_one, "
        "one_for_all, rest_for_one, got \"one_for_many\"");
}

TEST_CASE("market symbols are unique, upper-case and present", "[loader]") {
  const auto r = load(R"toml([market]
symbols = ["BTCUSDT", "ETHUSDT", "btcusdt", "BTCUSDT", ""]
[[feeds]]
name = "f"
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 3);
  CHECK(r.problems[0].to_string() ==
        "test.toml:2:34: market.symbols[2]: expected a symbol matching [A-Z0-9._-]+, "
        "got \"btcusdt\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:2:45: market.symbols[3]: duplicate symbol \"BTCUSDT\"");
  CHECK(r.problems[2].key == "market.symbols[4]");

  check_single(load("[market]\nsymbols = []\n[[feeds]]\nname = \"f\"\n"), 2, 11, "market.symbols",
               "expected a non-empty array");
  check_single(load("[market]\n[[feeds]]\nname = \"f\"\n"), 1, 1, "market.symbols",
               "missing required key");
  check_single(load("[[feeds]]\nname = \"f\"\n"), 1, 1, "market.symbols", "missing required key");
}

TEST_CASE("feeds: at least one, named uniquely, symbols from the market", "[loader]") {
  check_single(load("[market]\nsymbols = [\"BTCUSDT\"]\n"), 1, 1, "feeds",
               "expected at least one [[feeds]] table");
  check_single(load("feeds = []\n[market]\nsymbols = [\"BTCUSDT\"]\n"), 1, 9, "feeds",
               "expected at least one [[feeds]] table");

  const auto r = load(R"toml([market]
symbols = ["BTCUSDT", "ETHUSDT"]
[[feeds]]
name = "a"
symbols = ["ETHUSDT", "XRPUSDT", "ETHUSDT"]
[[feeds]]
seed = 1
[[feeds]]
name = "a"
[[feeds]]
name = ""
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 5);
  CHECK(r.problems[0].to_string() ==
        "test.toml:5:23: feeds[0].symbols[1]: expected a symbol listed in market.symbols, "
        "got \"XRPUSDT\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:5:34: feeds[0].symbols[2]: duplicate symbol \"ETHUSDT\"");
  CHECK(r.problems[2].to_string() == "test.toml:6:1: feeds[1].name: missing required key");
  CHECK(r.problems[3].to_string() == "test.toml:9:8: feeds[2].name: duplicate feed name \"a\"");
  CHECK(r.problems[4].to_string() == "test.toml:11:8: feeds[3].name: expected a non-empty string");
}

TEST_CASE("scanner timeframes and indicators are parsed", "[loader]") {
  const auto r = load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[scanner]
timeframes = ["1s", "1x", "60s", "1m", "1s", "1500ms"]
indicators = ["sma(20)", "wma(5)", "macd()", "macd(5,35,5)", "sma(0)"]
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 7);
  CHECK(r.problems[0].to_string() ==
        "test.toml:6:21: scanner.timeframes[1]: expected a duration such as \"1s\", \"5m\" or "
        "\"1h\", got \"1x\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:6:34: scanner.timeframes[3]: duplicate timeframe \"1m\" (same as \"60s\")");
  CHECK(r.problems[2].to_string() ==
        "test.toml:6:40: scanner.timeframes[4]: duplicate timeframe \"1s\"");
  CHECK(r.problems[3].to_string() ==
        "test.toml:6:46: scanner.timeframes[5]: expected a whole number of seconds, got "
        "\"1500ms\"");
  CHECK(r.problems[4].to_string() ==
        "test.toml:7:26: scanner.indicators[1]: unknown indicator \"wma\"; expected one of sma, "
        "ema, rsi, atr, vwap, bbands, macd, volz, rv, regime");
  CHECK(r.problems[5].to_string() ==
        "test.toml:7:46: scanner.indicators[3]: column \"macd\" is already produced by "
        "\"macd()\"");
  CHECK(r.problems[6].to_string() ==
        "test.toml:7:62: scanner.indicators[4]: expected an integer 1..10000 for N, got \"0\"");
}

TEST_CASE("volz, rv and regime need two bars and regime is one column", "[loader]") {
  const auto r = load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[scanner]
indicators = ["volz(20)", "rv(1)", "regime(20)", "regime(50)"]
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].to_string() ==
        "test.toml:6:27: scanner.indicators[1]: expected an integer 2..10000 for N, got \"1\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:6:50: scanner.indicators[3]: column \"regime\" is already produced by "
        "\"regime(20)\"");
}

TEST_CASE("cross-field and format checks", "[loader]") {
  const auto r = load(R"toml([node]
name = ""
[market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[supervision.trading]
backoff_min_ms = 500
backoff_max_ms = 100
[supervision.ops]
backoff_min_ms = 10
[http]
listen = "localhost"
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 4);
  CHECK(r.problems[0].to_string() == "test.toml:2:8: node.name: expected a non-empty string");
  CHECK(r.problems[1].to_string() ==
        "test.toml:9:18: supervision.trading.backoff_max_ms: expected >= backoff_min_ms (500), "
        "got 100");
  CHECK(r.problems[2].to_string() ==
        "test.toml:10:1: supervision.ops.backoff_max_ms: expected >= backoff_min_ms (10), got 0");
  CHECK(r.problems[3].to_string() ==
        "test.toml:13:10: http.listen: expected host:port with port 1..65535, got \"localhost\"");

  for (const char* listen : {":8080", "host:0", "host:65536", "host:", "host:80a", "host:123456"}) {
    INFO(listen);
    const auto bad = load((std::string(minimal) + "[http]\nlisten = \"" + listen + "\"\n").c_str());
    CHECK(bad.problems.size() == 1);
  }
  for (const char* listen : {"[::1]:1", "example.org:443", "0.0.0.0:65535"}) {
    INFO(listen);
    CHECK(load((std::string(minimal) + "[http]\nlisten = \"" + listen + "\"\n").c_str()).ok());
  }
}

TEST_CASE("every problem is reported, in file order", "[loader]") {
  const auto r = load(R"toml(verbose = true
[node]
threads = -1
[logging]
level = "loud"
[market]
symbols = ["BTCUSDT", "BTCUSDT"]
[[feeds]]
name = "f"
symbols = ["ETHUSDT"]
slice_ms = 20000
[[feeds]]
name = "f"
[detectors.whale]
min_samples = 1
[http]
listen = "127.0.0.1:99999"
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 9);
  const std::vector<std::string> keys = {
    "verbose", "node.threads", "logging.level", "market.symbols[1]", "feeds[0].symbols[0]",
    "feeds[0].slice_ms", "feeds[1].name", "detectors.whale.min_samples", "http.listen"};
  std::vector<std::uint32_t> lines;
  std::vector<std::string> got;
  for (const auto& p : r.problems) {
    lines.push_back(p.line);
    got.push_back(p.key);
  }
  CHECK(got == keys);
  CHECK(lines == std::vector<std::uint32_t>{1, 3, 5, 7, 10, 11, 13, 15, 17});
  CHECK(r.config.node.threads == 0);
  CHECK(r.config.feeds.empty());
}

TEST_CASE("detector sections are validated against the scanner's timeframes", "[config]") {
  auto r = load_config_string(R"toml([market]
symbols = ["AAA"]
[[feeds]]
name = "f"
[scanner]
timeframes = ["1s", "5m"]
[detectors.pattern]
timeframe = "1h"
ema_fast = 21
ema_slow = 9
[detectors.volatility]
rv_short = 50
rv_long = 20
rv_ratio = 1
)toml",
                              "det.toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 4);
  CHECK(r.problems[0].to_string()
        == "det.toml:8:13: detectors.pattern.timeframe: expected one of scanner.timeframes (1s, 5m), got \"1h\"");
  CHECK(r.problems[1].key == "detectors.pattern.ema_slow");
  CHECK(r.problems[1].message == "expected > ema_fast (21), got 9");
  CHECK(r.problems[2].key == "detectors.volatility.rv_long");
  CHECK(r.problems[3].key == "detectors.volatility.rv_ratio");
}

TEST_CASE("detector defaults follow the scanner", "[config]") {
  auto r = load_config_string("[market]\nsymbols = [\"AAA\"]\n[[feeds]]\nname = \"f\"\n"
                              "[scanner]\ntimeframes = [\"1s\"]\n",
                              "d.toml");
  REQUIRE(r.ok());
  CHECK(r.config.detectors.pattern.enabled);
  CHECK(r.config.detectors.pattern.timeframe.empty());  // the scanner's longest: 1s
  CHECK(r.config.detectors.volatility.rv_long == 100);
}

TEST_CASE("network feeds check their url, streams, backoff, listen address and secret", "[loader]") {
  const auto r = load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "ws"
kind = "websocket"
url = "http://stream.example.com"
streams = ["aggTrade", "kline 1m"]
reconnect_min_ms = 1000
reconnect_max_ms = 10
[[feeds]]
name = "tv"
kind = "webhook"
listen = "localhost"
endpoint = "hook"
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 6);
  CHECK(r.problems[0].to_string() ==
        "test.toml:6:7: feeds[0].url: expected a ws:// or wss:// URL, got \"http://stream.example.com\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:7:24: feeds[0].streams[1]: expected a stream kind such as \"aggTrade\", "
        "\"kline_1m\" or \"depth@100ms\", got \"kline 1m\"");
  CHECK(r.problems[2].to_string().rfind("test.toml:9:20: feeds[0].reconnect_max_ms:", 0) == 0);
  CHECK(r.problems[3].to_string() ==
        "test.toml:10:1: feeds[1].secret: kind webhook needs a shared secret: set secret or "
        "TICKLINE_WEBHOOK_SECRET");
  CHECK(r.problems[4].to_string() ==
        "test.toml:13:10: feeds[1].listen: expected host:port with port 1..65535, got \"localhost\"");
  CHECK(r.problems[5].to_string() ==
        "test.toml:14:12: feeds[1].endpoint: expected a path starting with /");
}

TEST_CASE("the paper broker's execution keys are read and range-checked", "[config]") {
  auto ok = load((std::string(minimal) + R"toml([broker]
quote_currency = "EUR"
maker_fee_bps = 1.5
taker_fee_bps = 4
latency_ms = 0
slippage_bps = 0
max_participation = 1
allow_short = true
)toml").c_str());
  INFO(all_problems(ok));
  REQUIRE(ok.ok());
  const auto& b = ok.config.broker;
  CHECK(b.quote_currency == "EUR");
  CHECK(b.maker_fee_bps == 1.5);
  CHECK(b.taker_fee_bps == 4);
  CHECK(b.latency_ms == 0);
  CHECK(b.slippage_bps == 0);
  CHECK(b.max_participation == 1);
  CHECK(b.allow_short);

  auto r = load((std::string(minimal) + R"toml([broker]
quote_currency = "usdt"
maker_fee_bps = -1
latency_ms = 60001
slippage_bps = 1001
max_participation = 0
allow_short = 1
fee_bps = 10
)toml").c_str());
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 7);
  CHECK(r.problems[0].to_string() == "test.toml:7:18: broker.quote_currency: expected an "
                                     "upper-case currency code [A-Z0-9]+, got \"usdt\"");
  CHECK(r.problems[1].to_string() ==
        "test.toml:8:17: broker.maker_fee_bps: expected 0..1000, got -1");
  CHECK(r.problems[2].to_string() ==
        "test.toml:9:14: broker.latency_ms: expected 0..60000, got 60001");
  CHECK(r.problems[3].to_string() ==
        "test.toml:10:16: broker.slippage_bps: expected 0..1000, got 1001");
  CHECK(r.problems[4].to_string() ==
        "test.toml:11:21: broker.max_participation: expected (0, 1], got 0");
  CHECK(r.problems[5].to_string() ==
        "test.toml:12:15: broker.allow_short: expected a boolean, got integer");
  // fee_bps was split into maker_fee_bps and taker_fee_bps.
  CHECK(r.problems[6].key == "broker.fee_bps");
  CHECK(r.problems[6].line == 13);
}

TEST_CASE("the whale percentile threshold is read and range-checked", "[config]") {
  auto ok = load("[market]\nsymbols = [\"AAA\"]\n[[feeds]]\nname = \"f\"\n"
                 "[detectors.whale]\npercentile_threshold = 0.99\n");
  INFO(all_problems(ok));
  REQUIRE(ok.ok());
  CHECK(ok.config.detectors.whale.percentile_threshold == 0.99);
  CHECK(load(minimal).config.detectors.whale.percentile_threshold == 0.998);
  check_single(load("[market]\nsymbols = [\"AAA\"]\n[[feeds]]\nname = \"f\"\n"
                    "[detectors.whale]\npercentile_threshold = 0.4\n"),
               6, 24, "detectors.whale.percentile_threshold", "expected 0.5..1, got 0.4");
}

TEST_CASE("synthetic gaps and bursts are read and range-checked", "[config]") {
  const auto defaults = load(minimal);
  const auto& d = defaults.config.feeds.at(0);
  CHECK(d.gap_probability == 0.0005);
  CHECK(d.gap_sigma == 0.01);
  CHECK(d.burst_probability == 0.0001);
  CHECK(d.burst_length == 5);
  auto ok = load("[market]\nsymbols = [\"AAA\"]\n[[feeds]]\nname = \"f\"\n"
                 "gap_probability = 1\ngap_sigma = 0.5\nburst_probability = 0\nburst_length = 1000\n");
  INFO(all_problems(ok));
  REQUIRE(ok.ok());
  const auto& f = ok.config.feeds.at(0);
  CHECK(f.gap_probability == 1);
  CHECK(f.gap_sigma == 0.5);
  CHECK(f.burst_probability == 0);
  CHECK(f.burst_length == 1000);
  auto bad = load("[market]\nsymbols = [\"AAA\"]\n[[feeds]]\nname = \"f\"\n"
                  "gap_probability = 1.5\ngap_sigma = 0\nburst_probability = -0.1\nburst_length = 0\n");
  INFO(all_problems(bad));
  REQUIRE(bad.problems.size() == 4);
  CHECK(bad.problems[0].to_string() == "test.toml:5:19: feeds[0].gap_probability: expected 0..1, got 1.5");
  CHECK(bad.problems[1].to_string() == "test.toml:6:13: feeds[0].gap_sigma: expected (0, 0.5], got 0");
  CHECK(bad.problems[2].to_string() ==
        "test.toml:7:21: feeds[0].burst_probability: expected 0..1, got -0.1");
  CHECK(bad.problems[3].to_string() == "test.toml:8:16: feeds[0].burst_length: expected 1..1000, got 0");
}

TEST_CASE("[http] allowlists, static_dir and request timeout", "[loader]") {
  const auto dir = std::filesystem::temp_directory_path() / "tickline-http-config-test";
  std::filesystem::create_directories(dir);
  const auto file = (dir / "node.toml").string();
  std::ofstream{file} << R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[http]
allowed_hosts = ["tickline.lan:8080", "10.0.0.2"]
allowed_origins = ["https://tickline.lan"]
static_dir = "www"
request_timeout_ms = 250
)toml";
  const auto ok = load_config_file(file);
  std::filesystem::remove_all(dir);
  INFO(all_problems(ok));
  REQUIRE(ok.ok());
  CHECK(ok.config.http.allowed_hosts == std::vector<std::string>{"tickline.lan:8080", "10.0.0.2"});
  CHECK(ok.config.http.allowed_origins == std::vector<std::string>{"https://tickline.lan"});
  CHECK(ok.config.http.static_dir == (dir / "www").string());  // relative to the config file
  CHECK(ok.config.http.request_timeout_ms == 250);

  const auto bad = load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[http]
allowed_hosts = ["evil.example/path"]
allowed_origins = ["tickline.lan"]
request_timeout_ms = 5
token = "has space"
)toml");
  INFO(all_problems(bad));
  REQUIRE(bad.problems.size() == 4);
  CHECK(bad.problems[0].to_string() == "test.toml:6:18: http.allowed_hosts[0]: expected host or host:port, got \"evil.example/path\"");
  CHECK(bad.problems[1].key == "http.allowed_origins[0]");
  CHECK(bad.problems[1].line == 7);
  CHECK(bad.problems[2].key == "http.request_timeout_ms");
  CHECK(bad.problems[3].key == "http.token");
}

TEST_CASE("a feed cannot take both trades and klines of its symbols", "[loader][feeds]") {
  const auto r = load(R"toml([market]
symbols = ["BTCUSDT"]

[[feeds]]
name = "b"
kind = "websocket"
url = "wss://stream.binance.com:9443"
streams = ["aggTrade", "kline_1m"]
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].key == "feeds[0].streams");
  CHECK(r.problems[0].message.rfind("trades and klines of the same symbols cannot be combined", 0) == 0);
  // Either one alone is fine.
  for (const auto* streams : {R"(["aggTrade", "depth@100ms"])", R"(["kline_1m"])"}) {
    const auto ok = load((std::string(R"toml([market]
symbols = ["BTCUSDT"]

[[feeds]]
name = "b"
kind = "websocket"
url = "wss://stream.binance.com:9443"
rest_url = "https://api.binance.com"
streams = )toml") + streams + "\n").c_str());
    INFO(all_problems(ok));
    CHECK(ok.ok());
  }
}

TEST_CASE("a depth stream needs the REST API of its snapshots", "[config][feeds][depth]") {
  const std::string head = R"toml([market]
symbols = ["BTCUSDT"]

[[feeds]]
name = "b"
kind = "websocket"
)toml";
  for (const auto* feed : {"url = \"wss://x:9443\"\nstreams = [\"depth@100ms\"]\n",
                           "url = \"wss://x:9443/ws/btcusdt@depth\"\n"}) {
    INFO(feed);
    const auto r = load((head + feed).c_str());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].key == "feeds[0].rest_url");
    CHECK(r.problems[0].message.rfind("a depth stream needs rest_url", 0) == 0);
  }
  auto r = load((head + "url = \"wss://x:9443\"\nstreams = [\"depth\"]\n"
                        "rest_url = \"ftp://x\"\ndepth_limit = 5001\n").c_str());
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].key == "feeds[0].rest_url");
  CHECK(r.problems[0].message.find("(http:// or https://)") != std::string::npos);
  CHECK(r.problems[1].key == "feeds[0].depth_limit");
  r = load((head + "url = \"wss://x:9443\"\nstreams = [\"depth\"]\n"
                   "rest_url = \"https://api.binance.com\"\ndepth_limit = 5000\n").c_str());
  INFO(all_problems(r));
  CHECK(r.ok());
  CHECK(r.config.feeds[0].depth_limit == 5000);
}

TEST_CASE("[learning] is checked with the place named", "[config][learning]") {
  const std::string head = "[market]\nsymbols = [\"BTCUSDT\"]\n[[feeds]]\nname = \"f\"\n\n[learning]\n";
  auto ok = load((head + "mode = \"off\"\nhorizons = [1, 3, 10]\ndefault_timeframe = \"5m\"\n").c_str());
  INFO(all_problems(ok));
  REQUIRE(ok.ok());
  CHECK(ok.config.learning.mode == "off");
  CHECK(ok.config.learning.horizons == std::vector<int>{1, 3, 10});
  CHECK(ok.config.learning.default_timeframe_ns == 300'000'000'000);
  auto apply = load((head + "mode = \"apply\"\nfeedback_horizon = 20\nround_outcomes = 80\n"
                             "max_step = 0.1\ndecay = 0.2\nmin_weight = 0.5\nmax_weight = 2\n").c_str());
  INFO(all_problems(apply));
  REQUIRE(apply.ok());
  CHECK(apply.config.learning.mode == "apply");
  CHECK(apply.config.learning.feedback_horizon == 20);
  CHECK(apply.config.learning.round_outcomes == 80);
  CHECK(apply.config.learning.max_step == 0.1);
  CHECK(apply.config.learning.decay == 0.2);
  CHECK(load(head.c_str()).config.learning.decay == 0.1);
  CHECK(apply.config.learning.min_weight == 0.5);
  CHECK(apply.config.learning.max_weight == 2);
  CHECK(load(head.c_str()).config.learning.feedback_horizon == 5);  // the first horizon
  auto mode = load((head + "mode = \"learn\"\n").c_str());
  REQUIRE(mode.problems.size() == 1);
  CHECK(mode.problems[0].key == "learning.mode");
  CHECK(mode.problems[0].message == "expected one of off, observe, apply, got \"learn\"");
  auto feedback = load((head + "feedback_horizon = 7\nz_min = 3\nz_cap = 2\nmax_weight = 0.5\n").c_str());
  REQUIRE(feedback.problems.size() == 3);
  CHECK(feedback.problems[0].key == "learning.feedback_horizon");
  CHECK(feedback.problems[0].message == "expected one of the horizons, got 7");
  CHECK(feedback.problems[1].key == "learning.z_cap");
  CHECK(feedback.problems[1].message == "expected at least z_min (3), got 2");
  CHECK(feedback.problems[2].key == "learning.max_weight");
  auto order = load((head + "horizons = [20, 5]\n").c_str());
  REQUIRE(order.problems.size() == 1);
  CHECK(order.problems[0].key == "learning.horizons");
  CHECK(order.problems[0].message == "expected at most 8 whole numbers of bars in ascending order");
  auto frac = load((head + "horizons = [2.5]\ndrift_keep = 2\n").c_str());
  REQUIRE(frac.problems.size() == 2);
  CHECK(frac.problems[0].key == "learning.horizons");
  CHECK(frac.problems[1].key == "learning.drift_keep");
  CHECK(load(head.c_str()).config.learning.horizons == std::vector<int>{5, 20});

  // [learning.thresholds]: bounds inside the detector's range, min <= max; volatility
  // thresholds are refused with the reason.
  auto th = load((head + "[learning.thresholds]\nstep = 0.05\nvolume_z = [2, 4]\n").c_str());
  INFO(all_problems(th));
  REQUIRE(th.ok());
  CHECK(th.config.learning.threshold_step == 0.05);
  REQUIRE(th.config.learning.threshold_bounds.size() == 1);
  CHECK(th.config.learning.threshold_bounds.at("volume_z") == std::pair<double, double>{2, 4});
  auto bad = load((head + "[learning.thresholds]\nstep = 0.9\nvolume_z = [4, 2]\n"
                          "squeeze_quantile = [0.1, 1.5]\nz_threshold = [2, 4]\n").c_str());
  REQUIRE(bad.problems.size() == 4);
  CHECK(bad.problems[0].key == "learning.thresholds.step");
  CHECK(bad.problems[1].key == "learning.thresholds.volume_z");
  CHECK(bad.problems[1].message == "expected [min, max] with min <= max");
  CHECK(bad.problems[2].key == "learning.thresholds.squeeze_quantile[1]");  // 1.5 > 0.999
  CHECK(bad.problems[3].key == "learning.thresholds.z_threshold");
  CHECK(bad.problems[3].message.find("volatility signals have no direction") != std::string::npos);
  CHECK(load(head.c_str()).config.learning.threshold_bounds.empty());
}

TEST_CASE("a binance broker's URLs and windows are checked", "[loader]") {
  const auto r = load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[broker]
kind = "binance"
base_url = "ftp://api.binance.com"
stream_url = "https://ws-api.binance.com/ws-api/v3"
recv_window_ms = 70000
poll_ms = 10
)toml");
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 4);
  CHECK(r.problems[0].to_string().rfind("test.toml:7:12: broker.base_url: ", 0) == 0);
  CHECK(r.problems[1].to_string() ==
        "test.toml:8:14: broker.stream_url: expected a ws:// or wss:// URL (or \"\" for none), got "
        "\"https://ws-api.binance.com/ws-api/v3\"");
  CHECK(r.problems[2].to_string().rfind("test.toml:9:18: broker.recv_window_ms: ", 0) == 0);
  CHECK(r.problems[3].to_string().rfind("test.toml:10:11: broker.poll_ms: ", 0) == 0);
  const auto ok = load(R"toml([market]
symbols = ["BTCUSDT"]
[[feeds]]
name = "f"
[broker]
kind = "binance"
base_url = "http://127.0.0.1:9000"
stream_url = ""
)toml");
  INFO(all_problems(ok));
  CHECK(ok.problems.empty());
  CHECK(ok.config.broker.base_url == "http://127.0.0.1:9000");
  CHECK(ok.config.broker.stream_url.empty());
  CHECK(ok.config.broker.api_key_env == "TICKLINE_BINANCE_API_KEY");
}
