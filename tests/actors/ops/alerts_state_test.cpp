#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "actors/ops/alerts_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s_ns = 1'000'000'000;

alert_rule_config rule(std::string name, std::string kind, std::int64_t interval_ns = 60 * s_ns) {
  alert_rule_config r;
  r.name = std::move(name);
  r.kind = std::move(kind);
  r.min_interval_ns = interval_ns;
  return r;
}

signal whale(double strength, std::int64_t ts_ns) {
  signal s;
  s.kind = signal_kind::whale;
  s.name = "large_trade";
  s.symbol = "BTCUSDT";
  s.strength = strength;
  s.ts_ns = ts_ns;
  return s;
}

} // namespace

TEST_CASE("a signal rule fires at its strength threshold, not just below", "[alerts]") {
  auto r = rule("strong", "signal");
  r.signal_kind = "whale";
  r.min_strength = 0.8;
  alerts_state st{{r}};
  CHECK(st.on_signal(whale(0.7999999, 1 * s_ns)).empty());
  auto out = st.on_signal(whale(0.8, 2 * s_ns));
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == "strong");
  CHECK(out[0].kind == "signal");
  CHECK(out[0].count == 1);
  CHECK(out[0].ts_ns == 2 * s_ns);
  auto data = nlohmann::json::parse(out[0].data);
  CHECK(data["symbol"] == "BTCUSDT");
  CHECK(data["strength"] == 0.8);
  // Another kind of signal never matches a whale rule, however strong.
  auto p = whale(1.0, 200 * s_ns);
  p.kind = signal_kind::pattern;
  CHECK(st.on_signal(p).empty());
}

TEST_CASE("repeats inside the interval are held and sent as one with their count", "[alerts]") {
  alerts_state st{{rule("any", "signal", 60 * s_ns)}};
  REQUIRE(st.on_signal(whale(0.5, 100 * s_ns)).size() == 1);   // first: at once
  CHECK(st.on_signal(whale(0.5, 110 * s_ns)).empty());         // held
  CHECK(st.on_signal(whale(0.6, 159 * s_ns)).empty());         // held, 59 s after
  CHECK(st.held("any") == 2);
  // The window edge: 100 + 60 = 160 s. One nanosecond short, nothing leaves.
  CHECK(st.flush(160 * s_ns - 1).empty());
  auto out = st.flush(160 * s_ns);
  REQUIRE(out.size() == 1);
  CHECK(out[0].count == 2);
  CHECK(out[0].ts_ns == 159 * s_ns);  // the last held event's time and data
  CHECK(nlohmann::json::parse(out[0].data)["strength"] == 0.6);
  CHECK(out[0].message.find("(2 times since the last alert)") != std::string::npos);
  CHECK(st.held("any") == 0);
  CHECK(st.sent("any") == 2);
  // The flush at 160 s opened a new window: an event at 219.9 s is held...
  CHECK(st.on_signal(whale(0.5, 219 * s_ns)).empty());
  // ...and an event at or after 220 s goes out at once carrying the held one: count 2.
  out = st.on_signal(whale(0.5, 220 * s_ns));
  REQUIRE(out.size() == 1);
  CHECK(out[0].count == 2);
  CHECK(out[0].ts_ns == 220 * s_ns);
}

TEST_CASE("rules keep separate windows", "[alerts]") {
  alerts_state st{{rule("a", "signal", 10 * s_ns), rule("b", "connection_lost", 10 * s_ns)}};
  REQUIRE(st.on_signal(whale(0.1, 1 * s_ns)).size() == 1);
  connection_status lost{"feed:sim", false, "silent for 2000 ms", 3, 2 * s_ns};
  auto out = st.on_connection(lost);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == "b");
  CHECK(out[0].message == "feed:sim lost: silent for 2000 ms");
  CHECK(nlohmann::json::parse(out[0].data)["reconnects"] == 3);
  // A connection coming back is not a loss.
  lost.connected = true;
  CHECK(st.on_connection(lost).empty());
}

TEST_CASE("a risk-state rule fires on changes to its states only", "[alerts]") {
  auto r = rule("stopped", "risk_state", 1);
  r.states = {"paused", "halted"};
  alerts_state st{{r, rule("every", "risk_state", 1)}};
  CHECK(st.on_trading_state("active", 1 * s_ns).empty());  // the baseline
  CHECK(st.on_trading_state("active", 2 * s_ns).empty());  // no change
  auto out = st.on_trading_state("reducing", 3 * s_ns);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == "every");
  out = st.on_trading_state("paused", 4 * s_ns);
  REQUIRE(out.size() == 2);
  CHECK(out[0].rule == "stopped");
  CHECK(out[0].message == "trading state reducing -> paused");
  CHECK(st.trading_state() == "paused");
}

TEST_CASE("a daily-loss rule fires once a day at its amount", "[alerts]") {
  auto r = rule("loss", "daily_loss", 1);
  r.amount = 500;
  alerts_state st{{r}};
  const std::int64_t day = 86'400 * s_ns;
  const std::int64_t t0 = 20'000 * day;  // a UTC midnight
  CHECK(st.on_equity(100'000, t0 + 1).empty());      // the day's baseline
  CHECK(st.on_equity(99'500.01, t0 + 2).empty());    // loss 499.99
  auto out = st.on_equity(99'500, t0 + 3);           // loss 500.00: at the amount
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "daily loss 500.00 reached 500.00 (equity 99500.00, day start 100000.00)");
  CHECK(st.on_equity(99'000, t0 + 4).empty());       // once per day
  // The next day starts from its first equity: 99,000, so 98,600 is only 400 down.
  CHECK(st.on_equity(99'000, t0 + day).empty());
  CHECK(st.on_equity(98'600, t0 + day + 1).empty());
  CHECK(st.on_equity(98'500, t0 + day + 2).size() == 1);
}

TEST_CASE("escalations are reported with how many", "[alerts]") {
  alerts_state st{{rule("esc", "escalation")}};
  CHECK(st.on_escalations(0, "", 1).empty());
  auto out = st.on_escalations(2, "market", 5 * s_ns);
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "2 escalation(s) in the supervision tree: market");
  auto j = nlohmann::json::parse(to_json(out[0]));
  CHECK(j["rule"] == "esc");
  CHECK(j["kind"] == "escalation");
  CHECK(j["count"] == 1);
  CHECK(j["ts_ns"] == 5 * s_ns);
  CHECK(j["data"]["escalations"] == 2);
}

TEST_CASE("alerts state round-trips through a snapshot", "[alerts][snapshot]") {
  auto loss = rule("loss", "daily_loss", 1);
  loss.amount = 100;
  const std::vector<alert_rule_config> rules{rule("any", "signal", 60 * s_ns), loss,
                                             rule("state", "risk_state", 1)};
  alerts_state st{rules};
  REQUIRE(st.on_signal(whale(0.5, 100 * s_ns)).size() == 1);
  CHECK(st.on_signal(whale(0.5, 110 * s_ns)).empty());
  CHECK(st.on_trading_state("active", 1).empty());
  CHECK(st.on_equity(1000, 2).empty());
  REQUIRE(st.on_equity(900, 3).size() == 1);

  alerts_state copy{rules};  // the rules come from the config, the memory from the snapshot
  test::load_state(test::save_state(st), copy);
  CHECK(copy.held("any") == 1);
  CHECK(copy.sent("any") == 1);
  CHECK(copy.sent("loss") == 1);
  CHECK(copy.trading_state() == "active");
  // The restored window and baseline behave as the original's.
  CHECK(copy.on_equity(800, 4).empty());             // already alerted today
  CHECK(copy.on_trading_state("halted", 5).size() == 1);
  auto out = copy.flush(160 * s_ns);
  REQUIRE(out.size() == 1);
  CHECK(out[0].count == 1);
  CHECK(out[0].ts_ns == 110 * s_ns);
}
