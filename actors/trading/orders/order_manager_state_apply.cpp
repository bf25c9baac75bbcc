#include "actors/trading/orders/order_manager_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

// Applying journal records: the only place where the order manager's state changes. The
// decisions that make records are in order_manager_state.cpp, _exits.cpp and
// _recovery.cpp.

namespace tickline {

// Identifies a fill across repeats: its execution id. A fill journaled before executions
// had ids (and a synthesized one) is known by order id, price, quantity and time.
std::string order_manager_state::fill_key(const fill& f) {
  if (!f.exec_id.empty())
    return "x:" + f.exec_id;
  char buf[96];
  std::snprintf(buf, sizeof buf, "|%.17g|%.17g|%lld", f.price, f.qty,
                static_cast<long long>(f.ts_ns));
  return f.client_order_id + buf;
}

namespace {

// The symbols of a disarm record ("A,B"); empty = all.
std::set<std::string> split_symbols(const std::string& list) {
  std::set<std::string> out;
  std::size_t from = 0;
  while (from < list.size()) {
    auto to = list.find(',', from);
    if (to == std::string::npos)
      to = list.size();
    if (to > from)
      out.insert(list.substr(from, to - from));
    from = to + 1;
  }
  return out;
}

// What a terminal lifecycle state is called in the broker's terms.
order_state broker_state(lifecycle x) {
  switch (x) {
    case lifecycle::filled: return order_state::filled;
    case lifecycle::cancelled: return order_state::cancelled;
    case lifecycle::rejected: return order_state::rejected;
    default: return order_state::open;
  }
}

} // namespace

bool order_manager_state::apply_record(const std::string& record, record_type* type) {
  std::string error;
  const auto r = decode_record(record, error);
  if (!r) {
    problem(0, "", "unreadable journal record: " + error);
    return false;
  }
  if (type)
    *type = r->type;
  apply(*r);
  return true;
}

void order_manager_state::apply(const om_record& r) {
  if (r.type == record_type::fill)
    last_booked_.reset();
  const std::string* id = nullptr;
  switch (r.type) {
    case record_type::order: id = &r.order.request.client_order_id; break;
    case record_type::ack: id = &r.ack.client_order_id; break;
    case record_type::reject: id = &r.reject.client_order_id; break;
    case record_type::fill: id = &r.fill.client_order_id; break;
    case record_type::status: id = &r.status.client_order_id; break;
    default: break;
  }
  const auto* before = id ? find(*id) : nullptr;
  const bool was_open = before && !before->terminal();
  apply_change(r);
  if (!id)
    return;
  if (const auto* o = find(*id)) {
    track_exit(*o);
    if (was_open && o->terminal() && o->spec.role == order_role::entry)
      ended_entries_.push_back(o->id());
  }
}

std::vector<std::string> order_manager_state::take_ended_entries() {
  return std::exchange(ended_entries_, {});
}

void order_manager_state::track_exit(const managed_order& o) {
  if (o.spec.role == order_role::entry || o.spec.bracket.empty()
      || brackets_.count(o.spec.bracket) == 0)
    return;
  auto& live = live_exits_[o.spec.bracket];
  const auto it = std::find(live.begin(), live.end(), o.id());
  if (o.terminal() && it != live.end())
    live.erase(it);
  else if (!o.terminal() && it == live.end())
    live.push_back(o.id());
  if (live.empty())
    live_exits_.erase(o.spec.bracket);
}

void order_manager_state::rebuild_live_exits() {
  live_exits_.clear();
  for (const auto& [entry, b] : brackets_)
    for (const auto& id : b.exit_ids)
      if (const auto* o = find(id))
        track_exit(*o);
}

const std::vector<std::string>& order_manager_state::live_exits(const std::string& entry_id) const {
  static const std::vector<std::string> none;
  const auto it = live_exits_.find(entry_id);
  return it == live_exits_.end() ? none : it->second;
}

void order_manager_state::apply_change(const om_record& r) {
  switch (r.type) {
    case record_type::session: return apply_session(r);
    case record_type::order: return apply_order(r.order);
    case record_type::ack: return apply_ack(r.ack);
    case record_type::reject: return apply_reject(r.reject);
    case record_type::fill: return apply_fill(r.fill, r.synthesized);
    case record_type::status: return apply_status(r.status);
    case record_type::refuse: ++refused_; return;
    case record_type::sent:
      if (auto* o = order_for(r.id, r.ts_ns, r.type); o && o->state == lifecycle::new_)
        o->state = lifecycle::sent;
      return;
    case record_type::cancel:
      if (auto* o = order_for(r.cancel.client_order_id, r.cancel.ts_ns, r.type))
        o->cancel_requested = true;
      return;
    case record_type::query:
      if (auto* o = order_for(r.query.client_order_id, r.query.ts_ns, r.type))
        o->queried_ns = r.query.ts_ns;
      return;
    case record_type::trail:
      if (auto* b = bracket_for(r.id, r.ts_ns, r.type)) {
        b->best = r.best;
        b->stop_price = r.stop;
      }
      return;
    case record_type::time_stop:
      if (auto* b = bracket_for(r.id, r.ts_ns, r.type))
        b->closing = true;
      return;
    case record_type::disarm: {
      // A disarm of some symbols leaves every other bracket's protection in place.
      const auto scope = split_symbols(r.symbols);
      for (auto& entry : brackets_)
        if (scope.empty() || scope.count(entry.second.symbol) != 0)
          entry.second.armed = false;
      return;
    }
  }
}

void order_manager_state::apply_session(const om_record& r) {
  if (r.session <= session_)
    problem(r.ts_ns, "", "session " + std::to_string(r.session) + " after session "
                           + std::to_string(session_));
  session_ = std::max(session_, r.session);
  next_seq_ = 1;
  // Whatever was in flight when the last session ended may or may not have happened.
  for (auto& [id, o] : orders_) {
    if (o.terminal())
      continue;
    o.state = lifecycle::unknown;
    o.updated_ns = r.ts_ns;
    awaiting_.insert(id);
  }
}

void order_manager_state::apply_order(const order_spec& spec) {
  const auto& q = spec.request;
  const auto& id = q.client_order_id;
  if (orders_.count(id) != 0)
    return problem(q.ts_ns, id, "order id used twice");
  managed_order o;
  o.spec = spec;
  o.created_ns = o.updated_ns = q.ts_ns;
  orders_.emplace(id, std::move(o));
  // Ids are "<prefix>-<session>-<seq>"; the next one follows the highest seen this session.
  const auto tail = "-" + std::to_string(session_) + "-";
  const auto at = id.rfind(tail);
  if (at != std::string::npos && at + tail.size() < id.size()) {
    const auto digits = id.substr(at + tail.size());
    if (digits.find_first_not_of("0123456789") == std::string::npos && digits.size() < 19)
      next_seq_ = std::max<std::uint64_t>(next_seq_, std::stoull(digits) + 1);
  }
  if (!spec.intent_id.empty())
    intents_.insert(spec.intent_id);
  if (spec.role == order_role::entry && (spec.stop_loss > 0 || !spec.take_profits.empty())) {
    bracket b;
    b.entry_id = id;
    b.symbol = q.symbol;
    b.sd = q.sd;
    b.stop_price = spec.stop_loss;
    b.take_profits = spec.take_profits;
    const auto n = spec.take_profits.size();
    b.tp_fractions = target_shares(spec.tp_fractions, n);
    b.tp_filled.assign(n, 0);
    b.tp_dropped.assign(n, 0);
    brackets_.emplace(id, std::move(b));
  } else if (spec.role != order_role::entry && !spec.bracket.empty()) {
    auto b = brackets_.find(spec.bracket);
    if (b == brackets_.end())
      return problem(q.ts_ns, id, "exit for an unknown bracket " + spec.bracket);
    b->second.exit_ids.push_back(id);
  }
}

void order_manager_state::apply_ack(const order_ack& a) {
  auto* o = open_order_for(a.client_order_id, a.ts_ns, record_type::ack);
  if (!o)
    return;
  if (o->state == lifecycle::acked && o->venue_order_id == a.venue_order_id) {
    ++duplicates_;
    return;
  }
  o->venue_order_id = a.venue_order_id;
  o->updated_ns = a.ts_ns;
  // An unknown order stays unknown until its status tells what else happened to it.
  if (o->state == lifecycle::new_ || o->state == lifecycle::sent)
    o->state = lifecycle::acked;
}

void order_manager_state::apply_reject(const order_reject& r) {
  auto* o = open_order_for(r.client_order_id, r.ts_ns, record_type::reject);
  if (!o)
    return;
  if (o->filled_qty > 0)
    return problem(r.ts_ns, r.client_order_id, "reject after a fill");
  o->state = lifecycle::rejected;
  o->reason = r.reason;
  o->updated_ns = r.ts_ns;
  awaiting_.erase(r.client_order_id);
  auto* b = bracket_of(*o);
  if (!b || !b->armed)
    return;
  // A refused stop leaves the position unprotected: close it. A refused target is dropped.
  if (o->spec.role == order_role::stop)
    b->closing = true;
  if (o->spec.role == order_role::close) {
    close_refused_[b->entry_id] = r.ts_ns;
    problem(r.ts_ns, r.client_order_id, "close refused by the venue (" + r.reason
                                          + "); sent again after reconcile_timeout");
  }
  const auto i = o->spec.tp_index;
  if (o->spec.role == order_role::take_profit && i >= 0
      && static_cast<std::size_t>(i) < b->tp_dropped.size())
    b->tp_dropped[i] = 1;
}

void order_manager_state::apply_fill(const fill& f, bool synthesized) {
  if (!finite_positive(f.price) || !finite_positive(f.qty))
    return problem(f.ts_ns, f.client_order_id, "fill with a bad price or quantity");
  const auto key = fill_key(f);
  auto* o = find_mutable(f.client_order_id);
  if (!o) {
    if (is_retired(f.client_order_id)) {
      ++duplicates_;  // a terminal order's, booked before it was retired
      return problem(f.ts_ns, f.client_order_id, "fill for a retired order ignored");
    }
    if (!stray_fills_.insert(key).second) {
      ++duplicates_;
      return;
    }
    // The money moved anyway: the net position (and flatten_all), and so the portfolio,
    // must see it.
    problem(f.ts_ns, f.client_order_id, "fill for an unknown order");
    last_booked_ = f;
    return move_position(f.symbol, f.sd, f.price, f.qty, f.ts_ns);
  }
  if (std::find(o->fill_keys.begin(), o->fill_keys.end(), key) != o->fill_keys.end()) {
    ++duplicates_;
    return;
  }
  o->fill_keys.push_back(key);
  double qty = f.qty;
  if (synthesized) {
    o->synthesized_open += qty;
  } else if (o->synthesized_open > 0) {
    // The broker's own report of a fill that reconciliation already synthesized.
    const double matched = std::min(qty, o->synthesized_open);
    o->synthesized_open -= matched;
    qty -= matched;
    if (!positive_qty(qty)) {
      // Wholly covered: no quantity moves, but the venue charged its fee, which the
      // synthesized fill did not carry. Booked as a fee alone (quantity 0).
      if (f.fee > 0 && std::isfinite(f.fee)) {
        last_booked_ = f;
        last_booked_->qty = 0;
      }
      return;
    }
  }
  book_fill(*o, f, qty);
}

void order_manager_state::book_fill(managed_order& o, const fill& f, double qty) {
  const auto& q = o.spec.request;
  if (o.state == lifecycle::cancelled || o.state == lifecycle::rejected)
    problem(f.ts_ns, o.id(), "fill after " + to_string(o.state));
  if (o.filled_qty + qty > q.qty && !nearly_equal(o.filled_qty + qty, q.qty))
    problem(f.ts_ns, o.id(), "fill beyond the order quantity");
  if (f.symbol != q.symbol || f.sd != q.sd)
    problem(f.ts_ns, o.id(), "fill symbol or side differs from the order's");
  // What moves the books: `qty` (less than the fill when part of it matched a fill that
  // reconciliation synthesized, which had no fee: the fee stays whole).
  last_booked_ = f;
  last_booked_->qty = qty;
  o.avg_price = (o.avg_price * o.filled_qty + f.price * qty) / (o.filled_qty + qty);
  o.filled_qty += qty;
  o.updated_ns = f.ts_ns;
  if (o.state != lifecycle::cancelled && o.state != lifecycle::rejected) {
    if (o.filled_qty >= q.qty || nearly_equal(o.filled_qty, q.qty)) {
      o.state = lifecycle::filled;
      awaiting_.erase(o.id());
    } else if (o.state != lifecycle::unknown) {
      o.state = lifecycle::partially_filled;
    }
  }
  move_position(q.symbol, q.sd, f.price, qty, f.ts_ns);
  auto* b = bracket_of(o);
  if (!b)
    return;
  if (o.spec.role == order_role::entry) {
    if (b->opened_ns == 0) {
      b->opened_ns = f.ts_ns;
      b->best = f.price;
    }
    return;
  }
  b->exited += qty;
  const auto i = o.spec.tp_index;
  if (o.spec.role == order_role::take_profit && i >= 0
      && static_cast<std::size_t>(i) < b->tp_filled.size())
    b->tp_filled[i] += qty;
  if (o.spec.role == order_role::stop)
    b->stopped = true;
}

void order_manager_state::apply_status(const order_status& s) {
  auto* o = order_for(s.client_order_id, s.ts_ns, record_type::status);
  if (!o)
    return;
  awaiting_.erase(s.client_order_id);
  if (!s.venue_order_id.empty())
    o->venue_order_id = s.venue_order_id;
  if (s.filled_qty < o->filled_qty && !nearly_equal(s.filled_qty, o->filled_qty))
    problem(s.ts_ns, o->id(), "the broker reports less filled than known");
  if (o->terminal()) {
    if (s.state != broker_state(o->state))
      problem(s.ts_ns, o->id(), "status " + to_string(s.state) + " after " + to_string(o->state));
    return;
  }
  o->updated_ns = s.ts_ns;
  switch (s.state) {
    case order_state::unknown:
      // The order never arrived; sending it now would act on a stale decision.
      if (o->filled_qty > 0)
        problem(s.ts_ns, o->id(), "the broker does not know an order with fills");
      o->state = lifecycle::cancelled;
      o->reason = "never reached the broker";
      return;
    case order_state::pending_new:
    case order_state::open:
    case order_state::partially_filled:
      o->state = o->filled_qty > 0 ? lifecycle::partially_filled : lifecycle::acked;
      // The venue lowered the order (its exit group: a take-profit filled).
      if (s.qty > 0 && s.qty < o->spec.request.qty && !nearly_equal(s.qty, o->spec.request.qty))
        o->spec.request.qty = std::max(s.qty, o->filled_qty);
      return;
    case order_state::filled:
      o->state = lifecycle::filled;
      return;
    case order_state::cancelled:
    case order_state::rejected:
      o->state = s.state == order_state::cancelled ? lifecycle::cancelled : lifecycle::rejected;
      o->reason = s.reason.empty() ? to_string(s.state) + " by the broker" : s.reason;
      return;
  }
}

void order_manager_state::move_position(const std::string& symbol, side sd, double price,
                                         double qty, std::int64_t ts_ns) {
  auto& p = positions_[symbol];
  p.symbol = symbol;
  const double signed_qty = sd == side::buy ? qty : -qty;
  if (p.qty == 0 || (p.qty > 0) == (signed_qty > 0))
    p.avg_price = (p.avg_price * std::fabs(p.qty) + price * qty) / (std::fabs(p.qty) + qty);
  else if (qty > std::fabs(p.qty))
    p.avg_price = price; // flipped: the rest opened at this price
  p.qty += signed_qty;
  if (nearly_equal(p.qty, 0)) {
    p.qty = 0;
    p.avg_price = 0;
  }
  p.ts_ns = ts_ns;
}

void order_manager_state::problem(std::int64_t ts_ns, const std::string& id, std::string what) {
  ++problems_total_;
  problems_.push_back({ts_ns, id, std::move(what)});
  if (problems_.size() > max_problems)
    problems_.pop_front();
}

managed_order* order_manager_state::order_for(const std::string& id, std::int64_t ts_ns,
                                              record_type type) {
  auto* o = find_mutable(id);
  if (!o)
    problem(ts_ns, id, to_string(type) + " for an unknown order");
  return o;
}

managed_order* order_manager_state::open_order_for(const std::string& id, std::int64_t ts_ns,
                                                   record_type type) {
  auto* o = order_for(id, ts_ns, type);
  if (o && o->terminal()) {
    problem(ts_ns, id, to_string(type) + " after " + to_string(o->state));
    return nullptr;
  }
  return o;
}

bracket* order_manager_state::bracket_for(const std::string& entry_id, std::int64_t ts_ns,
                                          record_type type) {
  const auto it = brackets_.find(entry_id);
  if (it == brackets_.end()) {
    problem(ts_ns, entry_id, to_string(type) + " for an unknown bracket");
    return nullptr;
  }
  return &it->second;
}

managed_order* order_manager_state::find_mutable(const std::string& client_order_id) {
  const auto it = orders_.find(client_order_id);
  return it == orders_.end() ? nullptr : &it->second;
}

bracket* order_manager_state::bracket_of(const managed_order& o) {
  const auto it = brackets_.find(o.spec.role == order_role::entry ? o.id() : o.spec.bracket);
  return it == brackets_.end() ? nullptr : &it->second;
}

} // namespace tickline
