// What each fill was for: the order manager's booked fills (purpose, entry tag, intent and
// trade ids) for entries and every kind of exit, and the entry tag in the journal.

#include "orders_test_helpers.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

// Session 1; entry tl-1-1 for intent "a" tagged "pattern:engulfing": buy 10 BTCUSDT,
// stop 95 (tl-1-2), targets 110 (tl-1-3) and 120 (tl-1-4); filled 10 at 100.
om_driver tagged_session() {
  om_driver d;
  d(d.om.begin_session(1000));
  auto intent = make_intent("a", "BTCUSDT", side::buy, 10, 95, {110, 120});
  intent.context.tag = "pattern:engulfing";
  d(d.om.on_intent(intent, 1100));
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 10, 2000)));
  return d;
}

booked_fill booked(const om_driver& d, const std::string& id, side sd, double price,
                   double qty) {
  return d.om.booked(make_fill(id, "BTCUSDT", sd, price, qty, 5000));
}

} // namespace

TEST_CASE("an entry fill is booked with its intent's tag", "[orders][booked]") {
  auto d = tagged_session();
  auto b = booked(d, "tl-1-1", side::buy, 100, 10);
  CHECK(b.purpose == "entry");
  CHECK(b.entry_tag == "pattern:engulfing");
  CHECK(b.intent_id == "a");
  CHECK(b.trade_id == "tl-1-1");
  CHECK(b.fill.price == 100);
  // The tag is journaled with the order: a replay knows it too.
  CHECK(d.journal[1].find("\"tag\":\"pattern:engulfing\"") != std::string::npos);
  CHECK(d.replayed().booked(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 10, 2000)).entry_tag
        == "pattern:engulfing");
}

TEST_CASE("exit fills are booked with their reason and their entry", "[orders][booked]") {
  auto d = tagged_session();
  auto tp = booked(d, "tl-1-3", side::sell, 110, 5);
  CHECK(tp.purpose == "take_profit");
  CHECK(tp.entry_tag == "pattern:engulfing");
  CHECK(tp.intent_id == "a");
  CHECK(tp.trade_id == "tl-1-1");
  // The stop where the intent put it (95) is a stop loss...
  CHECK(booked(d, "tl-1-2", side::sell, 95, 10).purpose == "stop_loss");
  // ...once trailed (best 104 - 3 x ATR 1 = 101, a new stop tl-1-5) a trailing stop.
  CHECK(d(d.om.on_bar(make_bar("BTCUSDT", 3000, 104, 99), 1, false))
        == strings{"record trail", "cancel tl-1-2 (replaced)"});
  CHECK(d(d.om.on_status(cancelled("tl-1-2", 10, 3100)))
        == strings{"record status", "send tl-1-5 sell stop qty=10 stop=101 ro"});
  CHECK(booked(d, "tl-1-5", side::sell, 101, 10).purpose == "trailing_stop");
  CHECK(booked(d, "tl-1-5", side::sell, 101, 10).trade_id == "tl-1-1");
  // An order it does not know is booked with nothing.
  auto stray = booked(d, "elsewhere-1", side::sell, 101, 1);
  CHECK(stray.purpose.empty());
  CHECK(stray.trade_id.empty());
}

TEST_CASE("a market close says why: time stop or refused stop", "[orders][booked]") {
  // The close goes out once the stop and the targets are known cancelled.
  auto d = tagged_session();
  const auto t = 2000 + 4 * hour_ns;
  CHECK(d(d.om.on_time(t)).back() == "cancel tl-1-4 (closing)");
  d(d.om.on_status(cancelled("tl-1-2", 10, t + 1)));
  d(d.om.on_status(cancelled("tl-1-3", 5, t + 2)));
  CHECK(d(d.om.on_status(cancelled("tl-1-4", 5, t + 3))).back()
        == "send tl-1-5 sell market qty=10 ro");
  CHECK(booked(d, "tl-1-5", side::sell, 99, 10).purpose == "time_stop");

  auto r = tagged_session();
  CHECK(r(r.om.on_reject({"tl-1-2", "would trigger immediately", 2200})).back()
        == "cancel tl-1-4 (closing)");
  r(r.om.on_status(cancelled("tl-1-3", 5, 2300)));
  CHECK(r(r.om.on_status(cancelled("tl-1-4", 5, 2400))).back()
        == "send tl-1-5 sell market qty=10 ro");
  CHECK(booked(r, "tl-1-5", side::sell, 99, 10).purpose == "stop_rejected");
}

TEST_CASE("a flatten is an emergency stop when its reason says so", "[orders][booked]") {
  auto d = tagged_session();
  CHECK(d(d.om.flatten_all("command emergency_stop by cli: test", 9000)).back()
        == "send tl-1-5 sell market qty=10 ro");
  auto b = booked(d, "tl-1-5", side::sell, 98, 10);
  CHECK(b.purpose == "emergency_stop");
  // A flatten belongs to the symbol's open bracket.
  CHECK(b.trade_id == "tl-1-1");
  CHECK(b.entry_tag == "pattern:engulfing");

  auto f = tagged_session();
  f(f.om.flatten_all("risk: flatten all", 9000));
  CHECK(booked(f, "tl-1-5", side::sell, 98, 10).purpose == "flatten");
}

TEST_CASE("order records without a tag (older journals) still apply", "[orders][booked]") {
  om_driver d;
  d(d.om.begin_session(1000));
  d(d.om.on_intent(make_intent("a", "BTCUSDT", side::buy, 10), 1100));
  // No tag: the field is left out, as journals written before it have it.
  CHECK(d.journal[1].find("\"tag\"") == std::string::npos);
  auto fresh = d.replayed();
  REQUIRE(fresh.find("tl-1-1"));
  CHECK(fresh.find("tl-1-1")->spec.tag.empty());
  // A tag that is there must be a string.
  auto bad = d.journal[1];
  bad.insert(bad.size() - 1, ",\"tag\":7");
  std::string error;
  CHECK_FALSE(decode_record(bad, error));
  CHECK(error == "order: field \"tag\" is not a string");
}

TEST_CASE("a symbol holds something live while an order or an armed open bracket is there",
          "[orders][entry_check]") {
  auto d = tagged_session();  // entry filled; stop tl-1-2, targets tl-1-3, tl-1-4 working
  CHECK(d.om.holds_live("BTCUSDT"));
  CHECK_FALSE(d.om.holds_live("ETHUSDT"));
  // The stop fills: the targets' cancels are on the way, and they may still fill.
  d(d.om.on_fill(make_fill("tl-1-2", "BTCUSDT", side::sell, 95, 10, 3000)));
  CHECK(d.om.holds_live("BTCUSDT"));
  d.confirm_cancels(3100);
  CHECK_FALSE(d.om.holds_live("BTCUSDT"));

  // An entry not filled yet holds its symbol.
  auto w = bracket_session();
  CHECK(w.om.holds_live("BTCUSDT"));
  w(w.om.on_reject({"tl-1-1", "insufficient balance", 1200}));
  CHECK_FALSE(w.om.holds_live("BTCUSDT"));

  // A disarmed bracket (its feed was lost) whose exits are cancelled: its open position
  // still holds the symbol (a new entry would trade against it).
  auto c = tagged_session();
  c(c.om.cancel_symbols({"BTCUSDT"}, "feed lost", 4000));
  CHECK(c.om.holds_live("BTCUSDT"));
  c.confirm_cancels(4100);
  CHECK(c.om.net_position("BTCUSDT") == 10);
  CHECK(c.om.holds_live("BTCUSDT"));

  // A bracket closing at market (its stop refused) holds it.
  auto r = tagged_session();
  r(r.om.on_reject({"tl-1-2", "would trigger immediately", 2200}));
  r.confirm_cancels(2300);
  const auto close = r.working_exit("tl-1-1", order_role::close);
  REQUIRE_FALSE(close.empty());
  CHECK(r.om.holds_live("BTCUSDT"));
  // The venue refuses the close too (dust below its lot size): nothing to wait for.
  r(r.om.on_reject({close, "LOT_SIZE", 2400}));
  CHECK(r.om.net_position("BTCUSDT") == 10);
  CHECK_FALSE(r.om.holds_live("BTCUSDT"));

  // While a restart reconciles, everything is held: nothing is known yet.
  auto replayed = tagged_session().replayed();
  replayed.begin_session(5000);
  REQUIRE(replayed.reconciling());
  CHECK(replayed.holds_live("ETHUSDT"));
}

TEST_CASE("an entry against the symbol's open position is refused; one with it goes out",
          "[orders][entry_check]") {
  auto d = tagged_session();  // long 10 BTCUSDT, protected by a stop and two targets
  auto refused = d(d.om.on_intent(make_intent("b", "BTCUSDT", side::sell, 4, 105, {90}), 3000));
  REQUIRE(refused.size() == 1);
  CHECK(refused[0] == "refuse b (a sell entry against the open position 10.000000 in BTCUSDT (its exits protect it))");
  // The same side adds a bracket of its own; another symbol is free.
  CHECK(d(d.om.on_intent(make_intent("c", "BTCUSDT", side::buy, 2, 95, {110}), 3100)).back()
        == "send tl-1-5 buy market qty=2");
  CHECK(d(d.om.on_intent(make_intent("e", "ETHUSDT", side::sell, 1, 60, {40}), 3200)).back()
        == "send tl-1-6 sell market qty=1");
}
