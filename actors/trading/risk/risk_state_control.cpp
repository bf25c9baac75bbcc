// The risk supervisor's reactions to trade outcomes, operator commands and connection
// changes, and its setup from the config (decisions and limits are in risk_state.cpp).

#include "actors/trading/risk/risk_state.hpp"

#include <algorithm>

#include "config/durations.hpp"

namespace tickline {

namespace {

// Overrides kept for the audit trail; the journal keeps them all.
constexpr std::size_t max_overrides = 256;

} // namespace

std::optional<risk_setup> make_risk_setup(const engine_config& c, std::string& error) {
  risk_setup s;
  s.limits = c.risk;
  auto calendar = trading_calendar::from_config(c.risk.calendar, error);
  if (!calendar) {
    error = "risk.calendar: " + error;
    return std::nullopt;
  }
  s.calendar = std::move(*calendar);
  if (!c.risk.blackout_file.empty()) {
    auto loaded = load_blackout_file(c.risk.blackout_file);
    if (!loaded.ok()) {
      error = loaded.problems.front().to_string();
      return std::nullopt;
    }
    s.blackouts = std::move(loaded.windows);
  }
  for (const auto& f : c.feeds)
    s.feed_symbols["feed:" + f.name] = f.symbols.empty() ? c.market.symbols : f.symbols;
  s.broker_source = "broker:" + c.broker.name;
  std::int64_t longest = 0;
  for (const auto& tf : c.scanner.timeframes)
    longest = std::max(longest, parse_duration_ns(tf).value_or(0));
  const auto ns = c.risk.timeframe.empty() ? longest : parse_duration_ns(c.risk.timeframe).value_or(0);
  if (ns <= 0) {
    error = "risk.timeframe: no timeframe \"" + c.risk.timeframe + "\"";
    return std::nullopt;
  }
  s.timeframe_s = ns / 1'000'000'000;
  return s;
}

risk_action risk_state::on_trade_closed(const std::string& symbol, double pnl,
                                        std::int64_t now_ns) {
  risk_action act;
  if (pnl > 0) {
    consecutive_losses_ = 0;
  } else if (pnl < 0) {
    ++consecutive_losses_;
    const int max = setup_.limits.max_consecutive_losses;
    if (consecutive_losses_reached(consecutive_losses_, max))
      act.change = escalate(trading_state::paused,
                            "max_consecutive_losses: " + std::to_string(consecutive_losses_) +
                              " losing trades in a row (the last in " + symbol + "), limit " +
                              std::to_string(max),
                            "max_consecutive_losses", now_ns);
  }
  return act;
}

risk_control_record risk_state::control_record() const {
  return {0, state_, state_reason_, state_limit_, state_since_ns_, disabled_,
          consecutive_losses_, peak_equity_, day_start_equity_};
}

void risk_state::apply(const risk_control_record& r) {
  state_ = r.state;
  state_reason_ = r.reason;
  state_limit_ = r.limit;
  state_since_ns_ = r.since_ns;
  disabled_ = r.disabled;
  consecutive_losses_ = r.consecutive_losses;
  peak_equity_ = r.peak_equity;
  day_start_equity_ = r.day_start_equity;
}

risk_action risk_state::on_command(const control_command& cmd, std::int64_t now_ns) {
  risk_action act;
  const auto from = state_;
  const std::string by = "command " + to_string(cmd.kind) + " by " +
                         (cmd.issuer.empty() ? "unknown" : cmd.issuer) +
                         (cmd.reason.empty() ? "" : ": " + cmd.reason);
  switch (cmd.kind) {
    case control_kind::pause:
      if (state_ != trading_state::halted)
        act.change = set_state(trading_state::paused, by, "", now_ns);
      break;
    case control_kind::resume:
      // The operator accepts the losses so far: limits measure from here on.
      consecutive_losses_ = 0;
      peak_equity_ = last_equity_;
      day_start_equity_ = last_equity_;
      act.change = set_state(trading_state::active, by, "", now_ns);
      break;
    case control_kind::halt:
      act.change = set_state(trading_state::halted, by, "", now_ns);
      break;
    case control_kind::emergency_stop:
      act.change = set_state(trading_state::halted, by, "", now_ns);
      act.cancel_all = true;
      act.flatten_all = true;
      break;
    case control_kind::close_all:
      act.change = escalate(trading_state::reducing, by, "", now_ns);
      act.cancel_all = true;
      act.flatten_all = true;
      break;
    case control_kind::enable_symbol:
      disabled_.erase(cmd.symbol);
      break;
    case control_kind::disable_symbol:
      disabled_[cmd.symbol] = by;
      break;
    case control_kind::shutdown:
      return act;
  }
  note(cmd, from, now_ns);
  return act;
}

override_record& risk_state::note(const control_command& cmd, trading_state from,
                                  std::int64_t now_ns) {
  overrides_.push_back({cmd.kind, cmd.symbol, cmd.issuer, cmd.reason, now_ns, from, state_});
  if (overrides_.size() > max_overrides)
    overrides_.pop_front();
  return overrides_.back();
}

risk_action risk_state::on_connection(const connection_status& status) {
  risk_action act;
  const bool broker = status.source == setup_.broker_source;
  const auto feed = setup_.feed_symbols.find(status.source);
  if (!broker && feed == setup_.feed_symbols.end())
    return act;
  if (status.connected) {
    lost_.erase(status.source);
    return act;
  }
  lost_.insert(status.source);
  if (!setup_.limits.flatten_on_disconnect)
    return act;
  act.reason = "connection: " + status.source + " lost (" + status.reason + ")";
  if (broker) {
    act.cancel_all = true;
    act.flatten_all = true;
    return act;
  }
  for (const auto& symbol : feed->second) {
    const auto& feeds = symbol_feeds_[symbol];
    if (std::none_of(feeds.begin(), feeds.end(), [this](const auto& f) { return connected(f); }))
      act.flatten_symbols.push_back(symbol);
  }
  return act;
}

} // namespace tickline
