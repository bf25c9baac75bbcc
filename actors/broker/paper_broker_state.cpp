#include "actors/broker/paper_broker_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace tickline {

namespace {

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.10g", x);
  return buf;
}

bool positive(double x) {
  return std::isfinite(x) && x > 0;
}

bool has_stop(order_type t) {
  return t == order_type::stop || t == order_type::stop_limit;
}

// Limit orders rest on the book, so they pay the maker fee; the others take liquidity.
bool is_maker(order_type t) {
  return t == order_type::limit || t == order_type::stop_limit;
}

// Venue order numbers are handed out in arrival order: "paper-<n>" ranks as n.
std::uint64_t venue_rank(const broker_order& o) {
  const auto& v = o.venue_order_id;
  const auto dash = v.rfind('-');
  try {
    return dash == std::string::npos ? 0 : std::stoull(v.substr(dash + 1));
  } catch (const std::exception&) {
    return 0;
  }
}

} // namespace

paper_broker_state::paper_broker_state(broker_config cfg, std::vector<std::string> symbols)
  : cfg_(std::move(cfg)),
    symbols_(symbols.begin(), symbols.end()),
    ledger_(cfg_.starting_balance) {}

// -- commands -----------------------------------------------------------------------------

std::vector<broker_event> paper_broker_state::on_order(const order_request& req,
                                                       std::int64_t now_ns) {
  const auto& id = req.client_order_id;
  if (id.empty())
    return {order_reject{id, "empty client_order_id", now_ns}};
  // The first order under this id stays as it is, whatever became of it.
  if (ledger_.find(id) != nullptr)
    return {order_reject{id, "duplicate client_order_id", now_ns}};
  if (auto reason = check(req); !reason.empty()) {
    ledger_.record(req, "", order_state::rejected, reason, now_ns);
    return {order_reject{id, reason, now_ns}};
  }
  const auto seq = next_id_++;
  auto venue_id = "paper-" + std::to_string(seq);
  head_changed_ = true;
  const auto& o = ledger_.record(req, venue_id, order_state::open, "", now_ns);
  working_.add(req.symbol, {id, now_ns + cfg_.latency_ms * 1'000'000, false, seq});
  hold(o, true);
  return {order_ack{id, venue_id, now_ns}};
}

std::vector<broker_event> paper_broker_state::on_cancel(const order_cancel& c,
                                                        std::int64_t now_ns) {
  std::vector<broker_event> out;
  const auto* o = ledger_.find(c.client_order_id);
  if (o != nullptr && working_.erase(o->request.symbol, c.client_order_id)) {
    end(c.client_order_id, order_state::cancelled, c.reason.empty() ? "cancelled" : c.reason,
        now_ns, out);
  } else {
    out.push_back(on_query({c.client_order_id, now_ns}, now_ns));
  }
  return out;
}

order_status paper_broker_state::on_query(const order_query& q, std::int64_t now_ns) const {
  const auto* o = ledger_.find(q.client_order_id);
  if (o == nullptr)
    return {q.client_order_id, "", order_state::unknown, 0, 0, 0, "", "unknown order", now_ns};
  auto status = o->status(now_ns);
  const auto* w = working_.find(o->request.symbol, q.client_order_id);
  if (w != nullptr && status.state == order_state::open && now_ns <= w->active_ns)
    status.state = order_state::pending_new;
  return status;
}

// -- market data --------------------------------------------------------------------------

std::vector<broker_event> paper_broker_state::on_trade(const trade_tick& t) {
  if (t.trade_id > 0) {
    auto& seen = seen_[t.symbol];
    if (t.trade_id <= seen.trade_id) {
      ++replayed_;
      return {};
    }
    seen.trade_id = t.trade_id;
    changed_symbols_.insert(t.symbol);
  }
  return match(t.symbol, market_event::from(t));
}

std::vector<broker_event> paper_broker_state::on_trades(const std::vector<trade_tick>& batch) {
  std::vector<broker_event> out;
  for (const auto& t : batch) {
    auto events = on_trade(t);
    out.insert(out.end(), events.begin(), events.end());
  }
  return out;
}

std::vector<broker_event> paper_broker_state::on_book(const book_top& q) {
  if (q.ts_ns > 0) {
    auto& seen = seen_[q.symbol];
    if (q.ts_ns <= seen.quote_ns) {
      ++replayed_;
      return {};
    }
    seen.quote_ns = q.ts_ns;
    changed_symbols_.insert(q.symbol);
  }
  return match(q.symbol, market_event::from(q));
}

std::vector<broker_event> paper_broker_state::on_bar(const bar& b) {
  if (b.close_ns > 0) {
    auto& seen = seen_[b.symbol];
    if (b.close_ns <= seen.bar_close_ns) {
      ++replayed_;
      return {};
    }
    seen.bar_close_ns = b.close_ns;
    changed_symbols_.insert(b.symbol);
  }
  return match(b.symbol, market_event::from(b));
}

paper_seen paper_broker_state::seen(const std::string& symbol) const {
  auto i = seen_.find(symbol);
  return i == seen_.end() ? paper_seen{} : i->second;
}

std::vector<std::string> paper_broker_state::working_orders() const {
  std::vector<std::string> out;
  for (const auto& w : working_.all())
    out.push_back(w.client_order_id);
  return out;
}

// -- incremental persistence ------------------------------------------------------------

bool paper_broker_state::changed() const {
  return head_changed_ || !ledger_.touched().empty() || !changed_symbols_.empty()
         || ledger_.first_unsaved_fill() < ledger_.fills().size();
}

paper_book_head paper_broker_state::head() const {
  return {ledger_.starting_cash(), ledger_.cash(), {}, {}, next_id_};
}

paper_book_order paper_broker_state::book_order(const std::string& client_order_id) const {
  paper_book_order out;
  out.order = *ledger_.find(client_order_id);
  if (const auto* w = working_.find(out.order.request.symbol, client_order_id)) {
    out.working = true;
    out.active_ns = w->active_ns;
    out.triggered = w->triggered;
  }
  return out;
}

paper_book_symbol paper_broker_state::book_symbol(const std::string& symbol) const {
  paper_book_symbol out;
  const auto& held = ledger_.positions();
  if (auto i = held.find(symbol); i != held.end()) {
    out.has_position = true;
    out.position = i->second;
  }
  if (auto i = last_price_.find(symbol); i != last_price_.end()) {
    out.has_last = true;
    out.last_price = i->second;
  }
  out.seen = seen(symbol);
  return out;
}

void paper_broker_state::mark_saved() {
  ledger_.mark_saved();
  head_changed_ = false;
  changed_symbols_.clear();
}

void paper_broker_state::mark_all_changed() {
  ledger_.touch_all();
  head_changed_ = true;
  for (const auto& [symbol, qty] : ledger_.positions())
    changed_symbols_.insert(symbol);
  for (const auto& [symbol, price] : last_price_)
    changed_symbols_.insert(symbol);
  for (const auto& [symbol, seen] : seen_)
    changed_symbols_.insert(symbol);
}

void paper_broker_state::assign(const paper_book_head& head,
                                const std::map<std::string, paper_book_symbol>& symbols,
                                std::vector<paper_book_order> orders, std::vector<fill> fills) {
  auto positions = head.positions;
  last_price_ = head.last_prices;
  seen_.clear();
  for (const auto& [symbol, s] : symbols) {
    if (s.has_position)
      positions[symbol] = s.position;
    if (s.has_last)
      last_price_[symbol] = s.last_price;
    if (s.seen.trade_id != 0 || s.seen.bar_close_ns != 0 || s.seen.quote_ns != 0)
      seen_[symbol] = s.seen;
  }
  std::map<std::string, broker_order> by_id;
  std::vector<paper_working> ws;
  for (auto& o : orders) {
    const auto id = o.order.request.client_order_id;
    if (o.working)
      ws.push_back({id, o.active_ns, o.triggered, venue_rank(o.order)});
    by_id.emplace(id, std::move(o.order));
  }
  ledger_.assign(head.starting_cash, head.cash, std::move(positions), std::move(by_id),
                 std::move(fills));
  rebuild_working(ws);
  next_id_ = head.next_id;
  head_changed_ = false;
  changed_symbols_.clear();
}

void paper_broker_state::rebuild_working(const std::vector<paper_working>& ws) {
  working_.clear();
  auto ranked = ws;
  for (auto& w : ranked)
    if (const auto* o = ledger_.find(w.client_order_id); o != nullptr && w.seq == 0)
      w.seq = venue_rank(*o);
  // Time priority: venue order numbers were handed out in arrival order.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const paper_working& a, const paper_working& b) { return a.seq < b.seq; });
  for (auto& w : ranked) {
    const auto* o = ledger_.find(w.client_order_id);
    if (o == nullptr || !o->working())
      continue;  // books that disagree: an order that cannot fill stays out of the book
    working_.add(o->request.symbol, w);
    hold(*o, true);
  }
}

// -- acceptance ---------------------------------------------------------------------------

std::string paper_broker_state::check(const order_request& req) const {
  if (req.symbol.empty() || (!symbols_.empty() && symbols_.count(req.symbol) == 0))
    return "unknown symbol \"" + req.symbol + "\"";
  if (!positive(req.qty))
    return "quantity must be positive and finite, got " + num(req.qty);
  if (is_maker(req.type) && !positive(req.limit_price))
    return "limit price must be positive and finite, got " + num(req.limit_price);
  if (has_stop(req.type) && !positive(req.stop_price))
    return "stop price must be positive and finite, got " + num(req.stop_price);
  if (req.tif == time_in_force::day)
    return "time in force day is not supported by the paper broker";
  if (req.reduce_only) {
    const double held = position(req.symbol);
    if (req.sd == side::buy ? held >= 0 : held <= 0)
      return "reduce-only order would not reduce the position (" + num(held) + ")";
  }
  return check_balance(req);
}

double paper_broker_state::reserved(side sd, const std::string& symbol) const {
  if (sd == side::buy)
    return committed_buys();
  auto held = working_.sell_qty.find(symbol);
  return held == working_.sell_qty.end() ? 0 : held->second.sum;
}

std::string paper_broker_state::check_balance(const order_request& req) const {
  // What the working orders of the same side may still take.
  if (req.sd == side::sell) {
    // A reduce-only exit (check() made sure it reduces) reserves the position it closes.
    if (req.reduce_only)
      return {};
    const double available = position(req.symbol) - reserved(side::sell, req.symbol);
    if (cfg_.allow_short || req.qty <= available)
      return {};
    return "insufficient " + req.symbol + ": selling " + num(req.qty) + ", available "
           + num(available) + " (short selling is off)";
  }
  const double price = reference_price(req);
  if (!(price > 0))
    return "no market price for " + req.symbol + " yet to value a market order";
  const double needed = req.qty * price * (1 + fee_rate(is_maker(req.type)));
  const double available = cash() - committed_buys();
  if (needed <= available)
    return {};
  return "insufficient balance: needs " + num(needed) + " " + cfg_.quote_currency
         + ", available " + num(available) + " " + cfg_.quote_currency;
}

// Working buys valued like check_balance values a new one: those valued when placed, plus
// the market buys at the last price now (repriced as the prices move).
double paper_broker_state::committed_buys() const {
  return working_.buy_value.sum + working_.market_buy_value.sum;
}

// What one unit of a market buy of `symbol` holds back at its last price: 0 before any.
double paper_broker_state::market_unit(const std::string& symbol) const {
  auto last = last_price_.find(symbol);
  if (last == last_price_.end())
    return 0;
  return last->second * (1 + cfg_.slippage_bps / 10'000) * (1 + fee_rate(false));
}

// Adds what the working order `o` holds back to the reserves, or takes it away. Called
// around every change to its remaining quantity, so the sums match the orders.
void paper_broker_state::hold(const broker_order& o, bool add) {
  const auto& r = o.request;
  const double left = o.remaining();
  if (r.sd == side::sell) {
    adjust(working_.sell_qty, r.symbol, left, add);
  } else if (r.type == order_type::market) {
    adjust(working_.market_buy_qty, r.symbol, left, add);
    working_.market_buy_value.change(left * market_unit(r.symbol), add);
  } else {
    working_.buy_value.change(left * reference_price(r) * (1 + fee_rate(is_maker(r.type))), add);
  }
}

double paper_broker_state::reference_price(const order_request& req) const {
  const double slip = 1 + cfg_.slippage_bps / 10'000;
  switch (req.type) {
    case order_type::limit:
    case order_type::stop_limit:
      return req.limit_price;
    case order_type::stop:
      return req.stop_price * slip;
    case order_type::market:
      break;
  }
  auto last = last_price_.find(req.symbol);
  return last == last_price_.end() ? 0 : last->second * slip;
}

double paper_broker_state::fee_rate(bool maker) const {
  return (maker ? cfg_.maker_fee_bps : cfg_.taker_fee_bps) / 10'000;
}

// -- matching -----------------------------------------------------------------------------

std::vector<broker_event> paper_broker_state::match(const std::string& symbol,
                                                    const market_event& ev) {
  std::vector<broker_event> out;
  double buy_budget = cfg_.max_participation * std::max(0.0, ev.ask_qty);
  double sell_budget = cfg_.max_participation * std::max(0.0, ev.bid_qty);
  if (auto* list = working_.of(symbol)) {
    for (std::size_t i = 0; i < list->size();) {
      auto& w = (*list)[i];
      if (!ledger_.find(w.client_order_id)->working()) {
        // Ended by its exit group while this event was being matched.
        list->erase(list->begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      if (!ev.after(w.active_ns)) {
        ++i;
        continue;
      }
      const auto& req = ledger_.find(w.client_order_id)->request;
      auto& budget = req.sd == side::buy ? buy_budget : sell_budget;
      if (execute(w, ev, budget, out))
        list->erase(list->begin() + static_cast<std::ptrdiff_t>(i));
      else
        ++i;
    }
    // Orders before the one that filled may have been ended by its exit group too.
    list->erase(std::remove_if(list->begin(), list->end(),
                               [this](const working& x) {
                                 return !ledger_.find(x.client_order_id)->working();
                               }),
                list->end());
    working_.tidy(symbol);
  }
  if (ev.last > 0) {
    auto [it, added] = last_price_.try_emplace(symbol, 0);
    if (added || it->second != ev.last) {
      // Market buys of the symbol held at the old price are held at the new one.
      if (auto m = working_.market_buy_qty.find(symbol); m != working_.market_buy_qty.end()) {
        const double before = market_unit(symbol);
        it->second = ev.last;
        working_.market_buy_value.sum += m->second.sum * (market_unit(symbol) - before);
      }
      it->second = ev.last;
      changed_symbols_.insert(symbol);
    }
  }
  return out;
}

bool paper_broker_state::execute(working& w, const market_event& ev, double& budget,
                                 std::vector<broker_event>& out) {
  const auto& o = *ledger_.find(w.client_order_id);
  const auto& req = o.request;
  std::optional<double> trigger;
  if (has_stop(req.type) && !w.triggered) {
    if (!stop_triggers(req.sd, req.stop_price, ev))
      return false;
    w.triggered = true;
    ledger_.touch(w.client_order_id);
    if (req.type == order_type::stop_limit) {
      // Now a resting limit, which can fill from the next event on.
      w.active_ns = ev.last_ns;
      return false;
    }
    trigger = req.stop_price;
  }
  const bool maker = is_maker(req.type);
  const auto price = maker ? limit_fill_price(req.sd, req.limit_price, ev)
                           : market_fill_price(req.sd, ev, cfg_.slippage_bps, trigger);
  const double wanted = o.remaining();
  double qty = price ? std::min(wanted, budget) : 0;
  std::string short_of;
  if (price) {
    const auto [cap, why] = capacity(req, *price, maker);
    if (cap < qty) {
      qty = cap;
      short_of = why;
    }
  }
  if (req.tif == time_in_force::fok && qty < wanted)
    qty = 0;
  if (qty > 1e-9 * req.qty) {
    fill f{req.client_order_id, req.symbol, req.sd, *price, qty,
           *price * qty * fee_rate(maker), maker, ev.last_ns,
           broker_ledger::exec_id_of(ledger_.fills().size())};
    hold(o, false);
    ledger_.book(f);
    changed_symbols_.insert(req.symbol);
    head_changed_ = true;  // cash
    budget -= qty;
    std::vector<broker_event> after;
    update_group(o, qty, ev.last_ns, out, after);
    out.push_back(std::move(f));
    out.insert(out.end(), after.begin(), after.end());
    if (o.remaining() == 0)
      return true;
    hold(o, true);
  }
  if (req.tif == time_in_force::ioc || req.tif == time_in_force::fok) {
    end(req.client_order_id, order_state::cancelled,
        to_string(req.tif) + ": the unfilled rest is cancelled", ev.last_ns, out);
    return true;
  }
  if (!short_of.empty()) {
    end(req.client_order_id, order_state::cancelled, short_of, ev.last_ns, out);
    return true;
  }
  return false;
}

// A fill of `qty` on `o` changes the other working orders of its exit group: a limit's
// fill reduces the stops (reported before the fill), a stop's fill cancels the limits
// (reported after it). The working list is tidied by match().
void paper_broker_state::update_group(const broker_order& o, double qty, std::int64_t now_ns,
                                      std::vector<broker_event>& before,
                                      std::vector<broker_event>& after) {
  const auto& group = o.request.exit_group;
  const auto* list = working_.of(o.request.symbol);
  if (group.empty() || list == nullptr)
    return;
  const bool stop_filled = has_stop(o.request.type);
  std::vector<std::string> members;
  for (const auto& w : *list)
    if (const auto* x = ledger_.find(w.client_order_id);
        x != &o && x->working() && x->request.exit_group == group
        && has_stop(x->request.type) != stop_filled)
      members.push_back(w.client_order_id);
  const std::string why = std::string{exit_group_reason} + ": "
                          + (stop_filled ? "its stop filled" : "a take-profit filled");
  for (const auto& id : members) {
    const auto& x = *ledger_.find(id);
    const double left = x.remaining() - qty;
    if (stop_filled || left <= 1e-9 * x.request.qty) {
      end(id, order_state::cancelled, why, now_ns, stop_filled ? after : before);
      continue;
    }
    hold(x, false);
    ledger_.reduce(id, x.request.qty - qty, why, now_ns);
    hold(x, true);
    before.push_back(x.status(now_ns));
  }
}

std::map<std::string, std::string> paper_broker_state::exit_groups() const {
  std::map<std::string, std::string> out;
  for (const auto& [id, o] : ledger_.orders())
    if (!o.request.exit_group.empty())
      out.emplace(id, o.request.exit_group);
  return out;
}

void paper_broker_state::set_exit_groups(const std::map<std::string, std::string>& groups) {
  for (const auto& [id, group] : groups)
    ledger_.set_exit_group(id, group);
}

std::pair<double, std::string> paper_broker_state::capacity(const order_request& req,
                                                            double price, bool maker) const {
  std::pair<double, std::string> cap{std::numeric_limits<double>::infinity(), ""};
  const double held = position(req.symbol);
  if (req.sd == side::buy)
    cap = {std::max(0.0, cash()) / (price * (1 + fee_rate(maker))), "insufficient balance"};
  else if (!cfg_.allow_short)
    cap = {std::max(0.0, held), "insufficient " + req.symbol};
  if (req.reduce_only) {
    const double to_flat = std::max(0.0, req.sd == side::buy ? -held : held);
    if (to_flat < cap.first)
      cap = {to_flat, "reduce-only: the position is flat"};
  }
  return cap;
}

void paper_broker_state::end(const std::string& id, order_state state, std::string reason,
                             std::int64_t now_ns, std::vector<broker_event>& out) {
  hold(*ledger_.find(id), false);
  ledger_.close(id, state, std::move(reason), now_ns);
  out.push_back(ledger_.find(id)->status(now_ns));
}

} // namespace tickline
