#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/attribution.hpp"
#include "analytics/metrics.hpp"
#include "analytics/monte_carlo.hpp"
#include "analytics/series.hpp"
#include "analytics/types.hpp"
#include "messages/portfolio.hpp"

// The backtest report: what a backtest hands over, the analysis of it, and the files it
// becomes. The same inputs always give the same bytes.

namespace tickline::analytics {

/// Everything a finished backtest hands to the analysis.
struct backtest_inputs {
  std::vector<closed_trade> trades;   ///< In the order they closed.
  std::vector<equity_point> equity;   ///< In time order (equal times allowed).
  std::vector<order_row> orders;      ///< In the order they were created.
  double starting_equity = 0;         ///< > 0.
  options opts;
};

/// The analysis of a backtest: report.json's content but for walk_forward.
struct backtest_report {
  performance_metrics metrics;
  attribution_tables attribution;
  monte_carlo_result monte_carlo;
  std::vector<monthly_return> monthly_returns;
};

/// Analyzes `in`. Throws std::invalid_argument naming the field when starting_equity is
/// not positive and finite, the equity series is out of time order, or an option is out of
/// its range.
backtest_report analyze(const backtest_inputs& in);

/// report.json's object: `metrics`, `attribution`, `monte_carlo`, `monthly_returns`,
/// `walk_forward` (the caller's JSON, as given; null becomes []) and, when not null,
/// `optimization` (tickline optimize's ranked candidates, as given). Computed numbers
/// carry 12 significant digits; undefined (NaN) ones are null.
nlohmann::ordered_json report_json(const backtest_report& report,
                                   const nlohmann::json& walk_forward,
                                   const nlohmann::json& optimization = nullptr);

/// Writes trades.csv, orders.csv, equity.csv, report.json and report.html into `dir`
/// (created when missing), analyzing `in` once. Throws std::runtime_error naming the file
/// that could not be written, or std::invalid_argument as analyze() does.
void write_backtest_files(const std::string& dir, const backtest_inputs& in,
                          const nlohmann::json& walk_forward,
                          const nlohmann::json& optimization = nullptr);

} // namespace tickline::analytics
