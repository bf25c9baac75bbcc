// risk_state: decisions, the guards seen through decide(), limits moving the state, the
// day boundary, and snapshots. Commands and connections are in risk_state_control_test.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "risk_test_helpers.hpp"
#include "../../snapshot.hpp"

using namespace tickline;
using namespace tickline::test;

TEST_CASE("an entry within every limit is approved, counted and logged", "[risk]") {
  risk_state r{small_setup()};
  const auto d = r.decide(intent("BTC", side::buy, 10, "a"), account(), t0);
  CHECK(d.verdict == risk_verdict::approve);
  CHECK(d.approved_qty == 10);
  CHECK(d.requested_qty == 10);
  CHECK(d.reason == "entry within every limit");
  CHECK(d.intent_id == "a");
  CHECK(d.state == trading_state::active);
  CHECK(d.ts_ns == t0);
  CHECK(r.entries_today() == 1);
  REQUIRE(r.decisions().size() == 1);
  CHECK(r.decisions().back().intent_id == "a");
  CHECK(risk_state::allows_cancel());
}

TEST_CASE("malformed intents and unpriced symbols are denied", "[risk]") {
  risk_state r{small_setup()};
  for (double qty : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    const auto d = r.decide(intent("BTC", side::buy, qty), account(), t0);
    CHECK(d.verdict == risk_verdict::deny);
    CHECK(d.reason.rfind("invalid intent: quantity must be positive and finite", 0) == 0);
  }
  CHECK(r.decide(intent("", side::buy, 1), account(), t0).reason == "invalid intent: no symbol");
  CHECK(r.decide(intent("XRP", side::buy, 1), account(), t0).reason == "no price known for XRP");
  CHECK(r.entries_today() == 0);
}

TEST_CASE("the per-symbol cap reduces an entry to what fits", "[risk]") {
  risk_state r{small_setup()};
  // 150 at 100 = 15000 against 10000: 100 fit.
  auto d = r.decide(intent("BTC", side::buy, 150), account(), t0);
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == Approx(100));
  CHECK(d.reason == "max_position_notional BTC: 15000 after the order, limit 10000");
  // A limit order is valued at its limit price: 60 at 200 = 12000 -> 50.
  auto li = intent("ETH", side::buy, 60);
  li.type = order_type::limit;
  li.limit_price = 200;
  d = r.decide(li, account(), t0);
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == Approx(50));
}

TEST_CASE("gross exposure of the context's positions at their marks", "[risk]") {
  auto c = small_limits();
  c.max_gross_exposure = 12000;
  risk_state r{small_setup(c)};
  // ETH short 160 at 50 = 8000 gross: BTC at 100 has room for 40.
  const auto ctx = holding(account(), "ETH", -160);
  auto d = r.decide(intent("BTC", side::buy, 41), ctx, t0);
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == Approx(40));
  CHECK(d.reason == "max_gross_exposure: 12100 after the order, limit 12000");
  d = r.decide(intent("ETH", side::buy, 40), ctx, t0);  // reducing: always fine
  CHECK(d.verdict == risk_verdict::approve);
}

TEST_CASE("approved entries count against the caps until they settle", "[risk][pending]") {
  auto c = small_limits();
  c.max_gross_exposure = 12000;
  c.max_trades_per_day = 10;
  c.max_correlated_positions = 0;
  risk_state r{small_setup(c)};
  // A burst: the portfolio holds nothing yet when the second and third arrive.
  auto d = r.decide(intent("BTC", side::buy, 80, "a"), account(), t0);  // 8000
  CHECK(d.verdict == risk_verdict::approve);
  REQUIRE(r.pending_entries().count("a") == 1);
  CHECK(r.pending_entries().at("a").qty == 80);
  CHECK(r.pending_entries().at("a").price == 100);
  d = r.decide(intent("ETH", side::sell, 100, "b"), account(), t0);  // 5000, 4000 fit
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == Approx(80));
  CHECK(d.reason == "max_gross_exposure: 13000 after the order, limit 12000");
  CHECK(r.pending_entries().at("b").qty == Approx(-80));
  d = r.decide(intent("BTC", side::buy, 1, "c"), account(), t0 + 61 * sec);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(d.reason == "max_gross_exposure: 12100 after the order, limit 12000");
  CHECK(r.pending_entries().count("c") == 0);
  // The per-symbol cap sees the pending BTC too: 80 pending + 30 = 11000 > 10000.
  c.max_gross_exposure = 0;
  risk_state solo{small_setup(c)};
  REQUIRE(solo.decide(intent("BTC", side::buy, 80, "a"), account(), t0).approved_qty == 80);
  d = solo.decide(intent("BTC", side::buy, 30, "b"), account(), t0 + 61 * sec);
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == Approx(20));
  // Settled: the fills are in the positions, the pending entry goes. "a" filled 80;
  // "b" ended unfilled: nothing held, and the room is back.
  solo.on_settled({"a", "b"});
  CHECK(solo.pending_entries().empty());
  d = solo.decide(intent("BTC", side::buy, 30, "c"), holding(account(), "BTC", 80),
                  t0 + 122 * sec);
  CHECK(d.approved_qty == Approx(20));
  d = solo.decide(intent("ETH", side::buy, 30, "d"), account(), t0 + 122 * sec);
  CHECK(d.verdict == risk_verdict::approve);
}

TEST_CASE("a pending entry never settled stops counting after its timeout", "[risk][pending]") {
  auto c = small_limits();
  c.max_trades_per_day = 10;
  risk_state r{small_setup(c)};
  REQUIRE(r.decide(intent("BTC", side::buy, 100, "a"), account(), t0).approved_qty == 100);
  auto d = r.decide(intent("BTC", side::buy, 10, "b"), account(), t0 + 61 * sec);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(d.reason == "max_position_notional BTC: 11000 after the order, limit 10000");
  d = r.decide(intent("BTC", side::buy, 10, "c"), account(),
               t0 + risk_state::pending_timeout_ns + 1);
  CHECK(d.verdict == risk_verdict::approve);
  CHECK(r.pending_entries().count("a") == 0);
  // Pending entries survive a snapshot (a restart of the risk supervisor).
  risk_state back{small_setup(c)};
  load_state(save_state(r), back);
  REQUIRE(back.pending_entries().count("c") == 1);
  CHECK(back.pending_entries().at("c").qty == 10);
  // ... and still count: 10 pending + 95 = 10500 > 10000 (the sums are rebuilt on load).
  d = back.decide(intent("BTC", side::buy, 95, "d"), account(),
                  t0 + risk_state::pending_timeout_ns + 62 * sec);
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == Approx(90));
  back.on_settled({"c", "d"});
  d = back.decide(intent("BTC", side::buy, 100, "e"), account(),
                  t0 + risk_state::pending_timeout_ns + 123 * sec);
  CHECK(d.verdict == risk_verdict::approve);
}

TEST_CASE("reducing orders pass in every state; a flip keeps only its closing part", "[risk]") {
  risk_state r{small_setup()};
  r.on_command(command(control_kind::halt, "alice", "audit"), t0);
  const auto ctx = holding(account(), "BTC", 10);
  auto d = r.decide(intent("BTC", side::sell, 10), ctx, t0);
  CHECK(d.verdict == risk_verdict::approve);
  CHECK(d.reason == "reducing order: position 10");
  CHECK(d.state == trading_state::halted);
  d = r.decide(intent("BTC", side::sell, 25), ctx, t0);
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == 10);
  CHECK(d.reason == "state halted (command halt by alice: audit): only reducing orders; only "
                    "the part closing the position is allowed");
  d = r.decide(intent("BTC", side::buy, 1), ctx, t0);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(r.entries_today() == 0);
}

TEST_CASE("cooldown_ms is per symbol and ends exactly after the cooldown", "[risk]") {
  risk_state r{small_setup()};
  REQUIRE(r.decide(intent("BTC", side::buy, 1), account(), t0).verdict == risk_verdict::approve);
  auto d = r.decide(intent("BTC", side::buy, 1), account(), t0 + 60 * sec - 1);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(d.reason == "cooldown_ms: 59999 ms since the last entry in BTC, less than 60000");
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), t0 + 60 * sec - 1).verdict ==
        risk_verdict::approve);
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0 + 60 * sec).verdict ==
        risk_verdict::approve);
}

TEST_CASE("max_trades_per_day counts entries until the next UTC day", "[risk]") {
  risk_state r{small_setup()};
  for (int i = 0; i < 3; ++i)
    REQUIRE(r.decide(intent("BTC", side::buy, 1), account(), t0 + i * 60 * sec).verdict ==
            risk_verdict::approve);
  auto d = r.decide(intent("ETH", side::buy, 1), account(), t0 + 180 * sec);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(d.reason == "max_trades_per_day: 3 entries today, limit 3");
  // t0 is 12:00Z: the next day starts 12 hours later.
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), t0 + 12 * 3600 * sec - 1).verdict ==
        risk_verdict::deny);
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), t0 + 12 * 3600 * sec).verdict ==
        risk_verdict::approve);
  CHECK(r.entries_today() == 1);
}

TEST_CASE("the day turns at New York midnight, on the DST day too", "[risk]") {
  auto setup = small_setup();
  setup.limits.max_trades_per_day = 1;
  std::string error;
  calendar_config cal;
  cal.timezone = "America/New_York";
  setup.calendar = *trading_calendar::from_config(cal, error);
  risk_state r{setup};
  // 1772971200 = 2026-03-08T12:00Z = 08:00 EDT; 1773028800 = 2026-03-09T04:00Z = 00:00 EDT.
  REQUIRE(r.decide(intent("BTC", side::buy, 1), account(), 1772971200 * sec).verdict ==
          risk_verdict::approve);
  // 03:59:59Z is 23:59:59 EDT, still the 8th (with a fixed EST offset it would be 22:59).
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), 1773028800 * sec - sec).reason ==
        "max_trades_per_day: 1 entries today, limit 1");
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), 1773028800 * sec).verdict ==
        risk_verdict::approve);
}

TEST_CASE("max_daily_loss turns REDUCING until the next day", "[risk]") {
  risk_state r{small_setup()};
  CHECK_FALSE(r.on_equity(100000, t0).change);
  CHECK_FALSE(r.on_equity(99000.01, t0 + sec).change);
  CHECK(r.day_pnl() == Approx(-999.99));
  const auto act = r.on_equity(99000, t0 + 2 * sec);
  REQUIRE(act.change);
  CHECK(act.change->from == trading_state::active);
  CHECK(act.change->to == trading_state::reducing);
  CHECK(act.change->reason == "max_daily_loss: the day's P&L is -1000, limit 1000");
  auto d = r.decide(intent("BTC", side::buy, 1), account(99000), t0 + 3 * sec);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(d.reason == "state reducing (max_daily_loss: the day's P&L is -1000, limit 1000): only "
                    "reducing orders");
  // The next UTC day starts from the equity then.
  const auto next = r.on_equity(99000, t0 + day);
  REQUIRE(next.change);
  CHECK(next.change->to == trading_state::active);
  CHECK(next.change->reason == "new trading day 2026-03-11 (resume = next_day)");
  CHECK(r.day_pnl() == 0);
  CHECK(r.decide(intent("BTC", side::buy, 1), account(99000), t0 + day).verdict ==
        risk_verdict::approve);
}

TEST_CASE("max_drawdown_pct halts at the limit, and a new day does not lift it", "[risk]") {
  auto c = small_limits();
  c.max_daily_loss = 0;
  risk_state r{small_setup(c)};
  r.on_equity(100000, t0);
  CHECK_FALSE(r.on_equity(90000.01, t0 + sec).change);
  const auto act = r.on_equity(90000, t0 + 2 * sec);
  REQUIRE(act.change);
  CHECK(act.change->to == trading_state::halted);
  CHECK(r.state_reason() == "max_drawdown_pct: drawdown 10 % from the peak 100000, limit 10 %");
  CHECK_FALSE(r.on_equity(95000, t0 + day).change);
  CHECK(r.state() == trading_state::halted);
  CHECK(r.peak_equity() == 100000);
}

TEST_CASE("max_consecutive_losses pauses on the third loss in a row", "[risk]") {
  risk_state r{small_setup()};
  CHECK_FALSE(r.on_trade_closed("BTC", -10, t0).change);
  CHECK_FALSE(r.on_trade_closed("BTC", -10, t0).change);
  CHECK_FALSE(r.on_trade_closed("BTC", 5, t0).change);  // a gain ends the run
  CHECK(r.consecutive_losses() == 0);
  r.on_trade_closed("BTC", -1, t0);
  r.on_trade_closed("ETH", -1, t0);
  CHECK_FALSE(r.on_trade_closed("ETH", 0, t0).change);  // break-even leaves it
  CHECK(r.consecutive_losses() == 2);
  const auto act = r.on_trade_closed("ETH", -1, t0);
  REQUIRE(act.change);
  CHECK(act.change->to == trading_state::paused);
  CHECK(r.state_reason() == "max_consecutive_losses: 3 losing trades in a row (the last in ETH), "
                            "limit 3");
}

TEST_CASE("a loss-streak pause ends as resume says: next day, after a while, or by hand",
          "[risk][resume]") {
  auto pause = [](risk_state& r) {
    r.on_equity(100000, t0);
    for (int i = 0; i < 3; ++i)
      r.on_trade_closed("BTC", -1, t0 + sec);
    REQUIRE(r.state() == trading_state::paused);
  };
  // next_day (the default): still paused at the day's last second, active at the next.
  risk_state daily{small_setup()};
  // t0 is 12:00 UTC: the next day begins 12 h later.
  constexpr std::int64_t to_midnight = 12 * 3600 * sec;
  pause(daily);
  CHECK_FALSE(daily.on_equity(100000, t0 + to_midnight - sec).change);
  const auto next = daily.on_equity(100000, t0 + to_midnight);
  REQUIRE(next.change);
  CHECK(next.change->from == trading_state::paused);
  CHECK(next.change->to == trading_state::active);
  CHECK(daily.consecutive_losses() == 0);
  CHECK(daily.decide(intent("BTC", side::buy, 1), account(), t0 + to_midnight).verdict
        == risk_verdict::approve);
  // Every change is kept with its reason.
  REQUIRE(daily.history().size() == 2);
  CHECK(daily.history()[0].reason.rfind("max_consecutive_losses: 3 losing trades", 0) == 0);
  CHECK(daily.history()[1].reason.find("(resume = next_day)") != std::string::npos);

  // A duration: 2 h after the pause began, whatever the day.
  auto limits = small_limits();
  limits.resume = "2h";
  limits.resume_after_ns = 2 * 3600 * sec;
  risk_state timed{small_setup(limits)};
  pause(timed);
  CHECK_FALSE(timed.on_equity(100000, t0 + sec + 2 * 3600 * sec - 1).change);
  const auto resumed = timed.on_equity(100000, t0 + sec + 2 * 3600 * sec);
  REQUIRE(resumed.change);
  CHECK(resumed.change->to == trading_state::active);
  CHECK(resumed.change->reason.rfind("resume = 2h: elapsed since max_consecutive_losses", 0) == 0);

  // manual: a new day changes nothing; an operator's resume does.
  limits.resume = "manual";
  limits.resume_after_ns = 0;
  risk_state by_hand{small_setup(limits)};
  pause(by_hand);
  CHECK_FALSE(by_hand.on_equity(100000, t0 + 3 * day).change);
  CHECK(by_hand.state() == trading_state::paused);
}

TEST_CASE("a daily-loss REDUCING set to manual outlasts the day; HALTED is always manual",
          "[risk][resume]") {
  auto limits = small_limits();
  limits.resume = "manual";
  risk_state r{small_setup(limits)};
  r.on_equity(100000, t0);
  REQUIRE(r.on_equity(99000, t0 + sec).change);
  CHECK(r.state() == trading_state::reducing);
  CHECK_FALSE(r.on_equity(99000, t0 + day).change);
  CHECK(r.state() == trading_state::reducing);
  // A duration does not lift a halt either.
  limits.resume = "1m";
  limits.resume_after_ns = 60 * sec;
  limits.max_daily_loss = 0;
  risk_state h{small_setup(limits)};
  h.on_equity(100000, t0);
  h.on_equity(90000, t0 + sec);
  REQUIRE(h.state() == trading_state::halted);
  CHECK_FALSE(h.on_equity(90000, t0 + day).change);
  CHECK(h.state() == trading_state::halted);
}

TEST_CASE("max_atr_pct through the bars of the risk timeframe", "[risk]") {
  risk_state r{small_setup()};
  // ATR(1) is the last true range: 2 on a close of 100 is 2 %, at the limit.
  r.on_bar(minute_bar("BTC", t0 - 120 * sec, 100, 100, 100));
  r.on_bar(minute_bar("BTC", t0 - 60 * sec, 101, 99, 100));
  CHECK(*r.atr_of("BTC") == Approx(2));
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0).verdict == risk_verdict::approve);
  r.on_bar(minute_bar("BTC", t0, 101.01, 98.99, 100));
  auto second = minute_bar("BTC", t0, 150, 50, 100);
  second.timeframe_s = 1;  // other timeframes only mark the price
  r.on_bar(second);
  CHECK(*r.atr_of("BTC") == Approx(2.02));
  r.on_bar(minute_bar("BTC", t0 + 30 * sec, 0, 0, 0));  // not a price: ignored
  CHECK(*r.atr_of("BTC") == Approx(2.02));
  const auto d = r.decide(intent("BTC", side::buy, 1), account(), t0 + 60 * sec);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(d.reason == "max_atr_pct: ATR is 2.02 % of the price, above 2 %");
}

TEST_CASE("calendar and blackouts deny entries; a denied flip keeps its closing part", "[risk]") {
  auto setup = small_setup();
  calendar_config cal;
  cal.weekdays = {"mon", "tue", "wed", "thu", "fri"};
  std::string error;
  setup.calendar = *trading_calendar::from_config(cal, error);
  setup.blackouts = {{t0 + 10 * sec, t0 + 20 * sec, "FOMC"}};
  risk_state r{setup};
  const std::int64_t saturday = t0 + 4 * day;  // 2026-03-14
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), saturday).reason == "calendar: closed on sat");
  const auto d = r.decide(intent("BTC", side::sell, 25), holding(account(), "BTC", 10), saturday);
  CHECK(d.verdict == risk_verdict::reduce);
  CHECK(d.approved_qty == 10);
  CHECK(r.decide(intent("BTC", side::buy, 1), account(), t0 + 10 * sec - 1).verdict ==
        risk_verdict::approve);
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), t0 + 10 * sec).reason ==
        "blackout: FOMC until 2026-03-10T12:00:20Z");
  CHECK(r.decide(intent("ETH", side::buy, 1), account(), t0 + 20 * sec).verdict ==
        risk_verdict::approve);
}

TEST_CASE("correlated open positions deny a same-way entry", "[risk]") {
  risk_state r{small_setup()};
  // BTC and ETH move together: correlation 1 over the 4-bar window.
  double btc = 100;
  double eth = 50;
  for (int i = 0; i < 6; ++i) {
    const double m = 1 + 0.01 * ((i % 3) - 1) + 0.002 * i;
    btc *= m;
    eth *= m;
    r.on_bar(minute_bar("BTC", t0 - (6 - i) * 60 * sec, btc, btc, btc));
    r.on_bar(minute_bar("ETH", t0 - (6 - i) * 60 * sec, eth, eth, eth));
  }
  const auto ctx = holding(account(), "ETH", 10);
  auto d = r.decide(intent("BTC", side::buy, 1), ctx, t0);
  CHECK(d.verdict == risk_verdict::deny);
  CHECK(d.reason == "max_correlated_positions: 1 open positions correlated above 0.9 with BTC "
                    "(ETH 1), limit 1");
  CHECK(r.decide(intent("BTC", side::sell, 1), ctx, t0).verdict == risk_verdict::approve);
}

TEST_CASE("the decision log keeps the latest decisions", "[risk]") {
  auto c = small_limits();
  c.decision_log_size = 3;
  risk_state r{small_setup(c)};
  for (int i = 0; i < 5; ++i)
    r.decide(intent("BTC", side::buy, 1, std::to_string(i)), account(), t0);
  REQUIRE(r.decisions().size() == 3);
  CHECK(r.decisions().front().intent_id == "2");
  CHECK(r.decisions().back().intent_id == "4");
  CHECK(r.decisions().back().reason.rfind("cooldown_ms", 0) == 0);
}

TEST_CASE("risk state survives a snapshot round trip", "[risk][snapshot]") {
  risk_state a{small_setup()};
  a.on_equity(100000, t0);
  a.on_bar(minute_bar("BTC", t0 - 120 * sec, 100, 100, 100));
  a.on_bar(minute_bar("BTC", t0 - 60 * sec, 101, 99, 100));
  a.decide(intent("BTC", side::buy, 1), account(99500), t0);
  a.on_trade_closed("BTC", -5, t0);
  a.on_command(command(control_kind::disable_symbol, "bob", "delisting", "ETH"), t0);
  a.on_command(command(control_kind::pause, "alice", "lunch"), t0 + sec);
  a.on_connection({"feed:g", false, "stale", 0, t0});

  risk_state b{small_setup()};
  test::load_state(test::save_state(a), b);
  CHECK(b.state() == trading_state::paused);
  CHECK(b.state_reason() == "command pause by alice: lunch");
  CHECK(b.entries_today() == 1);
  CHECK(b.consecutive_losses() == 1);
  CHECK(b.peak_equity() == 100000);
  CHECK(b.day_pnl() == Approx(-500));
  CHECK(*b.atr_of("BTC") == Approx(2));
  CHECK_FALSE(b.symbol_enabled("ETH"));
  CHECK_FALSE(b.connected("feed:g"));
  REQUIRE(b.overrides().size() == 2);
  CHECK(b.overrides()[0].issuer == "bob");
  CHECK(b.overrides()[1].to == trading_state::paused);
  // Same behaviour afterwards: the cooldown of the restored entry still holds.
  for (auto* r : {&a, &b})
    r->on_command(command(control_kind::resume), t0 + 2 * sec);
  const auto da = a.decide(intent("BTC", side::buy, 1), account(99500), t0 + 3 * sec);
  const auto db = b.decide(intent("BTC", side::buy, 1), account(99500), t0 + 3 * sec);
  CHECK(db.reason == da.reason);
  CHECK(db.reason.rfind("cooldown_ms: 3000 ms", 0) == 0);
}
