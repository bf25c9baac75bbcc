#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "http_api_fixture.hpp"

using namespace tickline;
using nlohmann::json;
using tickline::test::api_fixture;

namespace {

// The orders in the order manager's own state (its cereal JSON, a different rendering
// from the API's view) that are not filled (4), cancelled (5) or rejected (6).
std::set<std::string> open_in_state(const json& om_state) {
  std::set<std::string> out;
  for (const auto& id : om_state.at("open"))
    out.insert(id.get<std::string>());
  return out;
}

} // namespace

TEST_CASE_METHOD(api_fixture, "the API answers every endpoint with the node's values", "[http_api]") {
  int guard = 0;
  while ((figure("open_positions") <= 0 || figure("open_orders") <= 0) && guard++ < 4000)
    advance(1);
  REQUIRE(figure("open_positions") > 0);

  CHECK(get_json("/healthz") == json{{"status", "alive"}});
  auto ready = get_json("/readyz");
  CHECK(ready["ready"] == true);
  CHECK(ready["problems"].empty());

  auto status = get_json("/api/v1/status");
  CHECK(status["node"] == "test-node");
  CHECK(status["mode"] == "paper");
  CHECK(status["risk_state"] == "ACTIVE");
  CHECK(status["orders"] == counters->orders.load());
  CHECK(status["fills"] == counters->fills.load());
  CHECK(status["equity"].get<double>() == Approx(figure("equity")));
  CHECK(status["pnl"].get<double>() == Approx(figure("pnl")));
  REQUIRE(status["connections"].size() == 1);
  CHECK(status["connections"][0]["source"] == "feed:synthetic");
  CHECK(status["connections"][0]["status"] == "up");

  // Positions: the same holdings as the portfolio's own state, by a different rendering.
  auto positions = get_json("/api/v1/positions");
  CHECK(positions.size() == static_cast<std::size_t>(figure("open_positions")));
  auto book = get_json("/api/v1/actors/portfolio");
  CHECK(book["kind"] == "portfolio");
  CHECK(book["parent"] == "trading");
  std::map<std::string, double> held;
  for (const auto& [symbol, h] : book["state"]["holdings"].items())
    if (h["qty"].get<double>() != 0)
      held[symbol] = h["qty"];
  REQUIRE(positions.size() == held.size());
  for (const auto& p : positions) {
    CHECK(p["qty"].get<double>() == held.at(p["symbol"]));
    // unrealized = (last - average) * qty, by hand from the same row.
    CHECK(p["unrealized_pnl"].get<double>()
          == Approx((p["last_price"].get<double>() - p["avg_price"].get<double>()) * p["qty"].get<double>()));
  }

  // Orders: the open ones are exactly those open in the order manager's state.
  auto orders = get_json("/api/v1/orders");
  std::set<std::string> open_api;
  for (const auto& o : orders)
    if (o["status"] != "filled" && o["status"] != "cancelled" && o["status"] != "rejected")
      open_api.insert(o["client_id"].get<std::string>());
  auto om = get_json("/api/v1/actors/order_manager");
  CHECK(open_api == open_in_state(om["state"]));
  CHECK_FALSE(open_api.empty());

  // Signals: sequences count every logged signal; since= skips those seen.
  auto all = get_json("/api/v1/signals");
  const auto next = all["next"].get<std::uint64_t>();
  CHECK(next == counters->signals.load());
  CHECK(all["signals"].size() == std::min<std::uint64_t>(next, 1000));
  CHECK(all["signals"].back()["seq"] == next);
  auto tail = get_json("/api/v1/signals?since=" + std::to_string(next - 3));
  REQUIRE(tail["signals"].size() == 3);
  CHECK(tail["signals"][0]["seq"] == next - 2);
  CHECK(get_json("/api/v1/signals?since=" + std::to_string(next))["signals"].empty());

  auto risk = get_json("/api/v1/risk");
  CHECK(risk["state"] == "ACTIVE");
  CHECK(risk["limits"]["max_daily_loss"] == 1000.0);      // examples/demo.toml
  CHECK(risk["limits"]["max_drawdown_pct"] == 10.0);
  CHECK(risk["daily"]["entries"].get<int>() > 0);

  auto tree = get_json("/api/v1/tree");
  CHECK(tree.size() == graph.expected_nodes);
  bool http_in_ops = false;
  for (const auto& n : tree) {
    CHECK(n["status"] == "running");
    CHECK(n["mailbox"].get<std::int64_t>() >= 0);
    http_in_ops = http_in_ops || (n["name"] == "http" && n["parent"] == "ops");
  }
  CHECK(http_in_ops);

  auto sup = get_json("/api/v1/actors/trading");
  CHECK(sup["kind"] == "supervisor");
  CHECK(sup["strategy"] == "rest_for_one");
  auto missing = call("GET", "/api/v1/actors/nobody");
  CHECK(missing.status == 404);
  CHECK(json::parse(missing.body)["error"] == "no actor named nobody");

  auto metrics = call("GET", "/metrics");
  CHECK(metrics.status == 503);  // no metrics renderer plugged in
  auto page = call("GET", "/");
  CHECK(page.status == 200);
  CHECK(page.headers["content-type"] == "text/html; charset=utf-8");
  CHECK(page.body.find("/api/v1/status") != std::string::npos);
}

TEST_CASE_METHOD(api_fixture, "POST pause stops new orders; emergency-stop leaves nothing open",
                 "[http_api]") {
  auto paused = control("pause", R"({"reason": "lunch"})");
  REQUIRE(paused.status == 200);
  CHECK(json::parse(paused.body) == json{{"ok", true}, {"action", "pause"}, {"risk_state", "PAUSED"}});
  CHECK(risk_label() == "paused");
  advance(1200);  // a minute of market: the demo would have traded by now
  CHECK(counters->signals > 0);
  CHECK(counters->orders == 0);
  auto risk = get_json("/api/v1/risk");
  CHECK(risk["state"] == "PAUSED");
  REQUIRE(risk["overrides"].size() == 1);
  CHECK(risk["overrides"][0]["reason"] == "lunch");
  CHECK(risk["overrides"][0]["issuer"].get<std::string>().rfind("http 127.0.0.1:", 0) == 0);

  CHECK(control("resume").status == 200);
  CHECK(risk_label() == "active");
  int guard = 0;
  while ((figure("open_positions") <= 0 || figure("open_orders") <= 0) && guard++ < 4000)
    advance(1);
  REQUIRE(figure("open_positions") > 0);

  auto stop = control("emergency-stop");
  REQUIRE(stop.status == 200);
  CHECK(json::parse(stop.body)["risk_state"] == "HALTED");
  advance(100);  // the flattening market orders fill on the market data that follows
  CHECK(get_json("/api/v1/positions").empty());
  for (const auto& o : get_json("/api/v1/orders"))
    CHECK((o["status"] == "filled" || o["status"] == "cancelled" || o["status"] == "rejected"));
  // Every round trip is closed: the trades' net P&L is the realized P&L.
  auto trades = get_json("/api/v1/trades");
  REQUIRE_FALSE(trades.empty());
  double sum = 0;
  for (const auto& t : trades)
    sum += t["pnl"].get<double>();
  CHECK(sum == Approx(figure("realized_pnl")).margin(1e-6));
  CHECK(trades.back()["exit_reason"] == "emergency_stop");

  auto audit = audit_records();
  REQUIRE(audit.size() == 3);
  CHECK(audit[0]["action"] == "pause");
  CHECK(audit[1]["action"] == "resume");
  CHECK(audit[2]["action"] == "emergency-stop");
  for (const auto& a : audit) {
    CHECK(a["outcome"] == "accepted");
    CHECK(a["status"] == 200);
    CHECK(a.dump().find(tickline::test::api_token) == std::string::npos);
  }
}

TEST_CASE_METHOD(api_fixture, "symbols are disabled and enabled by POST", "[http_api]") {
  auto sym = load_demo_config().config.market.symbols.front();
  auto off = control("symbols/" + sym + "/disable");
  REQUIRE(off.status == 200);
  CHECK(json::parse(off.body)["action"] == "symbols/" + sym + "/disable");
  auto risk = get_json("/api/v1/risk");
  REQUIRE(risk["overrides"].size() == 1);
  CHECK(risk["overrides"][0]["command"] == "disable_symbol");
  CHECK(risk["overrides"][0]["symbol"] == sym);
  CHECK(control("symbols/" + sym + "/enable").status == 200);
  CHECK(get_json("/api/v1/risk")["overrides"][1]["command"] == "enable_symbol");
  CHECK(control("symbols/NOSUCH/disable").status == 404);
}
