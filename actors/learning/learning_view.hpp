#pragma once

// What `GET /api/v1/actors/learning_daemon` and `tickline-inspect show` show of the
// learning daemon's state: JSON with named fields. No CAF.

#include <string>

namespace tickline {

class learning_state;

/// {"version", "pending", "recorded", "dropped", "ignored", "horizons", "pooled": [one list per
/// horizon of {"key", "hit_rate", "hit_rate_sd", "outcomes", "mean_return",
/// "return_se", "mfe", "mae", "drifts"}], "combinations": [the same per symbol and
/// regime, at most 50 per horizon, with "blended_hit_rate"], "trades": {"detector/pattern":
/// {"trades", "wins", "mean_pnl"}}}.
std::string view_json(const learning_state& s);

} // namespace tickline
