#include "actors/trading/orders/order_manager_state.hpp"

// Recovery after a restart: a new session, the queries that reconcile every order whose
// outcome the crash left unknown, and the fills only the broker's answer reveals.

namespace tickline {

// -- recovery ----------------------------------------------------------------------------

std::vector<om_action> order_manager_state::begin_session(std::int64_t now_ns) {
  std::vector<om_action> out;
  om_record r;
  r.type = record_type::session;
  r.ts_ns = now_ns;
  r.session = session_ + 1;
  commit(std::move(r), om_action_kind::record, out);
  // With nothing to reconcile, exits a crash kept from being decided are decided now.
  if (!reconciling()) {
    resize_now_ = true;
    sync_all(now_ns, out);
    resize_now_ = false;
  }
  return out;
}

std::vector<om_action> order_manager_state::reconcile_plan(std::int64_t now_ns) {
  std::vector<om_action> out;
  const auto unknown = awaiting_;
  for (const auto& id : unknown)
    query(id, now_ns, out);
  return out;
}

void order_manager_state::synthesize_fill(const managed_order& o, const order_status& s,
                                          std::vector<om_action>& out) {
  const double missing = s.filled_qty - o.filled_qty;
  if (!positive_qty(missing) || nearly_equal(s.filled_qty, o.filled_qty))
    return;
  // What the broker's average says the missing part cost; its average itself, or what the
  // order asked for, when rounding makes that meaningless.
  double price = (s.avg_price * s.filled_qty - o.avg_price * o.filled_qty) / missing;
  const auto& q = o.spec.request;
  for (double fallback : {s.avg_price, q.limit_price, q.stop_price})
    if (!finite_positive(price))
      price = fallback;
  if (!finite_positive(price))
    return problem(s.ts_ns, o.id(), "cannot price a fill the broker reports");
  om_record r;
  r.type = record_type::fill;
  r.synthesized = true;
  r.fill = {o.id(), q.symbol, q.sd, price, missing, 0, false, s.ts_ns, {}};
  commit(std::move(r), om_action_kind::publish_fill, out);
}

} // namespace tickline
