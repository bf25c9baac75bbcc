#include "actors/trading/risk/risk_view.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/trading/risk/risk_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string api_state_name(const std::string& lower) {
  std::string out = lower;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string risk_json(const risk_state& risk) {
  const auto& l = risk.setup().limits;
  nlohmann::json limits{{"max_trades_per_day", l.max_trades_per_day},
                        {"max_daily_loss", l.max_daily_loss},
                        {"max_drawdown_pct", l.max_drawdown_pct},
                        {"max_position_notional", l.max_position_notional},
                        {"max_gross_exposure", l.max_gross_exposure},
                        {"max_net_exposure", l.max_net_exposure},
                        {"max_consecutive_losses", l.max_consecutive_losses},
                        {"cooldown_ms", l.cooldown_ms},
                        {"max_atr_pct", l.max_atr_pct},
                        {"max_correlated_positions", l.max_correlated_positions},
                        {"flatten_on_disconnect", l.flatten_on_disconnect}};
  nlohmann::json daily{{"pnl", risk.day_pnl()},
                       {"entries", risk.entries_today()},
                       {"consecutive_losses", risk.consecutive_losses()},
                       {"peak_equity", risk.peak_equity()}};
  auto overrides = nlohmann::json::array();
  for (const auto& o : risk.overrides())
    overrides.push_back({{"command", to_string(o.kind)},
                         {"symbol", o.symbol},
                         {"issuer", o.issuer},
                         {"reason", o.reason},
                         {"ts_ns", o.ts_ns},
                         {"from", api_state_name(to_string(o.from))},
                         {"to", api_state_name(to_string(o.to))}});
  auto history = nlohmann::json::array();
  for (const auto& c : risk.history())
    history.push_back({{"from", api_state_name(to_string(c.from))},
                       {"to", api_state_name(to_string(c.to))},
                       {"reason", c.reason},
                       {"ts_ns", c.ts_ns}});
  return nlohmann::json{{"state", api_state_name(to_string(risk.state()))},
                        {"reason", risk.state_reason()},
                        {"limits", std::move(limits)},
                        {"resume", l.resume},
                        {"daily", std::move(daily)},
                        {"overrides", std::move(overrides)},
                        {"history", std::move(history)}}
           .dump(-1, ' ', false, invalid_utf8) + "\n";
}

std::string view_json(const risk_state& risk) {
  auto out = nlohmann::ordered_json::parse(risk_json(risk));
  auto decisions = nlohmann::ordered_json::array();
  for (const auto& d : risk.decisions())
    decisions.push_back({{"intent_id", d.intent_id}, {"symbol", d.symbol},
                         {"verdict", to_string(d.verdict)}, {"requested_qty", d.requested_qty},
                         {"approved_qty", d.approved_qty}, {"reason", d.reason},
                         {"ts_ns", d.ts_ns}});
  out["decisions"] = std::move(decisions);
  auto pending = nlohmann::ordered_json::object();
  for (const auto& [id, e] : risk.pending_entries())
    pending[id] = {{"symbol", e.symbol}, {"qty", e.qty}, {"price", e.price}, {"ts_ns", e.ts_ns}};
  out["pending_entries"] = std::move(pending);
  return out.dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const risk_control_record& r) {
  return nlohmann::ordered_json{{"state", api_state_name(to_string(r.state))},
                                {"reason", r.reason},
                                {"limit", r.limit},
                                {"since_ns", r.since_ns},
                                {"after_seq", r.after_seq},
                                {"disabled", r.disabled},
                                {"consecutive_losses", r.consecutive_losses},
                                {"peak_equity", r.peak_equity},
                                {"day_start_equity", r.day_start_equity}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
