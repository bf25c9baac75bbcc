#include <catch2/catch.hpp>

#include <csignal>
#include <sstream>
#include <thread>

#include <cereal/archives/portable_binary.hpp>
#include <nlohmann/json.hpp>

#include "actors/learning/learning_model.hpp"
#include "http_client.hpp"
#include "process.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"
#include "messages/decode_limit.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

// The learning daemon in a real node: its view and its controls over HTTP (token,
// audited), and a SIGKILL that loses no pending outcome: after the restart every signal
// the journal holds is accounted for exactly once.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";
const std::string inspect_bin = std::string{TICKLINE_BIN_DIR} + "/tickline-inspect";

std::string learning_config(std::uint16_t port) {
  return R"toml(
[node]
name = "learning"
data_dir = "state"
[logging]
level = "info"
[market]
symbols = ["AAA", "BBB"]
[[feeds]]
name = "syn"
ticks_per_second = 400
slice_ms = 10
whale_probability = 0.03
[scanner]
timeframes = ["1s"]
[detectors.whale]
min_samples = 20
[detectors.pattern]
enabled = true
[learning]
mode = "observe"
horizons = [2, 4]
default_timeframe = "1s"
round_outcomes = 20
min_outcomes = 5
[snapshots.detector]
every_messages = 100000
every_ms = 2000
[http]
enabled = true
listen = "127.0.0.1:)toml" + std::to_string(port) + "\"\n";
}

learning_model load_model(const std::shared_ptr<store>& db) {
  auto snap = snapshot_store{db}.get("learning_daemon");
  REQUIRE(snap.error.empty());
  REQUIRE(snap.record);
  REQUIRE(snap.record->type == "learning_model");
  learning_model m;
  std::istringstream is{snap.record->payload};
  cereal::PortableBinaryInputArchive ar{is};
  ar(m);
  return m;
}

// Signals ignored, pending, dropped, or done at the last horizon: each once.
std::uint64_t accounted(const learning_model& m) {
  double done = 0;
  for (const auto& row : m.stats.table(m.stats.settings().horizons.size() - 1, true))
    done += row.outcomes;
  return m.stats.ignored() + m.stats.pending() + m.stats.dropped()
         + static_cast<std::uint64_t>(done);
}

} // namespace

TEST_CASE("the learning daemon over HTTP, and a SIGKILL that loses no pending outcome",
          "[crash][learning]") {
  ::setenv("TICKLINE_API_TOKEN", "learning-test", 1);
  temp_dir dir;
  const auto port = free_port();
  dir.write("node.toml", learning_config(port));
  const std::vector<std::pair<std::string, std::string>> auth{
    {"Authorization", "Bearer learning-test"}, {"Content-Type", "application/json"}};
  {
    child node({tickline_bin, "run", "--config", "node.toml"}, dir.path());
    REQUIRE(node.wait_for_stderr("http: API on", 60s));
    std::this_thread::sleep_for(6s);

    auto view = http_call(port, "GET", "/api/v1/learning");
    REQUIRE(view.status == 200);
    auto j = nlohmann::json::parse(view.body);
    CHECK(j["mode"] == "observe");
    CHECK(j["feedback_horizon"] == 2);
    CHECK(j["pending"].get<std::uint64_t>() + j["recorded"].get<std::uint64_t>() > 0);
    CHECK(j["weights"]["frozen"] == false);
    auto metrics = http_call(port, "GET", "/metrics");
    REQUIRE(metrics.status == 200);
    CHECK(metrics.body.find("tickline_learning_outcomes ") != std::string::npos);
    CHECK(metrics.body.find("tickline_learning_frozen 0") != std::string::npos);
    // tickline-inspect learning: the same view as tables, and as JSON.
    const auto url = "http://127.0.0.1:" + std::to_string(port);
    auto shown = run({inspect_bin, "learning", "--url", url}, dir.path(), 30s);
    INFO(shown.out << shown.err);
    CHECK(shown.status == 0);
    CHECK(shown.out.find("learning: mode observe, model v") == 0);
    CHECK(shown.out.find("detector/pattern") != std::string::npos);
    CHECK(shown.out.find("latest versions:") != std::string::npos);
    auto as_json = run({inspect_bin, "learning", "--url", url, "--json"}, dir.path(), 30s);
    CHECK(as_json.status == 0);
    CHECK(nlohmann::json::parse(as_json.out)["mode"] == "observe");

    CHECK(http_call(port, "POST", "/api/v1/control/learning/freeze", "{}").status == 401);
    auto freeze = http_call(port, "POST", "/api/v1/control/learning/freeze",
                            R"({"reason": "test freeze"})", auth);
    INFO(freeze.body);
    CHECK(freeze.status == 200);
    // Frozen, no round makes a version: the rollback's is the next one.
    const auto version =
      nlohmann::json::parse(http_call(port, "GET", "/api/v1/learning").body)["weights"]["version"].get<std::uint64_t>();
    auto back = http_call(port, "POST", "/api/v1/control/learning/rollback", R"({"version": 0})",
                          auth);
    INFO(back.body);
    CHECK(back.status == 200);
    auto unknown = http_call(port, "POST", "/api/v1/control/learning/rollback",
                             R"({"version": 999})", auth);
    CHECK(unknown.status == 409);
    CHECK(unknown.body.find("model version 999 is not kept") != std::string::npos);
    j = nlohmann::json::parse(http_call(port, "GET", "/api/v1/learning").body);
    CHECK(j["weights"]["frozen"] == true);
    CHECK(j["weights"]["version"] == version + 1);
    CHECK(j["weights"]["current"].empty());
    CHECK(j["weights"]["history"][0]["reason"].get<std::string>().find("rollback to 0 by http")
          == 0);

    std::this_thread::sleep_for(3s);  // more signals after the last snapshot
    node.signal(SIGKILL);
    CHECK(node.wait(30s).status == 128 + SIGKILL);
  }
  std::uint64_t journaled = 0;
  {
    auto db = store::open(dir.path() + "/state/db", true);
    journaled = journal{db, "signals"}.last_seq();
    const auto before = load_model(db);
    INFO("journaled " << journaled << ", the snapshot accounts for " << before.signal_cursor);
    REQUIRE(journaled > 20);
    CHECK(before.signal_cursor < journaled);  // the kill came after the last snapshot
    // The changes went to the learning journal, the requests to the audit journal.
    int freezes = 0, rollbacks = 0;
    for (const auto& e : journal{db, "learning"}.read_from(1)) {
      auto r = nlohmann::json::parse(e.payload);
      freezes += r["type"] == "freeze";
      rollbacks += r["type"] == "weights"
                   && r["reason"].get<std::string>().find("rollback to 0") == 0;
    }
    CHECK(freezes == 1);
    CHECK(rollbacks == 1);
    int audited = 0;
    for (const auto& e : journal{db, "audit"}.read_from(1))
      audited += e.payload.find("learning/") != std::string::npos;
    CHECK(audited == 4);  // the 401, freeze, rollback, and the refused rollback
  }
  auto again = run({tickline_bin, "run", "--config", "node.toml", "--for", "1500ms"}, dir.path(), 90s);
  INFO(again.err.substr(again.err.size() > 3000 ? again.err.size() - 3000 : 0));
  REQUIRE(again.status == 0);
  CHECK(again.err.find("learning daemon: read back") != std::string::npos);
  auto db = store::open(dir.path() + "/state/db", true);
  const auto after = load_model(db);
  const auto total = journal{db, "signals"}.last_seq();
  CHECK(total >= journaled);
  CHECK(after.signal_cursor == total);
  CHECK(accounted(after) == total);  // every journaled signal, once
  CHECK(after.weights.frozen());     // the freeze survived the crash
  db.reset();

  // The offline report: the figures, the weight in use, the versions and who froze them.
  auto report = run({tickline_bin, "learning", "report", "--data-dir", "state", "--html",
                     "learning.html"},
                    dir.path(), 60s);
  INFO(report.out << report.err);
  REQUIRE(report.status == 0);
  CHECK(report.out.find("outcomes recorded") != std::string::npos);
  CHECK(report.out.find("(frozen)") != std::string::npos);
  CHECK(report.out.find("whale/large_trade") != std::string::npos);
  CHECK(report.out.find("rollback to 0 by http") != std::string::npos);
  CHECK(report.out.find("freeze by http") != std::string::npos);
  const auto page = read_file(dir.path() + "/learning.html");
  CHECK(page.find("<td>whale/large_trade</td>") != std::string::npos);
  // tickline-inspect learning --data-dir: the stopped node's snapshot, frozen and all.
  auto offline = run({inspect_bin, "learning", "--data-dir", "state"}, dir.path(), 30s);
  INFO(offline.out << offline.err);
  CHECK(offline.status == 0);
  CHECK(offline.out.find("learning: mode (offline), model v") == 0);
  CHECK(offline.out.find("(frozen)") != std::string::npos);
  CHECK(offline.out.find("rollback to 0 by http") != std::string::npos);
  auto missing = run({tickline_bin, "learning", "report", "--data-dir", "nowhere"}, dir.path(), 30s);
  CHECK(missing.status == 2);
  CHECK(missing.err.find("--data-dir nowhere: not a directory") != std::string::npos);
  ::unsetenv("TICKLINE_API_TOKEN");
}
