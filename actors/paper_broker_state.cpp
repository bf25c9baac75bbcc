#include "actors/paper_broker_state.hpp"

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
  auto venue_id = "paper-" + std::to_string(next_id_++);
  head_changed_ = true;
  ledger_.record(req, venue_id, order_state::open, "", now_ns);
  working_.push_back({id, now_ns + cfg_.latency_ms * 1'000'000, false});
  return {order_ack{id, venue_id, now_ns}};
}

std::vector<broker_event> paper_broker_state::on_cancel(const order_cancel& c,
                                                        std::int64_t now_ns) {
  std::vector<broker_event> out;
  auto w = std::find_if(working_.begin(), working_.end(),
                        [&](const working& x) { return x.client_order_id == c.client_order_id; });
  if (w != working_.end()) {
    working_.erase(w);
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
  for (const auto& w : working_)
    if (w.client_order_id == q.client_order_id && status.state == order_state::open
        && now_ns <= w.active_ns)
      status.state = order_state::pending_new;
  return status;
}

// -- market data --------------------------------------------------------------------------

std::vector<broker_event> paper_broker_state::on_trade(const trade_tick& t) {
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
  return match(q.symbol, market_event::from(q));
}

std::vector<broker_event> paper_broker_state::on_bar(const bar& b) {
  return match(b.symbol, market_event::from(b));
}

std::vector<std::string> paper_broker_state::working_orders() const {
  std::vector<std::string> out;
  for (const auto& w : working_)
    out.push_back(w.client_order_id);
  return out;
}

// -- incremental persistence ------------------------------------------------------------

bool paper_broker_state::changed() const {
  return head_changed_ || !ledger_.touched().empty()
         || ledger_.first_unsaved_fill() < ledger_.fills().size();
}

paper_book_head paper_broker_state::head() const {
  return {ledger_.starting_cash(), ledger_.cash(), ledger_.positions(), last_price_, next_id_};
}

paper_book_order paper_broker_state::book_order(const std::string& client_order_id) const {
  paper_book_order out;
  out.order = *ledger_.find(client_order_id);
  for (const auto& w : working_)
    if (w.client_order_id == client_order_id) {
      out.working = true;
      out.active_ns = w.active_ns;
      out.triggered = w.triggered;
    }
  return out;
}

void paper_broker_state::mark_saved() {
  ledger_.mark_saved();
  head_changed_ = false;
}

void paper_broker_state::mark_all_changed() {
  ledger_.touch_all();
  head_changed_ = true;
}

void paper_broker_state::assign(const paper_book_head& head, std::vector<paper_book_order> orders,
                                std::vector<fill> fills) {
  // Venue order numbers were handed out in arrival order: time priority.
  auto rank = [](const paper_book_order& o) -> std::uint64_t {
    const auto& v = o.order.venue_order_id;
    const auto dash = v.rfind('-');
    try {
      return dash == std::string::npos ? 0 : std::stoull(v.substr(dash + 1));
    } catch (const std::exception&) {
      return 0;
    }
  };
  std::stable_sort(orders.begin(), orders.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  std::map<std::string, broker_order> by_id;
  working_.clear();
  for (auto& o : orders) {
    const auto id = o.order.request.client_order_id;
    if (o.working)
      working_.push_back({id, o.active_ns, o.triggered});
    by_id.emplace(id, std::move(o.order));
  }
  ledger_.assign(head.starting_cash, head.cash, head.positions, std::move(by_id), std::move(fills));
  last_price_ = head.last_prices;
  next_id_ = head.next_id;
  head_changed_ = false;
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

std::string paper_broker_state::check_balance(const order_request& req) const {
  // What the working orders of the same side may still take.
  double committed = 0;
  for (const auto& w : working_) {
    const auto& o = *ledger_.find(w.client_order_id);
    if (o.request.sd != req.sd)
      continue;
    if (req.sd == side::buy)
      committed += o.remaining() * reference_price(o.request)
                   * (1 + fee_rate(is_maker(o.request.type)));
    else if (o.request.symbol == req.symbol)
      committed += o.remaining();
  }
  if (req.sd == side::sell) {
    const double available = position(req.symbol) - committed;
    if (cfg_.allow_short || req.qty <= available)
      return {};
    return "insufficient " + req.symbol + ": selling " + num(req.qty) + ", available "
           + num(available) + " (short selling is off)";
  }
  const double price = reference_price(req);
  if (!(price > 0))
    return "no market price for " + req.symbol + " yet to value a market order";
  const double needed = req.qty * price * (1 + fee_rate(is_maker(req.type)));
  const double available = cash() - committed;
  if (needed <= available)
    return {};
  return "insufficient balance: needs " + num(needed) + " " + cfg_.quote_currency
         + ", available " + num(available) + " " + cfg_.quote_currency;
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
  for (std::size_t i = 0; i < working_.size();) {
    auto& w = working_[i];
    const auto& req = ledger_.find(w.client_order_id)->request;
    if (req.symbol != symbol || !ev.after(w.active_ns)) {
      ++i;
      continue;
    }
    auto& budget = req.sd == side::buy ? buy_budget : sell_budget;
    if (execute(w, ev, budget, out))
      working_.erase(working_.begin() + static_cast<std::ptrdiff_t>(i));
    else
      ++i;
  }
  if (ev.last > 0) {
    auto [it, added] = last_price_.try_emplace(symbol, ev.last);
    if (added || it->second != ev.last) {
      it->second = ev.last;
      head_changed_ = true;
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
           *price * qty * fee_rate(maker), maker, ev.last_ns};
    ledger_.book(f);
    budget -= qty;
    out.push_back(std::move(f));
    if (o.remaining() == 0)
      return true;
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
  ledger_.close(id, state, std::move(reason), now_ns);
  out.push_back(ledger_.find(id)->status(now_ns));
}

} // namespace tickline
