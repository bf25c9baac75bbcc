// The order path's invariants with the real order manager and the real paper broker,
// wired event by event as the actors exchange messages (each side's messages in order):
// a target filling in many partial fills while the stop trails never leaves sell orders
// at the venue above the position, never two stops for one position, and no reduce-only
// order refused; and a restart between a stop's cancel and its replacement ends with one.

#include <catch2/catch.hpp>

#include <deque>
#include <map>

#include "actors/broker/paper_broker_state.hpp"
#include "actors/trading/orders/order_manager_state.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t ms = 1'000'000;

struct venue_loop {
  orders_config cfg;
  order_manager_state om;
  paper_broker_state broker;
  std::vector<std::string> journal;
  std::int64_t now = 0;
  std::size_t rejects = 0, sent = 0, target_fills = 0, events = 0;
  std::vector<std::string> breaches;

  static broker_config venue() {
    broker_config c;
    c.starting_balance = 1'000'000;
    c.latency_ms = 0;
    c.slippage_bps = 0;
    c.maker_fee_bps = 0;
    c.taker_fee_bps = 0;
    c.max_participation = 0.1;  // a 5 target fills in 50 parts from trades of 1
    c.allow_short = false;      // the documented default
    return c;
  }

  explicit venue_loop(orders_config c) : cfg(c), om(c), broker(venue()) {
    run(om.begin_session(now));
  }

  // Carries out the order manager's actions; the broker's answers are handled in the
  // order they were sent, each answer's actions carried out before the next answer.
  void run(std::vector<om_action> actions) {
    std::deque<broker_event> answers;
    auto carry_out = [&](std::vector<om_action>& acts) {
      for (auto& a : acts) {
        journal.push_back(a.journal_record);
        std::vector<broker_event> got;
        if (a.kind == om_action_kind::send) {
          ++sent;
          got = broker.on_order(a.request, now);
        } else if (a.kind == om_action_kind::cancel) {
          got = broker.on_cancel(a.cancel, now);
        } else if (a.kind == om_action_kind::query) {
          got.push_back(broker.on_query(a.query, now));
        }
        answers.insert(answers.end(), got.begin(), got.end());
      }
    };
    carry_out(actions);
    while (!answers.empty()) {
      auto e = answers.front();
      answers.pop_front();
      auto next = deliver(e);
      check();
      carry_out(next);
    }
    check();
  }

  std::vector<om_action> deliver(const broker_event& e) {
    if (const auto* a = std::get_if<order_ack>(&e))
      return om.on_ack(*a);
    if (const auto* r = std::get_if<order_reject>(&e)) {
      ++rejects;
      return om.on_reject(*r);
    }
    if (const auto* f = std::get_if<fill>(&e)) {
      if (const auto* o = om.find(f->client_order_id); o && o->spec.role == order_role::take_profit)
        ++target_fills;
      return om.on_fill(*f);
    }
    return om.on_status(std::get<order_status>(e));
  }

  void market(const trade_tick& t) {
    now = t.ts_ns;
    std::deque<broker_event> answers;
    auto got = broker.on_trade(t);
    for (const auto& e : got) {
      auto next = deliver(e);
      check();
      run(std::move(next));
    }
    run(om.on_time(now));
  }

  // What the venue holds against the position: every working sell, a group's stops and
  // limits counted as the larger of the two (the group keeps them within it).
  void check() {
    ++events;
    const double held = broker.position("BTCUSDT");
    std::map<std::string, std::pair<double, double>> groups;  // stops, limits
    std::map<std::string, int> stops;
    double loose = 0;
    for (const auto& id : broker.working_orders()) {
      const auto& o = *broker.ledger().find(id);
      if (o.request.sd != side::sell)
        continue;
      const bool stop = o.request.type == order_type::stop;
      if (o.request.exit_group.empty()) {
        loose += o.remaining();
        continue;
      }
      auto& g = groups[o.request.exit_group];
      (stop ? g.first : g.second) += o.remaining();
      stops[o.request.exit_group] += stop ? 1 : 0;
    }
    double exposure = loose;
    for (const auto& [id, g] : groups)
      exposure += std::max(g.first, g.second);
    if (exposure > held + 1e-9)
      breaches.push_back("event " + std::to_string(events) + ": sells " + std::to_string(exposure)
                         + " over the position " + std::to_string(held));
    for (const auto& [id, n] : stops)
      if (n > 1)
        breaches.push_back("event " + std::to_string(events) + ": " + std::to_string(n)
                           + " stops in group " + id);
    for (const auto& b : om.exit_violations(false))
      breaches.push_back("event " + std::to_string(events) + ": " + b);
  }
};

trade_tick print(double price, double qty, std::int64_t ts_ns, std::int64_t id) {
  trade_tick t;
  t.symbol = "BTCUSDT";
  t.price = price;
  t.qty = qty;
  t.ts_ns = ts_ns;
  t.trade_id = id;
  return t;
}

bar one_second(std::int64_t close_ns, double high, double low) {
  bar b;
  b.symbol = "BTCUSDT";
  b.timeframe_s = 1;
  b.open_ns = close_ns - 1000 * ms;
  b.close_ns = close_ns;
  b.high = high;
  b.low = low;
  b.open = b.close = (high + low) / 2;
  return b;
}

order_intent long_intent() {
  order_intent x;
  x.intent_id = "i1";
  x.symbol = "BTCUSDT";
  x.sd = side::buy;
  x.qty = 10;
  x.type = order_type::market;
  x.stop_loss = 95;
  x.take_profits = {106, 130};
  return x;
}

orders_config loop_config() {
  orders_config c;
  c.take_profit_fractions = {0.5, 0.5};
  c.trailing_atr_multiple = 3;
  c.trailing_atr_multiple_volatile = 2;
  return c;
}

} // namespace

TEST_CASE("a target filling in 50 parts while the stop trails: the venue never holds more "
          "sells than the position", "[orders][broker][invariants]") {
  venue_loop v{loop_config()};
  std::int64_t t = 1000 * ms, id = 0;
  v.market(print(100, 1, t, ++id));  // a price for the market entry
  v.run(v.om.on_intent(long_intent(), t));
  // The entry fills 1 per print (participation 0.1 of 10): 10 partial fills.
  for (int i = 0; i < 10; ++i)
    v.market(print(100, 10, t += 50 * ms, ++id));
  REQUIRE(v.om.net_position("BTCUSDT") == Approx(10));
  // The price climbs to the first target and prints there in trades of 1: the target
  // (5) fills 0.1 at a time, while bars trail the stop up every second.
  double high = 100;
  for (int i = 0; i < 70; ++i) {
    const double price = std::min(106.0, 100 + 0.5 * i);
    high = std::max(high, price);
    v.market(print(price, 1, t += 100 * ms, ++id));
    if (i % 10 == 9)
      v.run(v.om.on_bar(one_second(t, high, price - 1), 1, false));
  }
  INFO(Catch::Detail::stringify(v.breaches));
  CHECK(v.breaches.empty());
  CHECK(v.target_fills >= 50);
  CHECK(v.rejects == 0);
  CHECK(v.om.net_position("BTCUSDT") == Approx(5));
  CHECK(v.broker.position("BTCUSDT") == Approx(5));
  // The stop trailed (best 106 - 3 x 1 = 103) and covers exactly what is left.
  const auto* b = v.om.find_bracket("tl-1-1");
  REQUIRE(b != nullptr);
  CHECK(b->stop_price == Approx(103));
  double stop_left = 0;
  int live_stops = 0;
  for (const auto& oid : v.broker.working_orders()) {
    const auto& o = *v.broker.ledger().find(oid);
    if (o.request.type == order_type::stop) {
      ++live_stops;
      stop_left += o.remaining();
      CHECK(o.request.stop_price == Approx(103));
    }
  }
  CHECK(live_stops == 1);
  CHECK(stop_left == Approx(5));
  // Orders: 1 entry, the first stop and targets, a resize when the entry completed, and
  // the stop's moves; not one per partial fill.
  INFO("orders sent " << v.sent);
  CHECK(v.sent < 20);
}

TEST_CASE("a restart between a stop's cancel and its replacement ends with one stop",
          "[orders][broker][invariants]") {
  venue_loop v{loop_config()};
  std::int64_t t = 1000 * ms, id = 0;
  v.market(print(100, 1, t, ++id));
  auto intent = long_intent();
  intent.take_profits.clear();
  v.run(v.om.on_intent(intent, t));
  for (int i = 0; i < 10; ++i)
    v.market(print(100, 10, t += 50 * ms, ++id));
  REQUIRE(v.broker.working_orders().size() == 1);
  // The stop trails: its cancel is decided and journaled; the "crash" comes before the
  // broker's answer reaches the order manager (the cancel itself never left).
  auto trail = v.om.on_bar(one_second(t += 1000 * ms, 104, 100), 1, false);
  bool cancelled = false;
  for (const auto& a : trail) {
    v.journal.push_back(a.journal_record);
    cancelled = cancelled || a.kind == om_action_kind::cancel;
    CHECK(a.kind != om_action_kind::send);  // no replacement before the cancel is known
  }
  REQUIRE(cancelled);
  // Restart: the journal alone, a new session, reconciliation against the broker.
  v.om = order_manager_state{v.cfg};
  for (const auto& r : v.journal)
    REQUIRE(v.om.apply_record(r));
  v.run(v.om.begin_session(t + 1));
  v.run(v.om.reconcile_plan(t + 1));
  CHECK_FALSE(v.om.reconciling());
  INFO(Catch::Detail::stringify(v.breaches));
  CHECK(v.breaches.empty());
  int live_stops = 0;
  for (const auto& oid : v.broker.working_orders()) {
    const auto& o = *v.broker.ledger().find(oid);
    ++live_stops;
    CHECK(o.request.type == order_type::stop);
    CHECK(o.request.stop_price == Approx(101));  // the trailed stop, 104 - 3
    CHECK(o.remaining() == Approx(10));
  }
  CHECK(live_stops == 1);
}
