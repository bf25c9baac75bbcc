#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "../../../storage/temp_dir.hpp"
#include "storage/journal.hpp"
#include "../../node/trading_fixture.hpp"

using namespace tickline;
using nlohmann::json;

// The demo node with a real "trades" journal: a trade leaves an entry record with its
// context and an exit record with its reason, and the exits add up to the portfolio's
// realized P&L.

namespace {

// Made before the node, which journals into it.
struct trades_store {
  test::temp_dir dir;
  std::shared_ptr<store> db = store::open(dir.sub("db"));
  std::shared_ptr<journal> trades = std::make_shared<journal>(db, "trades");
};

struct logged_fixture : trades_store, test::trading_fixture {
  logged_fixture() : trading_fixture(trades) {}

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
  command(control_kind::emergency_stop);
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
