// Bracket exits: sizing to partial fills, partial take-profits, OCO, refused exits, the ATR
// trailing stop, the time stop, cancel_all and flatten_all.

#include "actors/signals/scanner_state.hpp"
#include "orders_test_helpers.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

fill btc(const std::string& id, side sd, double price, double qty, std::int64_t ts) {
  return make_fill(id, "BTCUSDT", sd, price, qty, ts);
}

} // namespace

TEST_CASE("bracket exits are sized to the entry's fills", "[orders][brackets]") {
  auto d = bracket_session();
  // 4 filled: the stop covers 4, each target half of it.
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 4, 2000)))
        == strings{"record fill", "send tl-1-2 sell stop qty=4 stop=95 ro",
                   "send tl-1-3 sell limit qty=2 limit=110 ro",
                   "send tl-1-4 sell limit qty=2 limit=120 ro"});
  // 10 filled, the entry is complete: every exit is cancelled at once, and each one's
  // replacement waits until the venue confirms its cancel (never two stops at once).
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 6, 3000)))
        == strings{"record fill", "cancel tl-1-2 (replaced)", "cancel tl-1-3 (replaced)",
                   "cancel tl-1-4 (replaced)"});
  CHECK(d.om.find("tl-1-2")->cancel_requested);
  CHECK(d(d.om.on_status(cancelled("tl-1-2", 4, 3100)))
        == strings{"record status", "send tl-1-5 sell stop qty=10 stop=95 ro"});
  CHECK(d(d.om.on_status(cancelled("tl-1-3", 2, 3200)))
        == strings{"record status", "send tl-1-6 sell limit qty=5 limit=110 ro"});
  CHECK(d(d.om.on_status(cancelled("tl-1-4", 2, 3300)))
        == strings{"record status", "send tl-1-7 sell limit qty=5 limit=120 ro"});
  const auto& b = *d.om.find_bracket("tl-1-1");
  CHECK(b.opened_ns == 2000);
  CHECK(b.best == 100);
  CHECK(d.om.find("tl-1-2")->state == lifecycle::cancelled);
  CHECK(d.om.find("tl-1-6")->spec.role == order_role::take_profit);
  CHECK(d.om.find("tl-1-6")->spec.tp_index == 0);
  // The stop and the targets are one exit group at the venue.
  CHECK(d.om.find("tl-1-5")->spec.request.exit_group == "tl-1-1");
  CHECK(d.om.find("tl-1-7")->spec.request.exit_group == "tl-1-1");
  // A confirmation of what is already known asks for nothing more.
  CHECK(d(d.om.on_status(cancelled("tl-1-2", 4, 3400))) == strings{"record status"});
}

TEST_CASE("while the entry fills, its exits grow at most once per exit_update_interval",
          "[orders][brackets]") {
  auto d = bracket_session();
  // The first fill gets its stop at once.
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 2, second_ns)))
        == strings{"record fill", "send tl-1-2 sell stop qty=2 stop=95 ro",
                   "send tl-1-3 sell limit qty=1 limit=110 ro",
                   "send tl-1-4 sell limit qty=1 limit=120 ro"});
  // Two more partial fills within the second: nothing is resized.
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 2, second_ns + 200'000'000)))
        == strings{"record fill"});
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 2, second_ns + 500'000'000)))
        == strings{"record fill"});
  CHECK(d(d.om.on_time(2 * second_ns - 1)).empty());
  // The interval is over: the exits are resized to the 6 filled, each after its cancel.
  CHECK(d(d.om.on_time(2 * second_ns))
        == strings{"cancel tl-1-2 (replaced)", "cancel tl-1-3 (replaced)",
                   "cancel tl-1-4 (replaced)"});
  CHECK(d(d.om.on_status(cancelled("tl-1-2", 2, 2 * second_ns + 1)))
        == strings{"record status", "send tl-1-5 sell stop qty=6 stop=95 ro"});
  d(d.om.on_status(cancelled("tl-1-3", 1, 2 * second_ns + 2)));
  d(d.om.on_status(cancelled("tl-1-4", 1, 2 * second_ns + 3)));
  // The entry completes: at once, whatever the interval.
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 4, 2 * second_ns + 10)))
        == strings{"record fill", "cancel tl-1-5 (replaced)", "cancel tl-1-6 (replaced)",
                   "cancel tl-1-7 (replaced)"});
  CHECK(d(d.om.on_status(cancelled("tl-1-5", 6, 2 * second_ns + 20)))
        == strings{"record status", "send tl-1-8 sell stop qty=10 stop=95 ro"});
  // Orders per fill: 4 fills of the entry, 3 + 3 + 3 exits sent (not 3 per fill).
  CHECK(d.om.orders().size() == 8);
}

TEST_CASE("take-profit fills exit in parts; the venue nets them against the stop",
          "[orders][brackets]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000)));
  // Exits: stop tl-1-2 (10 at 95), targets tl-1-3 (5 at 110) and tl-1-4 (5 at 120). The
  // broker lowers the stop by each target fill and says so before the fill.
  CHECK(d(d.om.on_status(group_reduced("tl-1-2", 5, 3000))) == strings{"record status"});
  CHECK(d.om.find("tl-1-2")->remaining() == 5);
  CHECK(d(d.om.on_fill(btc("tl-1-3", side::sell, 110, 5, 3000))) == strings{"record fill"});
  CHECK(d.om.net_position("BTCUSDT") == 5);
  // Half of the second target: 3 left open, the stop covers 3, no order sent.
  d(d.om.on_status(group_reduced("tl-1-2", 3, 4000)));
  CHECK(d(d.om.on_fill(btc("tl-1-4", side::sell, 120, 2, 4000))) == strings{"record fill"});
  CHECK(d.om.find("tl-1-4")->state == lifecycle::partially_filled);
  // The rest: the venue cancels the stop it has netted to nothing.
  auto gone = cancelled("tl-1-2", 3, 5000);
  gone.reason = std::string{exit_group_reason} + ": a take-profit filled";
  CHECK(d(d.om.on_status(gone)) == strings{"record status"});
  CHECK(d(d.om.on_fill(btc("tl-1-4", side::sell, 120, 3, 5000))) == strings{"record fill"});
  CHECK(d.om.net_position("BTCUSDT") == 0);
  const auto& b = *d.om.find_bracket("tl-1-1");
  CHECK(b.exited == 10);
  CHECK(b.tp_filled == std::vector<double>{5, 5});
  // Three exits for the whole position, however many fills: 4 orders in all.
  CHECK(d.om.orders().size() == 4);
}

TEST_CASE("a target fill the venue did not net against the stop: the stop is replaced",
          "[orders][brackets]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000)));
  // A venue without exit groups (or a stop that reached it after the fill): the stop
  // over 10 is now above the 5 open. It is cancelled, and the smaller one is sent only
  // once the cancel is confirmed.
  CHECK(d(d.om.on_fill(btc("tl-1-3", side::sell, 110, 5, 3000)))
        == strings{"record fill", "cancel tl-1-2 (replaced)"});
  CHECK(d.om.exit_violations(false).empty());
  CHECK(d(d.om.on_status(cancelled("tl-1-2", 10, 3100)))
        == strings{"record status", "send tl-1-5 sell stop qty=5 stop=95 ro"});
}

TEST_CASE("a stop fill cancels the targets and the rest of the entry", "[orders][brackets]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 4, 2000)));
  CHECK(d(d.om.on_fill(btc("tl-1-2", side::sell, 95, 4, 3000)))
        == strings{"record fill", "cancel tl-1-1 (stop filled)", "cancel tl-1-3 (stop filled)",
                   "cancel tl-1-4 (stop filled)"});
  CHECK(d.om.net_position("BTCUSDT") == 0);
  CHECK(d.om.find_bracket("tl-1-1")->stopped);
  // The entry filled once more before its cancel landed: that part gets a stop, no targets.
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 1, 3500)))
        == strings{"record fill", "send tl-1-5 sell stop qty=1 stop=95 ro"});
}

TEST_CASE("a refused target is dropped, a refused stop closes at market", "[orders][brackets]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000)));
  CHECK(d(d.om.on_reject({"tl-1-3", "price filter", 2100})) == strings{"record reject"});
  CHECK(d.om.find_bracket("tl-1-1")->tp_dropped == std::vector<std::uint8_t>{1, 0});
  CHECK(d.om.find("tl-1-3")->reason == "price filter");
  // The close waits for the last target to be known cancelled.
  CHECK(d(d.om.on_reject({"tl-1-2", "would trigger immediately", 2200}))
        == strings{"record reject", "cancel tl-1-4 (closing)"});
  CHECK(d(d.om.on_status(cancelled("tl-1-4", 5, 2250)))
        == strings{"record status", "send tl-1-5 sell market qty=10 ro"});
  CHECK(d.om.find("tl-1-5")->spec.role == order_role::close);
}

TEST_CASE("the ATR trailing stop only moves in the long's favour", "[orders][trailing]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000)));
  // Best 104, k = 3, ATR 1: stop 104 - 3 = 101 > 95.
  CHECK(d(d.om.on_bar(make_bar("BTCUSDT", 3000, 104, 99), 1, false))
        == strings{"record trail", "cancel tl-1-2 (replaced)"});
  // The new stop only once the old one is known cancelled.
  CHECK(d(d.om.on_status(cancelled("tl-1-2", 10, 3100)))
        == strings{"record status", "send tl-1-5 sell stop qty=10 stop=101 ro"});
  // Best still 104, 104 - 3 = 101: no change.
  CHECK(d(d.om.on_bar(make_bar("BTCUSDT", 4000, 103, 100), 1, false)).empty());
  // A wider ATR would give 104 - 6 = 98: the stop never loosens.
  CHECK(d(d.om.on_bar(make_bar("BTCUSDT", 5000, 103, 100), 2, false)).empty());
  // Volatile regime, k = 2: 104 - 2 = 102.
  CHECK(d(d.om.on_bar(make_bar("BTCUSDT", 6000, 103, 100), 1, true))
        == strings{"record trail", "cancel tl-1-5 (replaced)"});
  CHECK(d.confirm_cancels(6100) == strings{"record status", "send tl-1-6 sell stop qty=10 stop=102 ro"});
  // New best 107, volatile, ATR 1.5: 107 - 3 = 104.
  CHECK(d(d.om.on_bar(make_bar("BTCUSDT", 7000, 107, 103), 1.5, true))
        == strings{"record trail", "cancel tl-1-6 (replaced)"});
  CHECK(d.confirm_cancels(7100) == strings{"record status", "send tl-1-7 sell stop qty=10 stop=104 ro"});
  // New best 108 but 108 - 9 = 99 < 104: only the best price is recorded.
  CHECK(d(d.om.on_bar(make_bar("BTCUSDT", 8000, 108, 100), 3, false)) == strings{"record trail"});
  const auto& b = *d.om.find_bracket("tl-1-1");
  CHECK(b.best == 108);
  CHECK(b.stop_price == 104);
  // Other symbols, bars closed before the entry and unusable ATRs change nothing.
  CHECK(d.om.on_bar(make_bar("ETHUSDT", 9000, 200, 100), 1, false).empty());
  CHECK(d.om.on_bar(make_bar("BTCUSDT", 1500, 200, 100), 1, false).empty());
  CHECK(d.om.on_bar(make_bar("BTCUSDT", 9000, 200, 100), 0, false).empty());
  CHECK(d.om.on_bar(make_bar("BTCUSDT", 9000, 200, 100), std::nan(""), false).empty());
}

TEST_CASE("the trailing stop tightens on the very bar the scanner finds volatile",
          "[orders][trailing][regime]") {
  // 1 s bars through a scanner with regime(10), as the node sends them to the order
  // manager; the ATR given to the order manager is held at 1 so that only k changes.
  scanner_settings settings;
  settings.timeframes_s = {1};
  settings.indicators = {{"regime", {10}}};
  scanner_state scanner{"BTCUSDT", settings};
  std::int64_t t = 0;
  auto next_bar = [&](double range) {
    bar b;
    b.symbol = "BTCUSDT";
    b.timeframe_s = 1;
    b.open_ns = t * second_ns;
    b.close_ns = ++t * second_ns;
    b.open = b.close = 100;
    b.high = 100 + range / 2;
    b.low = 100 - range / 2;
    b.volume = 1;
    std::vector<bar> closed;
    scanner.on_bar(b, closed);
    REQUIRE(closed.size() == 1);
    return closed.front();
  };
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000)));
  // Warming up (regime unknown), then ranging: k = 3 from the best high 100.5: 97.5.
  bar b = next_bar(1);
  CHECK(b.regime == -1);
  d(d.om.on_bar(b, 1));
  CHECK(d.confirm_cancels(b.close_ns) == strings{"record status", "send tl-1-5 sell stop qty=10 stop=97.5 ro"});
  CHECK(d.om.find_bracket("tl-1-1")->stop_price == 97.5);
  for (int i = 0; i < 30; ++i)
    b = next_bar(1);
  CHECK(b.regime == static_cast<std::int8_t>(market_regime::ranging));
  CHECK(d(d.om.on_bar(b, 1)).empty());
  // Ranges of 2 (best high 101). ATR % over its median (worked out in indicators_test):
  // 1.1 and 1.19 stay at or under 1.2, still ranging: k = 3, 101 - 3 = 98.
  b = next_bar(2);
  CHECK(b.regime == static_cast<std::int8_t>(market_regime::ranging));
  CHECK(d(d.om.on_bar(b, 1)) == strings{"record trail", "cancel tl-1-5 (replaced)"});
  CHECK(d.confirm_cancels(b.close_ns) == strings{"record status", "send tl-1-6 sell stop qty=10 stop=98 ro"});
  b = next_bar(2);
  CHECK(b.regime == static_cast<std::int8_t>(market_regime::ranging));
  CHECK(d(d.om.on_bar(b, 1)).empty());
  // 1.271 > 1.2: volatile on this bar, and the stop tightens to k = 2: 101 - 2 = 99.
  b = next_bar(2);
  CHECK(b.regime == static_cast<std::int8_t>(market_regime::volatile_));
  CHECK(d(d.om.on_bar(b, 1)) == strings{"record trail", "cancel tl-1-6 (replaced)"});
  CHECK(d.confirm_cancels(b.close_ns) == strings{"record status", "send tl-1-7 sell stop qty=10 stop=99 ro"});
  // Back to an unknown regime, k = 3 would give 98: the stop never loosens.
  b.regime = -1;
  b.close_ns = ++t * second_ns;
  CHECK(d(d.om.on_bar(b, 1)).empty());
  CHECK(d.om.find_bracket("tl-1-1")->stop_price == 99);
}

TEST_CASE("the ATR trailing stop only moves in the short's favour", "[orders][trailing]") {
  om_driver d;
  d(d.om.begin_session(1));
  // One target while two fractions are configured: it takes the whole quantity.
  d(d.om.on_intent(make_intent("s1", "ETHUSDT", side::sell, 5, 105, {90}), 2));
  CHECK(d(d.om.on_fill(make_fill("tl-1-1", "ETHUSDT", side::sell, 100, 5, 2000)))
        == strings{"record fill", "send tl-1-2 buy stop qty=5 stop=105 ro",
                   "send tl-1-3 buy limit qty=5 limit=90 ro"});
  // Best (lowest) 96, 96 + 3 = 99.
  CHECK(d(d.om.on_bar(make_bar("ETHUSDT", 3000, 101, 96), 1, false))
        == strings{"record trail", "cancel tl-1-2 (replaced)"});
  CHECK(d.confirm_cancels(3100) == strings{"record status", "send tl-1-4 buy stop qty=5 stop=99 ro"});
  // A spike to 110 does not move it back up.
  CHECK(d(d.om.on_bar(make_bar("ETHUSDT", 4000, 110, 97), 1, false)).empty());
  CHECK(d.om.find_bracket("tl-1-1")->stop_price == 99);
}

TEST_CASE("trailing is off with a zero multiple", "[orders][trailing]") {
  auto cfg = test_orders_config();
  cfg.trailing_atr_multiple = 0;
  auto d = bracket_session();
  auto& om = d.om;
  om = order_manager_state{cfg};
  for (const auto& record : d.journal)
    om.apply_record(record);
  om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000));
  CHECK(om.on_bar(make_bar("BTCUSDT", 3000, 150, 100), 1, false).empty());
  CHECK(om.find_bracket("tl-1-1")->stop_price == 95);
}

TEST_CASE("a close the venue refuses is sent again only after reconcile_timeout",
          "[orders][brackets]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000)));
  d(d.om.on_reject({"tl-1-2", "would trigger immediately", 2200}));  // stop refused: close
  d.confirm_cancels(2250);  // the targets; then the close tl-1-5 goes out
  // The close is refused too: no new close in answer (that loop never ends at a venue
  // that keeps refusing), and a problem for the operator.
  CHECK(d(d.om.on_reject({"tl-1-5", "insufficient balance", 2300})) == strings{"record reject"});
  CHECK(d.om.problems().back().client_order_id == "tl-1-5");
  // 10 s reconcile timeout: at 2300 + 10 s - 1 nothing; at 2300 + 10 s one new close.
  CHECK(d(d.om.on_time(2300 + 10 * second_ns - 1)).empty());
  CHECK(d(d.om.on_time(2300 + 10 * second_ns)) == strings{"send tl-1-6 sell market qty=10 ro"});
  CHECK(d(d.om.on_time(2300 + 30 * second_ns)).empty());  // tl-1-6 is working: covered
  CHECK(d(d.om.on_fill(btc("tl-1-6", side::sell, 99, 10, 2300 + 31 * second_ns)))
        == strings{"record fill"});
  CHECK(d.om.net_position("BTCUSDT") == 0);
  CHECK(d(d.om.on_time(2300 + 60 * second_ns)).empty());
  // The journal alone rebuilds the same refusal: a replay is not a fresh retry.
  auto back = d.replayed();
  CHECK(back.net_position("BTCUSDT") == 0);
}

TEST_CASE("a position held longer than max_holding is closed at market", "[orders][time]") {
  auto d = bracket_session();
  const std::int64_t t0 = 10 * hour_ns;
  CHECK(d.om.on_time(t0).empty()); // nothing filled: nothing held
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 4, t0)));
  CHECK(d(d.om.on_time(t0 + 4 * hour_ns - 1)).empty());
  CHECK(d(d.om.on_time(t0 + 4 * hour_ns))
        == strings{"record time_stop", "cancel tl-1-1 (closing)", "cancel tl-1-2 (closing)",
                   "cancel tl-1-3 (closing)", "cancel tl-1-4 (closing)"});
  // The close goes out once the stop and the targets are known cancelled (the entry's
  // cancel does not hold it up).
  d(d.om.on_status(cancelled("tl-1-2", 4, t0 + 4 * hour_ns)));
  d(d.om.on_status(cancelled("tl-1-3", 2, t0 + 4 * hour_ns)));
  CHECK(d(d.om.on_status(cancelled("tl-1-4", 2, t0 + 4 * hour_ns)))
        == strings{"record status", "send tl-1-5 sell market qty=4 ro"});
  CHECK(d(d.om.on_time(t0 + 5 * hour_ns)).empty());
  // The entry filled once more before its cancel landed: that part is closed too.
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 1, t0 + 4 * hour_ns + 1)))
        == strings{"record fill", "send tl-1-6 sell market qty=1 ro"});
  CHECK(d(d.om.on_fill(btc("tl-1-5", side::sell, 101, 4, t0 + 4 * hour_ns + 2)))
        == strings{"record fill"});
  CHECK(d(d.om.on_fill(btc("tl-1-6", side::sell, 101, 1, t0 + 4 * hour_ns + 3)))
        == strings{"record fill"});
  CHECK(d.om.net_position("BTCUSDT") == 0);
}

TEST_CASE("cancel_all cancels every working order and disarms the brackets", "[orders][emergency]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 4, 2000)));
  d(d.om.on_intent(make_intent("x", "ETHUSDT", side::sell, 3), 2100));
  CHECK(d(d.om.cancel_all("risk halt", 5000))
        == strings{"record disarm", "cancel tl-1-1 (risk halt)", "cancel tl-1-2 (risk halt)",
                   "cancel tl-1-3 (risk halt)", "cancel tl-1-4 (risk halt)",
                   "cancel tl-1-5 (risk halt)"});
  CHECK_FALSE(d.om.find_bracket("tl-1-1")->armed);
  // Disarmed: a late fill, a bar or the time stop send nothing.
  CHECK(d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 1, 5100))) == strings{"record fill"});
  CHECK(d.om.on_bar(make_bar("BTCUSDT", 6000, 150, 100), 1, false).empty());
  CHECK(d.om.on_time(5 * hour_ns).empty());
  CHECK(d.om.net_position("BTCUSDT") == 5);
  CHECK(d(d.om.cancel_all("again", 7000)) == strings{"record disarm"});
}

TEST_CASE("flatten_all cancels everything and brings each position to zero", "[orders][emergency]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 4, 2000)));
  d(d.om.on_intent(make_intent("x", "ETHUSDT", side::sell, 3), 2100));
  d(d.om.on_fill(make_fill("tl-1-5", "ETHUSDT", side::sell, 50, 3, 2200)));
  CHECK(d(d.om.flatten_all("emergency", 9000))
        == strings{"record disarm", "cancel tl-1-1 (emergency)", "cancel tl-1-2 (emergency)",
                   "cancel tl-1-3 (emergency)", "cancel tl-1-4 (emergency)",
                   "send tl-1-6 sell market qty=4 ro", "send tl-1-7 buy market qty=3 ro"});
  CHECK(d.om.find("tl-1-6")->spec.role == order_role::flatten);
  CHECK(d.om.find("tl-1-7")->spec.request.symbol == "ETHUSDT");
  d(d.om.on_fill(btc("tl-1-6", side::sell, 99, 4, 9100)));
  d(d.om.on_fill(make_fill("tl-1-7", "ETHUSDT", side::buy, 51, 3, 9100)));
  CHECK(d.om.positions().empty());
  // Positions from elsewhere (the portfolio's view).
  position sol;
  sol.symbol = "SOLUSDT";
  sol.qty = -2;
  CHECK(d(d.om.flatten_all({sol}, "manual", 9500))
        == strings{"record disarm", "send tl-1-8 buy market qty=2 ro"});
}

namespace {

position held(std::string symbol, double qty) {
  position p;
  p.symbol = std::move(symbol);
  p.qty = qty;
  return p;
}

} // namespace

TEST_CASE("flattening some symbols leaves every other position its protection",
          "[orders][emergency]") {
  // BTC: entry tl-1-1 filled 4, stop tl-1-2, targets tl-1-3 and tl-1-4. ETH: entry
  // tl-1-5 sold 3 with a stop at 60 (tl-1-6).
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 10, 2000)));
  d(d.om.on_intent(make_intent("x", "ETHUSDT", side::sell, 3, 60), 2100));
  d(d.om.on_fill(make_fill("tl-1-5", "ETHUSDT", side::sell, 50, 3, 2200)));
  std::vector<std::string> btc_exits;
  for (const auto& [id, o] : d.om.orders())
    if (o.spec.request.symbol == "BTCUSDT" && o.working())
      btc_exits.push_back(id);
  REQUIRE(btc_exits.size() == 3);
  // The ETH feed is lost: only ETH is cancelled and closed.
  auto acts = d(d.om.flatten({held("BTCUSDT", 10), held("ETHUSDT", -3)}, {"ETHUSDT"},
                             "feed lost", 9000));
  INFO(Catch::Detail::stringify(acts));
  CHECK(acts.front() == "record disarm");
  CHECK(std::count(acts.begin(), acts.end(), "send tl-1-7 buy market qty=3 ro") == 1);
  for (const auto& a : acts)
    CHECK(a.find("BTCUSDT") == std::string::npos);
  for (const auto& id : btc_exits) {
    INFO(id);
    CHECK(d.om.find(id)->working());
  }
  CHECK(d.om.find_bracket("tl-1-1")->armed);
  CHECK_FALSE(d.om.find_bracket("tl-1-5")->armed);
  // The BTC stop still trails: its bracket is armed.
  CHECK_FALSE(d(d.om.on_bar(make_bar("BTCUSDT", 9500, 130, 120), 1, false)).empty());
  // A replay of the journal keeps the same scope.
  const auto replayed = d.replayed();
  CHECK(replayed.find_bracket("tl-1-1")->armed);
  CHECK_FALSE(replayed.find_bracket("tl-1-5")->armed);
}

TEST_CASE("a flatten closes what the broker holds and reports the difference",
          "[orders][emergency]") {
  auto d = bracket_session();
  d(d.om.on_fill(btc("tl-1-1", side::buy, 100, 4, 2000)));
  const auto problems = d.om.problems_total();
  // The broker holds 6 BTC (the order manager counts 4) and 2 SOL it never saw.
  auto acts = d(d.om.flatten({held("BTCUSDT", 6), held("SOLUSDT", 2)}, {}, "emergency", 9000));
  CHECK(std::count(acts.begin(), acts.end(), "send tl-1-5 sell market qty=6 ro") == 1);
  CHECK(std::count(acts.begin(), acts.end(), "send tl-1-6 sell market qty=2 ro") == 1);
  CHECK(d.om.problems_total() == problems + 2);
  CHECK(d.om.problems().back().what.find("the broker holds 2 SOLUSDT, the order manager 0")
        != std::string::npos);
  // A position the order manager believes in but the broker does not hold: nothing is
  // sent for it (it would open a new one), and it is reported.
  auto d2 = bracket_session();
  d2(d2.om.on_fill(btc("tl-1-1", side::buy, 100, 4, 2000)));
  auto none = d2(d2.om.flatten({}, {}, "emergency", 9000));
  for (const auto& a : none)
    CHECK(a.rfind("send", 0) != 0);
  CHECK(d2.om.problems().back().what.find("the broker holds 0 BTCUSDT, the order manager 4")
        != std::string::npos);
}
