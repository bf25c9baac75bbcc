#include "actors/learning/learning_view.hpp"

#include <nlohmann/json.hpp>

#include "actors/learning/learning_state.hpp"

namespace tickline {

namespace {

nlohmann::json rows_json(const std::vector<learned_row>& rows, std::size_t limit, bool blended) {
  auto out = nlohmann::json::array();
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
    const auto& r = rows[i];
    nlohmann::json j{{"key", r.key},          {"hit_rate", r.hit_rate},
                     {"hit_rate_sd", r.hit_rate_sd}, {"outcomes", r.outcomes},
                     {"mean_return", r.mean_return}, {"return_se", r.return_se},
                     {"mfe", r.mfe},          {"mae", r.mae},
                     {"drifts", r.drifts}};
    if (blended)
      j["blended_hit_rate"] = r.blended_hit_rate;
    out.push_back(std::move(j));
  }
  return out;
}

} // namespace

std::string view_json(const learning_state& s) {
  nlohmann::json pooled = nlohmann::json::array();
  nlohmann::json combos = nlohmann::json::array();
  for (std::size_t h = 0; h < s.settings().horizons.size(); ++h) {
    pooled.push_back(rows_json(s.table(h, true), SIZE_MAX, false));
    combos.push_back(rows_json(s.table(h, false), 50, true));
  }
  nlohmann::json trades = nlohmann::json::object();
  for (const auto& [key, t] : s.trades())
    trades[key] = {{"trades", t.trades}, {"wins", t.wins}, {"mean_pnl", t.pnl.mean}};
  return nlohmann::json{{"version", s.version()},     {"pending", s.pending()},
                        {"recorded", s.recorded()},   {"dropped", s.dropped()},
                        {"ignored", s.ignored()},
                        {"horizons", s.settings().horizons}, {"pooled", pooled},
                        {"combinations", combos},     {"trades", trades}}
    .dump();
}

} // namespace tickline
