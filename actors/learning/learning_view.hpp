#pragma once

// What the API, `tickline-inspect` and `tickline learning report` show of the learning
// daemon: JSON with named fields. No CAF.

#include <cstddef>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace tickline {

class learning_state;
struct learning_model;
struct weight_version;

/// {"version", "pending", "recorded", "dropped", "ignored", "horizons", "pooled": [one list per
/// horizon of {"key", "hit_rate", "hit_rate_sd", "outcomes", "mean_return",
/// "return_se", "mfe", "mae", "drifts"}], "combinations": [the same per symbol and
/// regime, at most 50 per horizon, with "blended_hit_rate"], "trades": {"detector/pattern":
/// {"trades", "wins", "mean_pnl"}}}.
std::string view_json(const learning_state& s);

/// The statistics as view_json(learning_state) has them, plus "signal_cursor" and
/// "weights": {"version", "frozen", "rounds", "updates", "current": {"kind.name": w},
/// "history": [the last 10 versions, newest first, as version_json has them]}.
std::string view_json(const learning_model& m);

/// GET /api/v1/learning: view_json(model) with "mode" ("observe" or "apply") and
/// "feedback_horizon" (bars).
std::string api_view_json(const learning_model& m, const std::string& mode,
                          std::size_t feedback_horizon);

/// One weight version as the learning journal keeps it: {"type": "weights", "version",
/// "ts_ns", "reason", "weights", "evidence": {"kind.name": {"n", "mean_return", "z",
/// "before", "after"}}}.
nlohmann::json version_json(const weight_version& v);

/// "pattern.hammer=1.20 whale.large_trade=0.83" (sorted by key); "all 1" when empty.
std::string weights_summary(const std::map<std::string, double>& weights);

} // namespace tickline
