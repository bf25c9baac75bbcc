#include "actors/trading/orders/order_manager_state.hpp"

#include <algorithm>
#include <numeric>

#include "actors/indicators/indicators.hpp"

// Bracket exits. sync_bracket compares the exits a bracket should have now (a stop over
// the open quantity at its stop price, take-profit targets splitting the filled quantity,
// or a market close) with the working ones, keeps those that fit and cancels and replaces
// the rest. Being idempotent, it serves every trigger: fills, trailing, time stops, the
// update interval, and the end of reconciliation.
//
// The invariants it keeps (checked by exit_violations): at most one stop per bracket is
// live at the venue, since a replacement is sent only once the previous stop is known
// cancelled or done; the stop and the targets form one exit group (order_request::
// exit_group), so the venue keeps them within the position together; the targets never
// add up to more than the position; a market close waits until every stop and target is
// known done. While an entry is still filling, its exits grow at most once per
// exit_update_interval, and at once when the entry completes.

namespace tickline {

std::vector<om_action> order_manager_state::on_bar(const bar& closed, double atr,
                                                   bool regime_volatile) {
  std::vector<om_action> out;
  if (cfg_.trailing_atr_multiple <= 0 || !finite_positive(atr) || !finite_positive(closed.high)
      || !finite_positive(closed.low))
    return out;
  std::vector<std::string> ids;
  for (const auto& [id, b] : brackets_)
    if (b.symbol == closed.symbol)
      ids.push_back(id);
  for (const auto& id : ids)
    trail(brackets_.at(id), closed, atr, regime_volatile, out);
  return out;
}

std::vector<om_action> order_manager_state::on_bar(const bar& closed, double atr) {
  return on_bar(closed, atr, closed.regime == static_cast<std::int8_t>(market_regime::volatile_));
}

void order_manager_state::trail(const bracket& current, const bar& closed, double atr,
                                bool regime_volatile, std::vector<om_action>& out) {
  if (!current.armed || current.closing || current.stopped || current.stop_price <= 0
      || current.opened_ns == 0 || closed.close_ns <= current.opened_ns
      || !positive_qty(open_qty(current)))
    return;
  const bracket b = current;  // commit() below changes the bracket in place
  const double k = regime_volatile ? cfg_.trailing_atr_multiple_volatile
                                   : cfg_.trailing_atr_multiple;
  const bool long_ = b.sd == side::buy;
  const double best = long_ ? std::max(b.best, closed.high) : std::min(b.best, closed.low);
  const double wanted = long_ ? best - k * atr : best + k * atr;
  // Only ever in the position's favour: up for a long, down for a short.
  const bool better = long_ ? wanted > b.stop_price : wanted < b.stop_price;
  const double stop = better && !nearly_equal(wanted, b.stop_price) ? wanted : b.stop_price;
  if (best == b.best && stop == b.stop_price)
    return;
  om_record r;
  r.type = record_type::trail;
  r.id = b.entry_id;
  r.best = best;
  r.stop = stop;
  r.ts_ns = closed.close_ns;
  commit(std::move(r), om_action_kind::record, out);
  if (stop != b.stop_price)
    sync_bracket(b.entry_id, closed.close_ns, out);
}

void order_manager_state::sync_all(std::int64_t now_ns, std::vector<om_action>& out) {
  std::vector<std::string> ids;
  for (const auto& [id, b] : brackets_)
    if (b.armed)
      ids.push_back(id);
  for (const auto& id : ids)
    sync_bracket(id, now_ns, out);
}

void order_manager_state::sync_bracket(const std::string& entry_id, std::int64_t now_ns,
                                       std::vector<om_action>& out) {
  // Nothing is decided on a position that is not known yet.
  if (reconciling())
    return;
  const auto it = brackets_.find(entry_id);
  if (it == brackets_.end() || !it->second.armed)
    return;
  // A copy: the records made below change the bracket while it is being read.
  const bracket b = it->second;
  const double open = open_qty(b);
  const auto* entry = find(entry_id);
  const bool entry_working = entry && entry->working();
  if (b.closing) {
    if (entry_working)
      cancel(entry_id, "closing", now_ns, out);
    return close_at_market(b, open, now_ns, out);
  }
  if (b.stopped && entry_working)
    cancel(entry_id, "stop filled", now_ns, out);
  keep_or_replace(b, order_role::stop, -1, b.stop_price > 0 ? open : 0, b.stop_price, now_ns,
                  out);
  const auto targets = target_quantities(b, open);
  for (std::size_t i = 0; i < targets.size(); ++i)
    keep_or_replace(b, order_role::take_profit, static_cast<int>(i), targets[i],
                    b.take_profits[i], now_ns, out);
}

void order_manager_state::keep_or_replace(const bracket& b, order_role role, int tp_index,
                                          double qty, double price, std::int64_t now_ns,
                                          std::vector<om_action>& out) {
  const bool wanted = positive_qty(qty);
  const char* reason = wanted      ? "replaced"
                       : b.closing ? "closing"
                       : b.stopped ? "stop filled"
                                   : "not needed";
  bool kept = false;
  bool live_left = false;  // an order in this place is still live at the venue
  const auto live = live_exits(b.entry_id);  // a copy: cancels and sends change it
  for (const auto& id : live) {
    const auto* o = find(id);
    if (!o || o->terminal() || o->spec.role != role || o->spec.tp_index != tp_index)
      continue;
    if (!o->working()) {
      live_left = true;  // its cancel is on the way
      continue;
    }
    const auto& q = o->spec.request;
    const double at = role == order_role::stop ? q.stop_price : q.limit_price;
    if (!kept && wanted && nearly_equal(at, price)) {
      if (nearly_equal(o->remaining(), qty)) {
        kept = true;
        continue;
      }
      // Growing with an entry that is still filling waits for the update interval.
      if (o->remaining() < qty && growth_waits(b, *o, now_ns)) {
        kept = true;
        deferred_.insert(b.entry_id);
        continue;
      }
    }
    cancel(id, reason, now_ns, out);
    live_left = true;
  }
  // The replacement goes out once the venue has confirmed the cancel: never two stops
  // for one position, never more take-profits than the position.
  if (kept || !wanted || live_left)
    return;
  if (role == order_role::take_profit) {
    double others = 0;
    for (const auto& id : live_exits(b.entry_id))
      if (const auto* o = find(id); o && !o->terminal() && o->spec.role == order_role::take_profit)
        others += o->remaining();
    qty = std::min(qty, open_qty(b) - others);
    if (!positive_qty(qty))
      return;
  }
  send_exit(b, role, qty, price, tp_index, now_ns, out);
}

bool order_manager_state::growth_waits(const bracket& b, const managed_order& exit,
                                       std::int64_t now_ns) const {
  const auto* entry = find(b.entry_id);
  return !resize_now_ && entry && !entry->terminal()
         && now_ns - exit.created_ns < cfg_.exit_update_interval_ns;
}

void order_manager_state::close_at_market(const bracket& b, double open, std::int64_t now_ns,
                                          std::vector<om_action>& out) {
  keep_or_replace(b, order_role::stop, -1, 0, 0, now_ns, out);
  for (std::size_t i = 0; i < b.take_profits.size(); ++i)
    keep_or_replace(b, order_role::take_profit, static_cast<int>(i), 0, 0, now_ns, out);
  double covered = 0;
  for (const auto& id : live_exits(b.entry_id)) {
    const auto* o = find(id);
    if (!o || o->terminal())
      continue;
    // A stop or target not yet confirmed cancelled could still fill: the close waits.
    if (o->spec.role != order_role::close)
      return;
    covered += o->remaining();
  }
  if (!positive_qty(open - covered))
    return;
  // A refused close is not answered with the same order at once: that would be a loop.
  const auto refused = close_refused_.find(b.entry_id);
  if (refused != close_refused_.end() && now_ns - refused->second < cfg_.reconcile_timeout_ns)
    return;
  send_exit(b, order_role::close, open - covered, 0, -1, now_ns, out);
}

std::vector<double> order_manager_state::target_quantities(const bracket& b,
                                                           double open) const {
  const auto* entry = find(b.entry_id);
  const double filled = entry ? entry->filled_qty : 0;
  const auto n = b.take_profits.size();
  const double total = std::accumulate(b.tp_fractions.begin(), b.tp_fractions.end(), 0.0);
  std::vector<double> out(n, 0);
  double share = 0;
  double before = 0;
  double allocated = 0;
  for (std::size_t i = 0; i < n; ++i) {
    share += b.tp_fractions[i];
    // When the shares add up to 1 the last target takes exactly the rest: no dust.
    const double upto = i + 1 == n && nearly_equal(total, 1) ? filled
                                                             : std::min(filled, filled * share);
    const double target = upto - before;
    before = upto;
    double want = b.stopped || b.tp_dropped[i] ? 0 : target - b.tp_filled[i];
    // Targets never exceed what is still open (a partly filled stop shrinks the later ones).
    want = std::min(want, open - allocated);
    out[i] = positive_qty(want) ? want : 0;
    allocated += out[i];
  }
  return out;
}

void order_manager_state::send_exit(const bracket& b, order_role role, double qty,
                                    double price, int tp_index, std::int64_t now_ns,
                                    std::vector<om_action>& out) {
  const auto type = role == order_role::stop          ? order_type::stop
                    : role == order_role::take_profit ? order_type::limit
                                                      : order_type::market;
  auto r = new_order(b.symbol, opposite(b.sd), type, qty, now_ns);
  auto& q = r.order.request;
  q.limit_price = type == order_type::limit ? price : 0;
  q.stop_price = type == order_type::stop ? price : 0;
  q.reduce_only = true;
  // The stop and the targets are one exit group: the venue reduces the stop by what the
  // targets fill and cancels the targets when the stop fills.
  if (role == order_role::stop || role == order_role::take_profit)
    q.exit_group = b.entry_id;
  r.order.role = role;
  r.order.bracket = b.entry_id;
  r.order.tp_index = tp_index;
  commit(std::move(r), om_action_kind::send, out);
}

double order_manager_state::open_qty(const bracket& b) const {
  const auto* entry = find(b.entry_id);
  const double open = (entry ? entry->filled_qty : 0) - b.exited;
  return positive_qty(open) ? open : 0;
}

} // namespace tickline
