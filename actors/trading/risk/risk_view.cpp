#include "actors/trading/risk/risk_view.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/trading/risk/risk_state.hpp"

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
           .dump() + "\n";
}

} // namespace tickline
