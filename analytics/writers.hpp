#pragma once

#include <string>
#include <vector>

#include "analytics/report.hpp"

// The text of each backtest file. Numbers are fixed-point with a set number of decimals
// (prices, quantities, P&L and equity 8, fractions 10), times ISO-8601 UTC with
// milliseconds, no locale; a cell that would be NaN is empty.

namespace tickline::analytics {

/// trades.csv: symbol,side,entry_time,entry_price,exit_time,exit_price,qty,pnl,fees,
/// exit_reason,entry_tag — one row per closed trade, side "long" or "short".
std::string trades_csv(const std::vector<closed_trade>& trades);

/// orders.csv: client_order_id,symbol,side,type,qty,price,status,filled_qty,avg_price,time.
std::string orders_csv(const std::vector<order_row>& orders);

/// equity.csv: time,equity,drawdown — drawdown as a fraction of the running peak, the
/// first peak being `starting_equity`.
std::string equity_csv(const std::vector<equity_point>& equity, double starting_equity);

/// report.json's text: report_json() indented by 2, ending in a newline.
std::string report_json_text(const backtest_report& report, const nlohmann::json& walk_forward,
                             const nlohmann::json& optimization = nullptr);

/// report.html: one self-contained page (inline CSS and SVG, no script, no link) with the
/// equity curve, drawdown, monthly returns, trade P&L histogram and the metric tables;
/// with `optimization` (report_json's), the ranked candidates as well; with a non-empty
/// `walk_forward` (report_json's), its windows, out-of-sample results with learning off
/// and applied side by side where both ran.
std::string report_html(const backtest_report& report, const backtest_inputs& in,
                        const nlohmann::json& optimization = nullptr,
                        const nlohmann::json& walk_forward = nullptr);

} // namespace tickline::analytics
