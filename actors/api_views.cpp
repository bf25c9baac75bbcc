#include "actors/api_views.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/auditor_state.hpp"
#include "actors/order_manager_state.hpp"
#include "actors/portfolio_state.hpp"
#include "actors/risk_state.hpp"
#include "actors/signal_log_state.hpp"

namespace tickline {

std::string positions_json(const portfolio_state& book) {
  auto out = nlohmann::json::array();
  for (const auto& [sym, h] : book.holdings()) {
    if (h.qty == 0)
      continue;
    out.push_back({{"symbol", sym},
                   {"qty", h.qty},
                   {"avg_price", h.avg_price},
                   {"last_price", h.mark},
                   {"unrealized_pnl", (h.mark - h.avg_price) * h.qty},
                   {"realized_pnl", h.realized_pnl}});
  }
  return out.dump() + "\n";
}

std::string orders_json(const order_manager_state& om, std::size_t recent) {
  std::vector<const managed_order*> open;
  std::vector<const managed_order*> done;
  for (const auto& [id, o] : om.orders())
    (o.terminal() ? done : open).push_back(&o);
  auto by_update = [](const managed_order* a, const managed_order* b) {
    return a->updated_ns < b->updated_ns;
  };
  std::sort(open.begin(), open.end(), by_update);
  std::sort(done.begin(), done.end(), by_update);
  if (done.size() > recent)
    done.erase(done.begin(), done.end() - static_cast<std::ptrdiff_t>(recent));
  auto out = nlohmann::json::array();
  for (const auto* list : {&open, &done})
    for (const auto* o : *list) {
      const auto& r = o->spec.request;
      out.push_back({{"client_id", r.client_order_id},
                     {"symbol", r.symbol},
                     {"side", to_string(r.sd)},
                     {"type", to_string(r.type)},
                     {"qty", r.qty},
                     {"filled_qty", o->filled_qty},
                     {"price", r.limit_price != 0 ? r.limit_price : r.stop_price},
                     {"status", to_string(o->state)},
                     {"role", to_string(o->spec.role)},
                     {"avg_fill_price", o->avg_price},
                     {"reason", o->reason},
                     {"updated_ns", o->updated_ns}});
    }
  return out.dump() + "\n";
}

std::string signals_json(const signal_log_state& log, std::uint64_t since) {
  const auto& recent = log.recent();
  const std::uint64_t first = log.total() - recent.size() + 1;
  auto list = nlohmann::json::array();
  for (std::size_t i = 0; i < recent.size(); ++i) {
    const auto seq = first + i;
    if (seq <= since)
      continue;
    auto j = nlohmann::json::parse(signal_log_state::to_json(recent[i]));
    j["seq"] = seq;
    list.push_back(std::move(j));
  }
  return nlohmann::json{{"next", log.total()}, {"signals", std::move(list)}}.dump() + "\n";
}

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
  return nlohmann::json{{"state", api_state_name(to_string(risk.state()))},
                        {"reason", risk.state_reason()},
                        {"limits", std::move(limits)},
                        {"daily", std::move(daily)},
                        {"overrides", std::move(overrides)}}
           .dump() + "\n";
}

std::string connections_json(const auditor_state& audit) {
  auto out = nlohmann::json::array();
  for (const auto& [name, s] : audit.sources()) {
    const char* status = s.connected ? "up" : s.heartbeats == 0 ? "waiting" : "lost";
    std::string reason = s.connected ? "heartbeats arriving"
                         : s.heartbeats == 0 ? "no heartbeat yet"
                                             : "silent for longer than its limit";
    out.push_back({{"source", name},
                   {"status", status},
                   {"reason", reason},
                   {"reconnects", s.reconnects},
                   {"last_ns", s.last_ns}});
  }
  return out.dump() + "\n";
}

} // namespace tickline
