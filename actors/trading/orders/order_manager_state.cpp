#include "actors/trading/orders/order_manager_state.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

// The order manager's decisions on intents, broker events and time. Each one is made into
// a journal record and applied through apply_record, exactly as a replay would apply it
// (order_manager_state_apply.cpp). Bracket exits are in order_manager_state_exits.cpp,
// recovery after a restart in order_manager_state_recovery.cpp, and the read-only views
// in order_manager_state_inspect.cpp.

namespace tickline {

namespace {

// A record of `type` at `ts_ns`, about the order or bracket `id` when it names one.
om_record make_record(record_type type, std::int64_t ts_ns, std::string id = {}) {
  om_record r;
  r.type = type;
  r.ts_ns = ts_ns;
  r.id = std::move(id);
  return r;
}

// A quantity for a message: up to 10 significant digits.
std::string fmt_qty(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

} // namespace

order_manager_state::order_manager_state(orders_config cfg) : cfg_(std::move(cfg)) {}

// -- commands ------------------------------------------------------------------------------

std::vector<om_action> order_manager_state::on_intent(const order_intent& intent,
                                                      std::int64_t now_ns) {
  std::vector<om_action> out;
  if (auto reason = check_intent(intent); !reason.empty()) {
    refuse(intent.intent_id, std::move(reason), now_ns, out);
    return out;
  }
  auto r = new_order(intent.symbol, intent.sd, intent.type, intent.qty, now_ns);
  auto& spec = r.order;
  spec.request.limit_price = intent.limit_price;
  spec.request.stop_price = intent.stop_price;
  spec.role = order_role::entry;
  spec.intent_id = intent.intent_id;
  spec.tag = intent.context.tag;
  spec.stop_loss = intent.stop_loss;
  spec.take_profits = intent.take_profits;
  spec.tp_fractions = target_shares(cfg_.take_profit_fractions, intent.take_profits.size());
  commit(std::move(r), om_action_kind::send, out);
  return out;
}

std::vector<om_action> order_manager_state::cancel_all(const std::string& reason,
                                                       std::int64_t now_ns) {
  return cancel_symbols({}, reason, now_ns);
}

std::vector<om_action> order_manager_state::cancel_symbols(const std::vector<std::string>& symbols,
                                                           const std::string& reason,
                                                           std::int64_t now_ns) {
  std::vector<om_action> out;
  const std::set<std::string> scope(symbols.begin(), symbols.end());
  auto r = make_record(record_type::disarm, now_ns);
  r.reason = reason;
  for (const auto& s : scope)
    r.symbols += (r.symbols.empty() ? "" : ",") + s;
  commit(std::move(r), om_action_kind::record, out);
  std::vector<std::string> working;
  for (const auto& [id, o] : orders_)
    if (o.working() && (scope.empty() || scope.count(o.spec.request.symbol) != 0))
      working.push_back(id);
  for (const auto& id : working)
    cancel(id, reason, now_ns, out);
  return out;
}

std::vector<om_action> order_manager_state::flatten(const std::vector<position>& held,
                                                    const std::vector<std::string>& symbols,
                                                    const std::string& reason,
                                                    std::int64_t now_ns) {
  const std::set<std::string> scope(symbols.begin(), symbols.end());
  auto in_scope = [&](const std::string& s) { return scope.empty() || scope.count(s) != 0; };
  // What the venue holds is what must be closed; a difference from the order manager's
  // own books is a problem to look into, not a reason to close the wrong quantity.
  std::map<std::string, double> venue;
  for (const auto& p : held)
    if (in_scope(p.symbol) && std::isfinite(p.qty))
      venue[p.symbol] += p.qty;
  std::set<std::string> symbols_seen;
  for (const auto& [symbol, p] : positions_)
    symbols_seen.insert(symbol);
  for (const auto& [symbol, qty] : venue)
    symbols_seen.insert(symbol);
  for (const auto& symbol : symbols_seen) {
    if (!in_scope(symbol))
      continue;
    const double theirs = venue.count(symbol) != 0 ? venue[symbol] : 0.0;
    const double ours = net_position(symbol);
    if (!nearly_equal(theirs, ours))
      problem(now_ns, "", "flatten: the broker holds " + fmt_qty(theirs) + " " + symbol
                            + ", the order manager " + fmt_qty(ours) + "; closing the broker's");
  }
  std::vector<position> closing;
  for (const auto& [symbol, qty] : venue) {
    position p;
    p.symbol = symbol;
    p.qty = qty;
    closing.push_back(p);
  }
  auto out = cancel_symbols(symbols, reason, now_ns);
  send_flatten(closing, reason, now_ns, out);
  return out;
}

std::vector<om_action> order_manager_state::flatten_all(const std::vector<position>& positions,
                                                        const std::string& reason,
                                                        std::int64_t now_ns) {
  auto out = cancel_all(reason, now_ns);
  send_flatten(positions, reason, now_ns, out);
  return out;
}

void order_manager_state::send_flatten(const std::vector<position>& positions,
                                       const std::string& reason, std::int64_t now_ns,
                                       std::vector<om_action>& out) {
  for (const auto& p : positions) {
    if (!std::isfinite(p.qty) || !positive_qty(std::fabs(p.qty)))
      continue;
    if (session_ == 0) {
      problem(now_ns, "", "flatten_all before begin_session: " + p.symbol + " not flattened");
      continue;
    }
    auto r = new_order(p.symbol, p.qty > 0 ? side::sell : side::buy, order_type::market,
                       std::fabs(p.qty), now_ns);
    r.order.request.reduce_only = true;
    r.order.role = order_role::flatten;
    r.order.tag = reason;
    commit(std::move(r), om_action_kind::send, out);
  }
}

std::vector<om_action> order_manager_state::flatten_all(const std::string& reason,
                                                        std::int64_t now_ns) {
  return flatten_all(positions(), reason, now_ns);
}

// -- broker events -------------------------------------------------------------------------

std::vector<om_action> order_manager_state::on_sent(const std::string& client_order_id,
                                                    std::int64_t now_ns) {
  std::vector<om_action> out;
  commit(make_record(record_type::sent, now_ns, client_order_id), om_action_kind::record, out);
  return out;
}

std::vector<om_action> order_manager_state::on_ack(const order_ack& a) {
  auto r = make_record(record_type::ack, a.ts_ns);
  r.ack = a;
  return on_event(std::move(r), a.client_order_id);
}

std::vector<om_action> order_manager_state::on_reject(const order_reject& rj) {
  auto r = make_record(record_type::reject, rj.ts_ns);
  r.reject = rj;
  return on_event(std::move(r), rj.client_order_id);
}

std::vector<om_action> order_manager_state::on_fill(const fill& f) {
  std::vector<om_action> out;
  last_booked_.reset();
  // A NaN or infinity cannot be written as JSON: report it without a record.
  if (!finite_positive(f.price) || !finite_positive(f.qty) || !std::isfinite(f.fee)) {
    problem(f.ts_ns, f.client_order_id, "fill with a bad price or quantity");
    return out;
  }
  // A repeat is not journaled: the journal holds each execution once.
  if (seen_fill(f)) {
    ++duplicates_;
    return out;
  }
  auto r = make_record(record_type::fill, f.ts_ns);
  r.fill = f;
  return on_event(std::move(r), f.client_order_id);
}

std::vector<om_action> order_manager_state::on_status(const order_status& s) {
  std::vector<om_action> out;
  if (!std::isfinite(s.qty) || !std::isfinite(s.filled_qty) || !std::isfinite(s.avg_price)) {
    problem(s.ts_ns, s.client_order_id, "status with a number that is not finite");
    return out;
  }
  const bool was_reconciling = reconciling();
  const bool answered = awaiting_.count(s.client_order_id) != 0;
  if (const auto* o = find(s.client_order_id))
    synthesize_fill(*o, s, out);
  auto r = make_record(record_type::status, s.ts_ns);
  r.status = s;
  commit(std::move(r), om_action_kind::record, out);
  // A cancel decided before a restart may never have left: asking again is harmless.
  if (const auto* o = find(s.client_order_id); answered && o && o->cancel_requested
                                                 && !o->terminal())
    cancel(s.client_order_id, "cancel again after a restart", s.ts_ns, out);
  // A change the order's exit group made comes with the fill that caused it, which
  // brings the bracket's follow-up; deciding on the change alone would see a stop
  // smaller than a position the fill has not reduced yet.
  if (s.reason.rfind(exit_group_reason, 0) == 0 && !was_reconciling)
    return out;
  follow_up(s.client_order_id, s.ts_ns, was_reconciling, out);
  return out;
}

// -- time ----------------------------------------------------------------------------------

std::vector<om_action> order_manager_state::on_time(std::int64_t now_ns) {
  std::vector<om_action> out;
  const auto unknown = awaiting_;
  for (const auto& id : unknown) {
    const auto* o = find(id);
    if (o && (o->queried_ns == 0 || now_ns - o->queried_ns >= cfg_.reconcile_timeout_ns))
      query(id, now_ns, out);
  }
  if (reconciling())
    return out;
  std::vector<std::string> expired;
  for (const auto& [id, b] : brackets_)
    if (b.armed && !b.closing && b.opened_ns != 0 && positive_qty(open_qty(b))
        && now_ns - b.opened_ns >= cfg_.max_holding_ns)
      expired.push_back(id);
  for (const auto& id : expired) {
    commit(make_record(record_type::time_stop, now_ns, id), om_action_kind::record, out);
    sync_bracket(id, now_ns, out);
  }
  // Closes the venue refused: asked again once reconcile_timeout has passed; forgotten
  // once their position is flat.
  std::vector<std::string> retry;
  for (auto it = close_refused_.begin(); it != close_refused_.end();) {
    const auto* b = find_bracket(it->first);
    if (!b || !positive_qty(open_qty(*b))) {
      it = close_refused_.erase(it);
      continue;
    }
    if (now_ns - it->second >= cfg_.reconcile_timeout_ns)
      retry.push_back(it->first);
    ++it;
  }
  for (const auto& id : retry)
    sync_bracket(id, now_ns, out);
  // Exits that waited for the update interval to grow with their entry.
  const auto deferred = std::exchange(deferred_, {});
  for (const auto& id : deferred)
    sync_bracket(id, now_ns, out);
  return out;
}

// -- helpers -------------------------------------------------------------------------------

void order_manager_state::commit(om_record r, om_action_kind kind, std::vector<om_action>& out) {
  om_action a;
  a.kind = kind;
  a.journal_record = encode_record(r);
  switch (kind) {
    case om_action_kind::send: a.request = r.order.request; break;
    case om_action_kind::cancel: a.cancel = r.cancel; break;
    case om_action_kind::query: a.query = r.query; break;
    case om_action_kind::refuse: a.reject = r.reject; break;
    case om_action_kind::publish_fill: a.synthesized = r.fill; break;
    case om_action_kind::record: break;
  }
  // Live changes go through the text a replay will read, so the two cannot differ.
  apply_record(a.journal_record);
  out.push_back(std::move(a));
}

std::string order_manager_state::next_id() const {
  return cfg_.client_id_prefix + "-" + std::to_string(session_) + "-"
         + std::to_string(next_seq_);
}

om_record order_manager_state::new_order(const std::string& symbol, side sd, order_type type,
                                         double qty, std::int64_t now_ns) const {
  om_record r;
  r.type = record_type::order;
  auto& q = r.order.request;
  q.client_order_id = next_id();
  q.symbol = symbol;
  q.sd = sd;
  q.type = type;
  q.tif = time_in_force::gtc;
  q.qty = qty;
  q.ts_ns = now_ns;
  return r;
}

std::string order_manager_state::check_intent(const order_intent& x) const {
  if (session_ == 0)
    return "no session";
  if (reconciling())
    return "reconciling";
  if (x.intent_id.empty())
    return "missing intent_id";
  if (intents_.count(x.intent_id) != 0)
    return "duplicate intent";
  if (x.symbol.empty())
    return "missing symbol";
  if (!finite_positive(x.qty))
    return "quantity must be a finite number > 0";
  const bool limit = x.type == order_type::limit || x.type == order_type::stop_limit;
  const bool stop = x.type == order_type::stop || x.type == order_type::stop_limit;
  if (limit && !finite_positive(x.limit_price))
    return "limit price must be > 0";
  if (stop && !finite_positive(x.stop_price))
    return "stop price must be > 0";
  if (!std::isfinite(x.stop_loss) || x.stop_loss < 0)
    return "stop loss must be >= 0";
  // A buy's stop lies below its targets (and its limit price); a sell's above.
  const bool buy = x.sd == side::buy;
  for (double tp : x.take_profits) {
    if (!finite_positive(tp))
      return "take-profit prices must be > 0";
    if (x.stop_loss > 0 && (buy ? tp <= x.stop_loss : tp >= x.stop_loss))
      return "take-profit on the wrong side of the stop loss";
  }
  if (limit && x.stop_loss > 0
      && (buy ? x.stop_loss >= x.limit_price : x.stop_loss <= x.limit_price))
    return "stop loss on the wrong side of the limit price";
  // An entry against the symbol's open position would trade against what that
  // position's exits protect: its exits would stand above what is left of it.
  if (const double net = net_position(x.symbol); !nearly_equal(net, 0) && (net > 0) != buy)
    return std::string{buy ? "a buy" : "a sell"} + " entry against the open position " + std::to_string(net) +
           " in " + x.symbol + " (its exits protect it)";
  return {};
}

void order_manager_state::refuse(const std::string& intent_id, std::string reason,
                                 std::int64_t now_ns, std::vector<om_action>& out) {
  om_record r;
  r.type = record_type::refuse;
  r.reject = {intent_id, std::move(reason), now_ns};
  commit(std::move(r), om_action_kind::refuse, out);
}

void order_manager_state::query(const std::string& id, std::int64_t now_ns,
                                std::vector<om_action>& out) {
  om_record r;
  r.type = record_type::query;
  r.query = {id, now_ns};
  commit(std::move(r), om_action_kind::query, out);
}

void order_manager_state::cancel(const std::string& id, const std::string& reason,
                                 std::int64_t now_ns, std::vector<om_action>& out) {
  om_record r;
  r.type = record_type::cancel;
  r.cancel = {id, reason, now_ns};
  commit(std::move(r), om_action_kind::cancel, out);
}

std::vector<om_action> order_manager_state::on_event(om_record r, const std::string& id) {
  std::vector<om_action> out;
  const bool was_reconciling = reconciling();
  const auto ts_ns = r.ts_ns;
  commit(std::move(r), om_action_kind::record, out);
  follow_up(id, ts_ns, was_reconciling, out);
  return out;
}

void order_manager_state::follow_up(const std::string& id, std::int64_t now_ns,
                                    bool was_reconciling, std::vector<om_action>& out) {
  // The last answer of a reconciliation: every bracket gets the exits its position needs.
  if (was_reconciling && !reconciling()) {
    // What a restart left is brought up to date at once, not at the next interval.
    resize_now_ = true;
    sync_all(now_ns, out);
    resize_now_ = false;
    return;
  }
  const auto* o = find(id);
  if (!o)
    return;
  const std::string entry = o->spec.role == order_role::entry ? o->id() : o->spec.bracket;
  if (brackets_.count(entry) != 0)
    sync_bracket(entry, now_ns, out);
}

} // namespace tickline
