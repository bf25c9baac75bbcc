#pragma once

// Shared by the order manager tests: a config, message builders, and a driver that keeps
// every journal record the way the actor will.

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "actors/trading/orders/order_manager_state.hpp"

namespace tickline::test {

using strings = std::vector<std::string>;

constexpr std::int64_t second_ns = 1'000'000'000;
constexpr std::int64_t hour_ns = 3600 * second_ns;

/// Prefix "tl", targets split [0.5, 0.5], trailing 3 ATR (2 when volatile), 4 h holding,
/// 10 s reconcile timeout.
inline orders_config test_orders_config() {
  orders_config c;
  c.client_id_prefix = "tl";
  c.take_profit_fractions = {0.5, 0.5};
  c.trailing_atr_multiple = 3;
  c.trailing_atr_multiple_volatile = 2;
  c.max_holding_ns = 4 * hour_ns;
  c.reconcile_timeout_ns = 10 * second_ns;
  return c;
}

inline order_intent make_intent(std::string id, std::string symbol, side sd, double qty,
                                double stop_loss = 0, std::vector<double> targets = {}) {
  order_intent x;
  x.intent_id = std::move(id);
  x.symbol = std::move(symbol);
  x.sd = sd;
  x.qty = qty;
  x.type = order_type::market;
  x.stop_loss = stop_loss;
  x.take_profits = std::move(targets);
  return x;
}

inline fill make_fill(std::string id, std::string symbol, side sd, double price, double qty,
                      std::int64_t ts_ns) {
  return {std::move(id), std::move(symbol), sd, price, qty, 0, false, ts_ns, {}};
}

inline order_status make_status(std::string id, order_state state, double qty,
                                double filled_qty, double avg_price, std::int64_t ts_ns) {
  return {std::move(id), "", state, qty, filled_qty, avg_price, "", "", ts_ns};
}

/// The broker's notice that `id` is cancelled, with `filled` of its `qty` filled.
inline order_status cancelled(std::string id, double qty, std::int64_t ts_ns, double filled = 0) {
  return {std::move(id), "", order_state::cancelled, qty, filled, 0, "", "cancelled", ts_ns};
}
/// The broker lowering the stop `id` to `qty`: a take-profit of its exit group filled.
inline order_status group_reduced(std::string id, double qty, std::int64_t ts_ns) {
  return {std::move(id), "", order_state::open, qty, 0, 0, "",
          std::string{exit_group_reason} + ": a take-profit filled", ts_ns};
}
inline bar make_bar(std::string symbol, std::int64_t close_ns, double high, double low) {
  bar b;
  b.symbol = std::move(symbol);
  b.close_ns = close_ns;
  b.open_ns = close_ns - 60 * second_ns;
  b.high = high;
  b.low = low;
  b.open = b.close = (high + low) / 2;
  return b;
}

/// A one-line description of an action, for compact expectations: "send tl-1-2 sell stop
/// qty=4 stop=95 ro", "cancel tl-1-2 (replaced)", "query tl-1-1", "refuse i1 (reconciling)",
/// "publish tl-1-1 qty=3", "record fill".
inline std::string describe(const om_action& a) {
  auto num = [](double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.')
      s.pop_back();
    return s;
  };
  switch (a.kind) {
    case om_action_kind::send: {
      const auto& q = a.request;
      std::string s = "send " + q.client_order_id + " " + to_string(q.sd) + " "
                      + to_string(q.type) + " qty=" + num(q.qty);
      if (q.limit_price != 0)
        s += " limit=" + num(q.limit_price);
      if (q.stop_price != 0)
        s += " stop=" + num(q.stop_price);
      return q.reduce_only ? s + " ro" : s;
    }
    case om_action_kind::cancel:
      return "cancel " + a.cancel.client_order_id + " (" + a.cancel.reason + ")";
    case om_action_kind::query: return "query " + a.query.client_order_id;
    case om_action_kind::refuse:
      return "refuse " + a.reject.client_order_id + " (" + a.reject.reason + ")";
    case om_action_kind::publish_fill:
      return "publish " + a.synthesized.client_order_id + " qty=" + num(a.synthesized.qty);
    case om_action_kind::record: break;
  }
  const auto type_at = a.journal_record.find("\"type\":\"") + 8;
  return "record " + a.journal_record.substr(type_at, a.journal_record.find('"', type_at) - type_at);
}

inline std::vector<std::string> describe(const std::vector<om_action>& actions) {
  std::vector<std::string> out;
  for (const auto& a : actions)
    out.push_back(describe(a));
  return out;
}

/// Drives an order_manager_state and keeps every journal record, in order, as the actor
/// journals them.
struct om_driver {
  order_manager_state om{test_orders_config()};
  std::vector<std::string> journal;

  /// After every step the exits must keep the order path's invariants: one stop live
  /// per bracket, and the exits it counts on within the position (orders whose cancel is
  /// on the way are the venue's to end: a fill of another exit can leave them above it
  /// for that moment). A test of a venue breaking them turns this off.
  bool check_exits = true;
  /// Journals `actions`, checks the exits and returns the actions' descriptions.
  std::vector<std::string> operator()(const std::vector<om_action>& actions) {
    for (const auto& a : actions)
      journal.push_back(a.journal_record);
    if (check_exits) {
      const auto breaches = om.exit_violations(false);
      INFO(Catch::Detail::stringify(breaches));
      CHECK(breaches.empty());
    }
    return describe(actions);
  }
  /// The broker confirms every cancel on the way (nothing more filled); returns what
  /// the order manager did in answer.
  std::vector<std::string> confirm_cancels(std::int64_t ts_ns) {
    std::vector<std::string> ids, out;
    for (const auto& [id, o] : om.orders())
      if (o.cancel_requested && !o.terminal())
        ids.push_back(id);
    for (const auto& id : ids) {
      const auto* o = om.find(id);
      for (auto& a : (*this)(om.on_status(cancelled(id, o->spec.request.qty, ts_ns, o->filled_qty))))
        out.push_back(std::move(a));
    }
    return out;
  }
  /// The id of the bracket `entry`'s working exit in `role` (and target `tp_index`).
  std::string working_exit(const std::string& entry, order_role role, int tp_index = -1) const {
    for (const auto& [id, o] : om.orders())
      if (o.spec.bracket == entry && o.spec.role == role && o.spec.tp_index == tp_index
          && o.working())
        return id;
    return {};
  }
  /// A fresh state (same config) rebuilt from the journal alone.
  order_manager_state replayed() const {
    order_manager_state fresh{test_orders_config()};
    for (const auto& r : journal)
      REQUIRE(fresh.apply_record(r));
    return fresh;
  }
};

/// Session 1 at 1000; entry tl-1-1 at 1100: buy 10 BTCUSDT at market, stop 95, targets
/// 110 and 120.
inline om_driver bracket_session() {
  om_driver d;
  d(d.om.begin_session(1000));
  d(d.om.on_intent(make_intent("a", "BTCUSDT", side::buy, 10, 95, {110, 120}), 1100));
  return d;
}

} // namespace tickline::test
