#include <catch2/catch.hpp>

#include <set>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <nlohmann/json.hpp>

#include "../storage/temp_dir.hpp"
#include "actors/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "storage/journal.hpp"

using namespace tickline;
using nlohmann::json;

// The demo node on CAF's deterministic test scheduler with a real "trades" journal: a
// trade leaves an entry record with its context and an exit record with its reason, and
// the exits add up to the portfolio's realized P&L.

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000'000;
constexpr std::int64_t slice = 50'000'000;

struct logged_fixture {
  test::temp_dir dir;
  std::shared_ptr<store> db = store::open(dir.sub("db"));
  std::shared_ptr<journal> trades = std::make_shared<journal>(db, "trades");
  node_system_config sys_cfg = node_system_config::testing();
  caf::actor_system sys{sys_cfg};
  caf::scheduler::test_coordinator& sched
    = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  std::shared_ptr<sim_clock> clk = std::make_shared<sim_clock>(t0);
  topology graph;
  std::int64_t next = 1;

  logged_fixture() {
    auto r = load_demo_config();
    REQUIRE(r.ok());
    topology_options opts;
    opts.self_timed_feeds = false;
    opts.trades_journal = trades;
    graph = topology::start(sys, r.config, clk, counters, opts);
    sched.run();
  }
  ~logged_fixture() {
    caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
    sched.run();
  }

  void advance(int n) {
    for (int i = 0; i < n; ++i, ++next) {
      clk->set_ns(t0 + next * slice);
      caf::anon_send(graph.feed(0), slice_atom::value, t0 + next * slice);
      sched.run();
    }
  }
  double figure(const std::string& name) const {
    auto f = counters->figures();
    return f.count(name) ? f.at(name) : -1;
  }
  std::vector<json> records() const {
    std::vector<json> out;
    for (const auto& e : trades->read_from(1))
      out.push_back(json::parse(e.payload));
    return out;
  }
};

} // namespace

TEST_CASE_METHOD(logged_fixture, "a trade is logged as an entry with its context and an exit with its reason",
                 "[trade_log][trading]") {
  int guard = 0;
  while (figure("open_positions") <= 0 && guard++ < 4000)
    advance(1);
  REQUIRE(figure("open_positions") > 0);
  CHECK(graph.registry->get("trade_logger"));

  // An emergency stop closes whatever is open.
  control_command c;
  c.kind = control_kind::emergency_stop;
  c.issuer = "test";
  c.reason = "trade log test";
  c.ts_ns = clk->now_ns();
  caf::anon_send(graph.registry->get("risk_supervisor"), c);
  sched.run();
  advance(100);
  REQUIRE(figure("open_positions") == 0);

  auto all = records();
  REQUIRE(all.size() >= 2);
  const auto& entry = all.front();
  INFO(entry.dump());
  CHECK(entry["kind"] == "entry");
  CHECK(entry["intent_id"].get<std::string>().rfind("strategy-", 0) == 0);
  CHECK(entry["trade_id"].get<std::string>().size() > 0);
  // The context the strategy decided on, and the risk supervisor's decision.
  CHECK(entry["entry_tag"].get<std::string>().find(':') != std::string::npos);
  CHECK(entry["signals"].size() >= 1);
  CHECK(entry["signals"][0].contains("features"));
  CHECK(entry["indicators"]["atr"].get<double>() > 0);
  CHECK(entry["sizing"]["equity"].get<double>() > 0);
  CHECK(entry["sizing"]["risk_fraction"] == 0.005);  // demo: risk_per_trade
  CHECK(entry["sizing"].contains("limited_by"));
  CHECK(entry["confidence"].get<double>() >= 0.6);     // demo: min_confidence
  CHECK(entry["risk"]["verdict"] != "deny");
  CHECK(entry["qty"].get<double>() <= entry["risk"]["approved_qty"].get<double>() + 1e-9);

  // Every exit says why; the last position was closed by the emergency stop.
  std::set<std::string> keys;
  double exit_pnl = 0;
  std::string last_reason;
  for (const auto& r : all) {
    keys.insert(r["key"].get<std::string>());
    if (r["kind"] != "exit")
      continue;
    CHECK(r["exit_reason"].get<std::string>().size() > 0);
    CHECK(r["exit_reason"] != "unknown");
    exit_pnl += r["realized_pnl"].get<double>();
    last_reason = r["exit_reason"];
  }
  CHECK(last_reason == "emergency_stop");
  CHECK(keys.size() == all.size());  // no fill twice
  // Flat: the exits' P&L is the portfolio's realized P&L (net of every fee).
  CHECK(exit_pnl == Approx(figure("realized_pnl")).margin(1e-6));
}
