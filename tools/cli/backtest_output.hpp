#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/node/run_backtest.hpp"
#include "actors/node/walk_forward.hpp"
#include "analytics/report.hpp"
#include "config/config.hpp"

namespace tickline::cli {

/// What the analysis needs of a finished run: its trades, equity curve, the broker's
/// orders (in the order they arrived) and the [backtest] options.
analytics::backtest_inputs analysis_inputs(const engine_config& cfg, const backtest_result& res);

/// The objective `name` (sharpe, sortino, calmar, total_return, profit_factor) of a run;
/// NaN when undefined (e.g. no trades).
double objective_of(const engine_config& cfg, const backtest_result& res, const std::string& name);

/// A number as the reports write it: 10 decimals, null when not finite.
nlohmann::json report_number(double v);

/// report.json's `walk_forward`: one object per window (times ISO-8601 UTC).
nlohmann::json walk_forward_json(const std::vector<walk_forward_window>& windows, const std::string& objective);

} // namespace tickline::cli
