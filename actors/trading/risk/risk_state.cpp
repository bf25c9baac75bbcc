#include "actors/trading/risk/risk_state.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "config/civil_time.hpp"

namespace tickline {

namespace {

int severity(trading_state s) {
  return static_cast<int>(s);  // active < reducing < paused < halted
}

} // namespace

risk_state::risk_state() : risk_state(risk_setup{}) {}

risk_state::risk_state(risk_setup setup)
  : setup_(std::move(setup)), blackouts_(setup_.blackouts),
    correlation_(setup_.limits.correlation_window) {
  for (const auto& [feed, symbols] : setup_.feed_symbols)
    for (const auto& s : symbols)
      symbol_feeds_[s].push_back(feed);
}

// -- decisions --------------------------------------------------------------------------

risk_decision risk_state::decide(const order_intent& intent, const risk_context& ctx,
                                 std::int64_t now_ns) {
  on_equity(ctx.equity, now_ns);
  risk_decision d;
  d.intent_id = intent.intent_id;
  d.symbol = intent.symbol;
  d.requested_qty = intent.qty;
  d.ts_ns = now_ns;
  auto finish = [&](risk_verdict verdict, double qty, std::string reason) {
    d.verdict = verdict;
    d.approved_qty = qty;
    d.reason = std::move(reason);
    d.state = state_;
    return record(std::move(d));
  };
  if (intent.symbol.empty())
    return finish(risk_verdict::deny, 0, "invalid intent: no symbol");
  if (!(intent.qty > 0) || !std::isfinite(intent.qty))
    return finish(risk_verdict::deny, 0,
                  "invalid intent: quantity must be positive and finite, got " +
                    format_amount(intent.qty));
  const int sign = intent.sd == side::buy ? 1 : -1;
  const auto pos = ctx.positions.find(intent.symbol);
  const double held = pos == ctx.positions.end() ? 0 : pos->second.qty;
  const double closing = held * sign < 0 ? std::fabs(held) : 0;
  if (closing > 0 && intent.qty <= closing * (1 + 1e-9))
    return finish(risk_verdict::approve, intent.qty,
                  "reducing order: position " + format_amount(held));
  // Approved entries not yet filled count as held: a burst of signals must not overshoot.
  prune_pending(now_ns);
  std::string block = entry_block(intent.symbol, sign, ctx, now_ns);
  exposure_fit fit{intent.qty, {}};
  std::optional<double> price;
  if (block.empty()) {
    if ((price = price_of(intent.symbol, &intent, ctx))) {
      fit = fit_exposure(exposure_totals_for(intent.symbol, ctx), intent.symbol, sign, *price,
                         intent.qty, setup_.limits);
      if (fit.qty <= 0)
        block = fit.reason;
    } else {
      block = "no price known for " + intent.symbol;
    }
  }
  if (!block.empty() && closing > 0)
    return finish(risk_verdict::reduce, closing,
                  block + "; only the part closing the position is allowed");
  if (!block.empty())
    return finish(risk_verdict::deny, 0, std::move(block));
  ++entries_today_;
  last_entry_ns_[intent.symbol] = now_ns;
  const double approved = fit.reason.empty() ? intent.qty : std::max(fit.qty, closing);
  if (approved > closing && !intent.intent_id.empty())
    add_pending(intent.intent_id, {intent.symbol, sign * (approved - closing), *price, now_ns});
  if (fit.reason.empty())
    return finish(risk_verdict::approve, approved, "entry within every limit");
  return finish(risk_verdict::reduce, approved, std::move(fit.reason));
}

void risk_state::on_settled(const std::vector<std::string>& intent_ids) {
  for (const auto& id : intent_ids)
    if (auto it = pending_.find(id); it != pending_.end())
      erase_pending(it);
}

void risk_state::add_pending(const std::string& intent_id, pending_entry e) {
  if (auto old = pending_.find(intent_id); old != pending_.end())
    erase_pending(old);
  sum_in(e);
  pending_.emplace(intent_id, std::move(e));
}

void risk_state::erase_pending(std::map<std::string, pending_entry>::iterator it) {
  const auto sum = pending_by_symbol_.find(it->second.symbol);
  if (sum != pending_by_symbol_.end()) {
    if (--sum->second.entries <= 0) {
      pending_by_symbol_.erase(sum);  // no sum drifts from rounding once its entries are gone
    } else {
      sum->second.qty -= it->second.qty;
      sum->second.notional -= it->second.qty * it->second.price;
    }
  }
  pending_.erase(it);
}

void risk_state::prune_pending(std::int64_t now_ns) {
  if (now_ns < next_prune_ns_)
    return;
  next_prune_ns_ = std::numeric_limits<std::int64_t>::max();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now_ns - it->second.ts_ns > pending_timeout_ns) {
      erase_pending(it++);
      continue;
    }
    next_prune_ns_ = std::min(next_prune_ns_, it->second.ts_ns + pending_timeout_ns + 1);
    ++it;
  }
}

void risk_state::rebuild_pending_sums() {
  pending_by_symbol_.clear();
  next_prune_ns_ = std::numeric_limits<std::int64_t>::max();
  for (const auto& [id, e] : pending_)
    sum_in(e);
}

void risk_state::sum_in(const pending_entry& e) {
  auto& sum = pending_by_symbol_[e.symbol];
  sum.qty += e.qty;
  sum.notional += e.qty * e.price;
  ++sum.entries;
  next_prune_ns_ = std::min(next_prune_ns_, e.ts_ns + pending_timeout_ns + 1);
}

exposure_totals risk_state::exposure_totals_for(const std::string& symbol,
                                                const risk_context& ctx) const {
  const auto& c = setup_.limits;
  auto held_notional = [&](const std::string& s, const position& p) {
    if (p.qty == 0)
      return 0.0;
    const auto price = price_of(s, nullptr, ctx);
    return p.qty * (price ? *price : p.avg_price);
  };
  auto pending_notional = [&](const std::string& s) {
    const auto it = pending_by_symbol_.find(s);
    return it == pending_by_symbol_.end() ? 0.0 : it->second.notional;
  };
  exposure_totals t;
  if (!needs_all_exposures(symbol, c)) {
    double n = pending_notional(symbol);
    if (auto p = ctx.positions.find(symbol); p != ctx.positions.end())
      n += held_notional(symbol, p->second);
    add_exposure(t, symbol, n, symbol, c);
    return t;
  }
  for (const auto& [s, p] : ctx.positions)
    add_exposure(t, s, held_notional(s, p) + pending_notional(s), symbol, c);
  for (const auto& [s, sum] : pending_by_symbol_)
    if (ctx.positions.count(s) == 0)
      add_exposure(t, s, sum.notional, symbol, c);
  return t;
}

std::map<std::string, double> risk_state::expected_positions(const risk_context& ctx) const {
  std::map<std::string, double> held;
  for (const auto& [s, p] : ctx.positions)
    held[s] = p.qty;
  for (const auto& [s, sum] : pending_by_symbol_)
    held[s] += sum.qty;
  return held;
}

std::string risk_state::entry_block(const std::string& symbol, int sign, const risk_context& ctx,
                                    std::int64_t now_ns) const {
  const auto& lim = setup_.limits;
  if (state_ != trading_state::active)
    return "state " + to_string(state_) + " (" + state_reason_ + "): only reducing orders";
  if (lost_.count(setup_.broker_source) != 0)
    return "connection: " + setup_.broker_source + " lost";
  if (auto feeds = symbol_feeds_.find(symbol); feeds != symbol_feeds_.end()) {
    const bool any_live = std::any_of(feeds->second.begin(), feeds->second.end(),
                                      [this](const auto& f) { return lost_.count(f) == 0; });
    if (!any_live)
      return "connection: every feed of " + symbol + " is lost";
  }
  if (auto d = disabled_.find(symbol); d != disabled_.end())
    return "symbol " + symbol + " disabled (" + d->second + ")";
  if (auto why = setup_.calendar.closed_reason(now_ns); !why.empty())
    return "calendar: " + why;
  if (auto why = blackouts_.check(now_ns); !why.empty())
    return why;
  const auto m = markets_.find(symbol);
  if (m != markets_.end())
    if (auto why = volatility_guard(m->second.atr_value, m->second.last_close, lim.max_atr_pct);
        !why.empty())
      return why;
  const auto last = last_entry_ns_.find(symbol);
  const auto last_ns = last == last_entry_ns_.end() ? std::nullopt
                                                     : std::optional<std::int64_t>{last->second};
  if (auto why = cooldown_guard(last_ns, now_ns, lim.cooldown_ms * 1'000'000, symbol); !why.empty())
    return why;
  if (auto why = trades_per_day_guard(entries_today_, lim.max_trades_per_day); !why.empty())
    return why;
  if (lim.max_correlated_positions <= 0)
    return {};
  return correlation_guard(correlation_, symbol, sign, expected_positions(ctx),
                           lim.correlation_threshold, lim.max_correlated_positions);
}

std::optional<double> risk_state::price_of(const std::string& symbol, const order_intent* intent,
                                           const risk_context& ctx) const {
  if (intent && intent->type != order_type::market && intent->limit_price > 0)
    return intent->limit_price;
  if (auto m = ctx.marks.find(symbol); m != ctx.marks.end() && m->second > 0)
    return m->second;
  if (auto m = markets_.find(symbol); m != markets_.end() && m->second.last_close > 0)
    return m->second.last_close;
  return std::nullopt;
}

risk_decision& risk_state::record(risk_decision d) {
  decisions_.push_back(std::move(d));
  while (decisions_.size() > static_cast<std::size_t>(std::max(1, setup_.limits.decision_log_size)))
    decisions_.pop_front();
  return decisions_.back();
}

// -- inputs -----------------------------------------------------------------------------

void risk_state::on_bar(const bar& b) {
  if (!(b.close > 0) || !(b.high >= b.low))
    return;  // not a price
  auto it = markets_.find(b.symbol);
  if (it == markets_.end())
    it = markets_.emplace(b.symbol, market{atr{setup_.limits.atr_period}, {}, 0}).first;
  it->second.last_close = b.close;
  if (b.timeframe_s != setup_.timeframe_s)
    return;
  if (auto a = it->second.average_range.update(b.high, b.low, b.close))
    it->second.atr_value = a;
  correlation_.on_close(b.symbol, b.close_ns, b.close);
}

risk_action risk_state::on_equity(double equity, std::int64_t now_ns) {
  risk_action act;
  if (!std::isfinite(equity) || (equity <= 0 && peak_equity_ <= 0))
    return act;  // no account seen yet
  last_equity_ = equity;
  act.change = roll_day(now_ns);
  if (auto resumed = resume_due(now_ns))
    act.change = act.change ? state_change{act.change->from, resumed->to, resumed->reason, now_ns}
                            : *resumed;
  peak_equity_ = std::max(peak_equity_, equity);
  const auto& lim = setup_.limits;
  const double dd = drawdown_pct(peak_equity_, equity);
  std::optional<state_change> change;
  if (dd >= lim.max_drawdown_pct * (1 - 1e-9))
    change = escalate(trading_state::halted,
                      "max_drawdown_pct: drawdown " + format_amount(dd) + " % from the peak " +
                        format_amount(peak_equity_) + ", limit " +
                        format_amount(lim.max_drawdown_pct) + " %",
                      "max_drawdown_pct", now_ns);
  else if (daily_loss_reached(day_pnl(), lim.max_daily_loss))
    change = escalate(trading_state::reducing,
                      "max_daily_loss: the day's P&L is " + format_amount(day_pnl()) +
                        ", limit " + format_amount(lim.max_daily_loss),
                      "max_daily_loss", now_ns);
  if (change)
    act.change = act.change ? state_change{act.change->from, change->to, change->reason, now_ns}
                            : *change;
  return act;
}

std::optional<state_change> risk_state::roll_day(std::int64_t now_ns) {
  const auto day = setup_.calendar.local_day(now_ns);
  if (day == day_)
    return std::nullopt;
  day_ = day;
  entries_today_ = 0;
  day_start_equity_ = last_equity_;
  if (setup_.limits.resume == "next_day" && self_resuming()) {
    consecutive_losses_ = 0;
    return set_state(trading_state::active,
                     "new trading day " + to_string(civil_from_days(day))
                       + " (resume = next_day)",
                     "", now_ns);
  }
  return std::nullopt;
}

bool risk_state::self_resuming() const {
  return (state_ == trading_state::reducing && state_limit_ == "max_daily_loss")
         || (state_ == trading_state::paused && state_limit_ == "max_consecutive_losses");
}

std::optional<state_change> risk_state::resume_due(std::int64_t now_ns) {
  const auto after = setup_.limits.resume_after_ns;
  if (after <= 0 || !self_resuming() || now_ns - state_since_ns_ < after)
    return std::nullopt;
  // The loss run and the day's loss count again from here, or the same limit would trip
  // again at once.
  consecutive_losses_ = 0;
  day_start_equity_ = last_equity_;
  return set_state(trading_state::active,
                   "resume = " + setup_.limits.resume + ": elapsed since " + state_reason_, "",
                   now_ns);
}

std::optional<state_change> risk_state::set_state(trading_state to, std::string reason,
                                                  std::string limit, std::int64_t now_ns) {
  state_change change{state_, to, reason, now_ns};
  state_reason_ = std::move(reason);
  state_limit_ = std::move(limit);
  state_since_ns_ = now_ns;
  if (to == state_)
    return std::nullopt;
  state_ = to;
  history_.push_back(change);
  while (history_.size() > max_history)
    history_.pop_front();
  return change;
}

std::optional<state_change> risk_state::escalate(trading_state to, std::string reason,
                                                 std::string limit, std::int64_t now_ns) {
  if (severity(to) <= severity(state_))
    return std::nullopt;
  return set_state(to, std::move(reason), std::move(limit), now_ns);
}

std::optional<double> risk_state::atr_of(const std::string& symbol) const {
  const auto it = markets_.find(symbol);
  return it == markets_.end() ? std::nullopt : it->second.atr_value;
}

} // namespace tickline
