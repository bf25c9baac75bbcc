// risk_state: operator commands (with their override records) and connection changes.

#include <catch2/catch.hpp>

#include "risk_test_helpers.hpp"

using namespace tickline;
using namespace tickline::test;

TEST_CASE("pause, resume and halt move the state and are recorded", "[risk][control]") {
  risk_state r{small_setup()};
  auto act = r.on_command(command(control_kind::pause, "alice", "news"), t0);
  REQUIRE(act.change);
  CHECK(act.change->from == trading_state::active);
  CHECK(act.change->to == trading_state::paused);
  CHECK(act.change->ts_ns == t0);
  CHECK(r.state_reason() == "command pause by alice: news");
  CHECK_FALSE(act.cancel_all);
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0).verdict == risk_verdict::deny);

  act = r.on_command(command(control_kind::halt, "bob"), t0 + sec);
  CHECK(act.change->to == trading_state::halted);
  CHECK(r.state_reason() == "command halt by bob");
  // A pause does not lift a halt, but is still recorded.
  CHECK_FALSE(r.on_command(command(control_kind::pause, "carol"), t0 + 2 * sec).change);
  CHECK(r.state() == trading_state::halted);
  act = r.on_command(command(control_kind::resume, "", "checked"), t0 + 3 * sec);
  CHECK(act.change->to == trading_state::active);
  CHECK(r.state_reason() == "command resume by unknown: checked");

  const auto& o = r.overrides();
  REQUIRE(o.size() == 4);
  CHECK(o[0].kind == control_kind::pause);
  CHECK(o[0].issuer == "alice");
  CHECK(o[0].reason == "news");
  CHECK(o[0].ts_ns == t0);
  CHECK(o[0].from == trading_state::active);
  CHECK(o[0].to == trading_state::paused);
  CHECK(o[2].issuer == "carol");
  CHECK(o[2].from == trading_state::halted);
  CHECK(o[2].to == trading_state::halted);
  CHECK(o[3].to == trading_state::active);
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0 + 4 * sec).verdict ==
        risk_verdict::approve);
}

TEST_CASE("emergency stop halts and asks to cancel and flatten everything", "[risk][control]") {
  risk_state r{small_setup()};
  const auto act = r.on_command(command(control_kind::emergency_stop, "ops", "venue outage"), t0);
  REQUIRE(act.change);
  CHECK(act.change->to == trading_state::halted);
  CHECK(act.cancel_all);
  CHECK(act.flatten_all);
  CHECK(risk_state::allows_cancel());
  // Flattening orders are reducing: they pass.
  CHECK(r.decide(intent("BTC", side::sell, 5), holding(account(), "BTC", 5), t0).verdict ==
        risk_verdict::approve);
}

TEST_CASE("close_all flattens and keeps at least REDUCING", "[risk][control]") {
  risk_state r{small_setup()};
  auto act = r.on_command(command(control_kind::close_all), t0);
  CHECK(act.change->to == trading_state::reducing);
  CHECK(act.cancel_all);
  CHECK(act.flatten_all);
  r.on_command(command(control_kind::halt), t0);
  act = r.on_command(command(control_kind::close_all), t0);
  CHECK_FALSE(act.change);  // stays halted
  CHECK(act.flatten_all);
  CHECK(r.state() == trading_state::halted);
}

TEST_CASE("disable_symbol stops entries in that symbol only", "[risk][control]") {
  risk_state r{small_setup()};
  r.on_command(command(control_kind::disable_symbol, "bob", "delisting", "BTC"), t0);
  CHECK_FALSE(r.symbol_enabled("BTC"));
  auto d = r.decide(intent("BTC", side::buy, 1), account(), t0);
  CHECK(d.reason == "symbol BTC disabled (command disable_symbol by bob: delisting)");
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), t0).verdict == risk_verdict::approve);
  CHECK(r.decide(intent("BTC", side::sell, 2), holding(account(), "BTC", 3), t0).verdict ==
        risk_verdict::approve);
  r.on_command(command(control_kind::enable_symbol, "bob", "", "BTC"), t0);
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0).verdict == risk_verdict::approve);
  CHECK(r.overrides().size() == 2);
  CHECK(r.overrides()[1].symbol == "BTC");
}

TEST_CASE("shutdown is not the risk supervisor's and leaves no record", "[risk][control]") {
  risk_state r{small_setup()};
  const auto act = r.on_command(command(control_kind::shutdown), t0);
  CHECK_FALSE(act.change);
  CHECK(r.overrides().empty());
}

TEST_CASE("resume re-bases the limits that halted or paused", "[risk][control]") {
  auto c = small_limits();
  c.max_daily_loss = 0;
  risk_state r{small_setup(c)};
  r.on_equity(100000, t0);
  r.on_equity(89000, t0 + sec);
  REQUIRE(r.state() == trading_state::halted);
  for (int i = 0; i < 3; ++i)
    r.on_trade_closed("BTC", -1, t0 + sec);
  r.on_command(command(control_kind::resume, "alice", "accepted"), t0 + 2 * sec);
  CHECK(r.state() == trading_state::active);
  CHECK(r.peak_equity() == 89000);
  CHECK(r.consecutive_losses() == 0);
  CHECK_FALSE(r.on_equity(89000, t0 + 3 * sec).change);
  // 10 % below the new peak halts again: 89000 * 0.9 = 80100.
  CHECK_FALSE(r.on_equity(80100.01, t0 + 4 * sec).change);
  CHECK(r.on_equity(80100, t0 + 5 * sec).change->to == trading_state::halted);
}

TEST_CASE("the override log keeps the latest 256", "[risk][control]") {
  risk_state r{small_setup()};
  for (int i = 0; i < 300; ++i)
    r.on_command(command(control_kind::pause, "op" + std::to_string(i)), t0 + i);
  CHECK(r.overrides().size() == 256);
  CHECK(r.overrides().front().issuer == "op44");
  CHECK(r.overrides().back().issuer == "op299");
}

TEST_CASE("a lost feed flattens the symbols it leaves without data", "[risk][connection]") {
  risk_state r{small_setup()};
  // ETH still has feed:g; BTC had only feed:f.
  auto act = r.on_connection({"feed:f", false, "stale", 0, t0});
  CHECK(act.flatten_symbols == std::vector<std::string>{"BTC"});
  CHECK(act.reason == "connection: feed:f lost (stale)");
  CHECK_FALSE(act.flatten_all);
  CHECK_FALSE(r.connected("feed:f"));
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0).reason ==
        "connection: every feed of BTC is lost");
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), t0).verdict == risk_verdict::approve);
  act = r.on_connection({"feed:g", false, "stale", 0, t0});
  CHECK(act.flatten_symbols == std::vector<std::string>{"ETH"});
  r.on_connection({"feed:f", true, "back", 1, t0});
  CHECK(r.connected("feed:f"));
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0).verdict == risk_verdict::approve);
  CHECK(r.on_connection({"feed:unknown", false, "", 0, t0}).flatten_symbols.empty());
  CHECK(r.connected("feed:unknown"));
}

TEST_CASE("a lost broker cancels and flattens everything and stops entries", "[risk][connection]") {
  risk_state r{small_setup()};
  auto act = r.on_connection({"broker:paper", false, "socket closed", 0, t0});
  CHECK(act.cancel_all);
  CHECK(act.flatten_all);
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0).reason ==
        "connection: broker:paper lost");
  r.on_connection({"broker:paper", true, "", 1, t0});
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0).verdict == risk_verdict::approve);

  auto c = small_limits();
  c.flatten_on_disconnect = false;
  risk_state quiet{small_setup(c)};
  act = quiet.on_connection({"broker:paper", false, "", 0, t0});
  CHECK_FALSE(act.flatten_all);
  CHECK(quiet.decide(intent("BTC", side::buy, 1), account(), t0).verdict == risk_verdict::deny);
}

TEST_CASE("the setup comes from the config", "[risk][control]") {
  engine_config c;
  c.market.symbols = {"BTC", "ETH"};
  feed_config f;
  f.name = "all";
  c.feeds.push_back(f);
  f.name = "eth";
  f.symbols = {"ETH"};
  c.feeds.push_back(f);
  c.scanner.timeframes = {"1s", "5m"};
  c.risk.calendar.timezone = "Europe/London";
  std::string error;
  auto s = make_risk_setup(c, error);
  INFO(error);
  REQUIRE(s);
  CHECK(s->timeframe_s == 300);
  CHECK(s->broker_source == "broker:paper");
  CHECK(s->feed_symbols.at("feed:all") == std::vector<std::string>{"BTC", "ETH"});
  CHECK(s->feed_symbols.at("feed:eth") == std::vector<std::string>{"ETH"});
  CHECK(s->calendar.zone().name() == "Europe/London");
  c.risk.blackout_file = "/nonexistent/blackouts.csv";
  CHECK_FALSE(make_risk_setup(c, error));
  CHECK(error == "/nonexistent/blackouts.csv: cannot open blackout file: No such file or directory");
}
