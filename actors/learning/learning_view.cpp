#include "actors/learning/learning_view.hpp"

#include <nlohmann/json.hpp>

#include "actors/learning/learning_model.hpp"
#include "messages/json_text.hpp"

#include <cstdio>

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

namespace {

nlohmann::json stats_json(const learning_state& s) {
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
                        {"combinations", combos},     {"trades", trades}};
}

nlohmann::json model_json(const learning_model& m) {
  auto j = stats_json(m.stats);
  const auto& w = m.weights;
  auto history = nlohmann::json::array();
  const auto& kept = w.history();
  for (auto it = kept.rbegin(); it != kept.rend() && history.size() < 10; ++it)
    history.push_back(version_json(*it));
  j["signal_cursor"] = m.signal_cursor;
  j["weights"] = {{"version", w.version()}, {"frozen", w.frozen()},
                  {"rounds", w.rounds()},   {"updates", w.updates()},
                  {"current", w.weights()}, {"history", history}};
  auto bounds = nlohmann::json::object();
  for (const auto& r : w.settings().thresholds)
    bounds[r.name] = {{"min", r.min}, {"max", r.max}, {"initial", r.initial}, {"gates", r.key}};
  // Read offline the rules (settings) are not known: the last version's thresholds.
  auto current = w.settings().thresholds.empty() && !kept.empty() ? kept.back().thresholds
                                                                  : w.thresholds();
  j["thresholds"] = {{"current", current}, {"rules", bounds},
                     {"step", w.settings().threshold_step}};
  return j;
}

} // namespace

std::string view_json(const learning_state& s) { return stats_json(s).dump(-1, ' ', false, invalid_utf8); }

std::string view_json(const learning_model& m) { return model_json(m).dump(-1, ' ', false, invalid_utf8); }

std::string api_view_json(const learning_model& m, const std::string& mode,
                          std::size_t feedback_horizon) {
  auto j = model_json(m);
  j["mode"] = mode;
  const auto& h = m.stats.settings().horizons;
  j["feedback_horizon"] = feedback_horizon < h.size() ? h[feedback_horizon] : 0;
  return j.dump(-1, ' ', false, invalid_utf8);
}

nlohmann::json version_json(const weight_version& v) {
  auto evidence = nlohmann::json::object();
  for (const auto& [k, e] : v.evidence)
    evidence[k] = {{"n", e.n}, {"mean_return", e.mean_return}, {"z", e.z},
                   {"before", e.before}, {"after", e.after}};
  return {{"type", "weights"}, {"version", v.version}, {"ts_ns", v.ts_ns},
          {"reason", v.reason}, {"weights", v.weights}, {"evidence", evidence},
          {"thresholds", v.thresholds}};
}

std::string weights_summary(const std::map<std::string, double>& weights) {
  if (weights.empty())
    return "all 1";
  std::string out;
  char buf[32];
  for (const auto& [k, w] : weights) {
    std::snprintf(buf, sizeof buf, "=%.3f", w);
    out += (out.empty() ? "" : " ") + k + buf;
  }
  return out;
}

} // namespace tickline
