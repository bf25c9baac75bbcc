#include <catch2/catch.hpp>

#include <csignal>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "storage/journal.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

// SIGKILL a running node at random moments, restart it each time, and check that every
// actor restores its snapshot and that no journal entry acknowledged before a kill is
// lost or written twice.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

const char* crash_config = R"toml(
[node]
name = "crash"
data_dir = "state"
[logging]
level = "info"
[market]
symbols = ["AAA", "BBB", "CCC"]
[[feeds]]
name = "syn"
ticks_per_second = 1000
slice_ms = 10
whale_probability = 0.02
[detectors.whale]
min_samples = 20
[snapshots.feed]
every_messages = 20
every_ms = 100
[snapshots.scanner]
every_messages = 50
every_ms = 100
[snapshots.detector]
every_messages = 50
every_ms = 100
[snapshots.signal_log]
every_messages = 10
every_ms = 100
)toml";

const std::vector<std::string> workers{
  "feed:syn",          "scanner:AAA",        "scanner:BBB",        "scanner:CCC",
  "detector:whale:AAA", "detector:whale:BBB", "detector:whale:CCC", "signal_log"};

// "journaled signal seq=N key=K" lines: what the node acknowledged as on disk.
std::map<std::string, std::uint64_t> acknowledged(const std::string& log) {
  std::map<std::string, std::uint64_t> out;
  std::regex re{R"(journaled signal seq=(\d+) key=(\S+))"};
  std::istringstream in{log};
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, re))
      out[m[2]] = std::stoull(m[1]);
  }
  return out;
}

} // namespace

TEST_CASE("a node killed with SIGKILL 20 times restores and loses no journal entry", "[crash]") {
  temp_dir dir;
  dir.write("node.toml", crash_config);
  std::mt19937 rng{20261121};
  std::uniform_int_distribution<int> pause_ms{150, 900};
  std::map<std::string, std::uint64_t> acked;
  const int kills = 20;
  for (int run = 0; run < kills; ++run) {
    child node{{tickline_bin, "run", "--config", "node.toml"}, dir.path()};
    if (run == 0) {
      REQUIRE(node.wait_for_stderr("topology:", 30s));
      std::this_thread::sleep_for(1200ms);  // long enough for every actor's first snapshot
    } else {
      // Every actor restores before its first message; wait until all have.
      for (const auto& w : workers)
        REQUIRE(node.wait_for_stderr("restored " + w + " from snapshot", 30s));
      std::this_thread::sleep_for(std::chrono::milliseconds{pause_ms(rng)});
    }
    node.signal(SIGKILL);
    auto r = node.wait(30s);
    INFO("run " << run << "\n" << r.err.substr(r.err.size() > 3000 ? r.err.size() - 3000 : 0));
    REQUIRE(r.status == 128 + SIGKILL);
    CHECK(r.err.find("starting clean") == std::string::npos);
    for (const auto& [key, seq] : acknowledged(r.err)) {
      auto [it, fresh] = acked.emplace(key, seq);
      CHECK(it->second == seq);  // a key keeps its sequence number across runs
    }
  }
  REQUIRE(acked.size() > 20);

  // A last, graceful run: every actor restores and the node stops cleanly.
  auto last = run({tickline_bin, "run", "--config", "node.toml", "--for", "1s", "--summary", "s.json"},
                  dir.path(), 60s);
  INFO(last.err.substr(last.err.size() > 3000 ? last.err.size() - 3000 : 0));
  REQUIRE(last.status == 0);
  auto summary = nlohmann::json::parse(read_file(dir.path() + "/s.json"));
  CHECK(summary["snapshots_restored"].get<int>() >= static_cast<int>(workers.size()));
  CHECK(summary["errors"] == 0);
  for (const auto& [key, seq] : acknowledged(last.err))
    acked.emplace(key, seq);

  // The journal: sequence numbers 1..N without a gap, no signal twice, and every
  // acknowledged entry present under its acknowledged number.
  auto db = store::open(dir.path() + "/state/db", true);
  journal j{db, "signals"};
  auto entries = j.read_from(1);
  REQUIRE(entries.size() == j.last_seq());
  std::set<std::string> keys;
  std::map<std::string, std::uint64_t> seq_of;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    REQUIRE(entries[i].seq == i + 1);
    auto s = nlohmann::json::parse(entries[i].payload);
    auto key = s["source"].get<std::string>() + "|" + s["name"].get<std::string>() + "|"
               + std::to_string(s["ts_ns"].get<std::int64_t>());
    CHECK(keys.insert(key).second);
    seq_of[key] = entries[i].seq;
  }
  std::size_t missing = 0;
  for (const auto& [key, seq] : acked) {
    auto it = seq_of.find(key);
    if (it == seq_of.end() || it->second != seq)
      ++missing;
  }
  CHECK(missing == 0);
}
