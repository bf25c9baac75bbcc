#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;
using nlohmann::json;

// End to end: the real `tickline` binary in a fresh directory.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

// A busy little market so that a couple of seconds give bars and signals.
const char* fast_config = R"toml(
[node]
name = "e2e"
data_dir = "state"
[logging]
level = "warn"
[market]
symbols = ["AAA", "BBB"]
[[feeds]]
name = "syn"
ticks_per_second = 1000
slice_ms = 20
whale_probability = 0.02
[scanner]
timeframes = ["1s"]
indicators = ["sma(5)", "rsi(5)"]
[detectors.whale]
min_samples = 20
)toml";

json read_summary(const temp_dir& dir) {
  auto text = read_file(dir.path() + "/s.json");
  REQUIRE_FALSE(text.empty());
  return json::parse(text);
}

} // namespace

TEST_CASE("run --for stops by itself and writes the summary", "[cli]") {
  temp_dir dir;
  dir.write("node.toml", fast_config);
  auto r = run({tickline_bin, "run", "--config", "node.toml", "--for", "2s", "--summary", "s.json"},
               dir.path(), 60s);
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto s = read_summary(dir);
  for (auto key : {"ticks", "bars", "signals", "orders", "fills", "restarts", "snapshots", "errors"})
    CHECK(s.contains(key));
  // Two symbols at 1,000 trades/s for 2 s: about 4,000 trades.
  CHECK(s["ticks"].get<int>() > 2000);
  CHECK(s["bars"].get<int>() >= 2);
  CHECK(s["signals"].get<int>() > 0);
  CHECK(s["errors"] == 0);
  CHECK(s["duration_s"].get<double>() >= 2.0);
  CHECK(std::filesystem::is_directory(dir.path() + "/state"));
}

TEST_CASE("SIGTERM and SIGINT stop a node gracefully with exit 0", "[cli]") {
  for (int sig : {SIGTERM, SIGINT}) {
    temp_dir dir;
    std::string cfg = fast_config;
    cfg.replace(cfg.find("level = \"warn\""), 14, "level = \"info\"");
    dir.write("node.toml", cfg);
    child node{{tickline_bin, "run", "--config", "node.toml", "--summary", "s.json"}, dir.path()};
    // The topology line is logged once every actor is spawned; then let it trade a while.
    REQUIRE(node.wait_for_stderr("topology:", 30s));
    std::this_thread::sleep_for(300ms);
    node.signal(sig);
    auto r = node.wait(30s);
    INFO("signal " << sig << ": " << r.err);
    CHECK(r.status == 0);
    auto s = read_summary(dir);
    CHECK(s["ticks"].get<int>() > 0);
  }
}

TEST_CASE("a second node on a data directory in use refuses at once, naming the first", "[cli]") {
  temp_dir dir;
  std::string cfg = fast_config;
  cfg.replace(cfg.find("level = \"warn\""), 14, "level = \"info\"");
  dir.write("node.toml", cfg);
  child first{{tickline_bin, "run", "--config", "node.toml"}, dir.path()};
  REQUIRE(first.wait_for_stderr("topology:", 30s));
  const auto started = std::chrono::steady_clock::now();
  auto second = run({tickline_bin, "run", "--config", "node.toml", "--for", "5s"}, dir.path(), 30s);
  INFO(second.err);
  CHECK(second.status == 1);
  CHECK(second.err.find("is in use by another tickline (pid " + std::to_string(first.pid())) !=
        std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < 5s);  // at once, not after its --for
  first.signal(SIGTERM);
  CHECK(first.wait(30s).status == 0);
  // Once it is gone the directory is free again.
  auto third = run({tickline_bin, "run", "--config", "node.toml", "--for", "500ms"}, dir.path(), 60s);
  CHECK(third.status == 0);
}

TEST_CASE("the demo config runs with no --config", "[cli]") {
  temp_dir dir;
  auto r = run({tickline_bin, "run", "--for", "1s", "--summary", "s.json"}, dir.path(), 60s);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.find("node tickline-demo starting") != std::string::npos);
  CHECK(read_summary(dir)["ticks"].get<int>() > 0);
}

TEST_CASE("config check accepts the shipped examples", "[cli]") {
  // binance-live.toml takes its webhook secret from the environment, as documented.
  ::setenv("TICKLINE_WEBHOOK_SECRET", "for-the-check", 1);
  for (auto name : {"demo.toml", "minimal.toml", "csv-replay.toml", "binance-live.toml"}) {
    temp_dir dir;
    auto path = std::string{TICKLINE_SOURCE_DIR} + "/examples/" + name;
    auto r = run({tickline_bin, "config", "check", path}, dir.path());
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find(": ok (") != std::string::npos);
  }
  ::unsetenv("TICKLINE_WEBHOOK_SECRET");
}

TEST_CASE("config check rejects each bad config with its location", "[cli]") {
  struct bad_case {
    const char* what;
    const char* text;
    const char* expected;  // must appear in stderr
  };
  const std::string base = "[market]\nsymbols = [\"AAA\"]\n[[feeds]]\nname = \"f\"\n";
  std::vector<bad_case> cases{
    {"malformed TOML", "[market\nsymbols = 1\n", "bad.toml:1:"},
    {"unknown key", "[market]\nsymbols = [\"AAA\"]\nsymbolz = 1\n[[feeds]]\nname = \"f\"\n",
     "bad.toml:3:1: market.symbolz: unknown key; did you mean `symbols`?"},
    {"wrong type", "[node]\nthreads = \"four\"\n", "bad.toml:2:11: node.threads:"},
    {"out of range", "[node]\nthreads = 1000\n", "bad.toml:2:11: node.threads: expected 0..256"},
    {"bad enum", "[supervision.market]\nstrategy = \"one_for_many\"\n",
     "bad.toml:2:12: supervision.market.strategy: expected one of"},
  };
  for (const auto& c : cases) {
    temp_dir dir;
    std::string text = c.text;
    if (text.find("[market]") == std::string::npos)
      text += base;
    auto path = dir.write("bad.toml", text);
    auto r = run({tickline_bin, "config", "check", path}, dir.path());
    INFO(c.what << "\n" << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("config check names a missing file", "[cli]") {
  temp_dir dir;
  auto r = run({tickline_bin, "config", "check", "nope.toml"}, dir.path());
  CHECK(r.status == 2);
  CHECK(r.err.find("nope.toml") != std::string::npos);
  CHECK(r.err.find("cannot open") != std::string::npos);
}

TEST_CASE("run with a bad config starts nothing and exits 2", "[cli]") {
  temp_dir dir;
  dir.write("bad.toml", "[node]\ndata_dir = \"state\"\nthreads = -1\n[market]\nsymbols = [\"A\"]\n"
                        "[[feeds]]\nname = \"f\"\n");
  auto r = run({tickline_bin, "run", "--config", "bad.toml", "--for", "1s", "--summary", "s.json"},
               dir.path());
  CHECK(r.status == 2);
  CHECK(r.err.find("bad.toml:3:11: node.threads") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/state"));
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/s.json"));
}

TEST_CASE("run rejects a malformed --for", "[cli]") {
  temp_dir dir;
  auto r = run({tickline_bin, "run", "--for", "ten seconds"}, dir.path());
  CHECK(r.status == 2);
  CHECK(r.err.find("--for") != std::string::npos);
}
