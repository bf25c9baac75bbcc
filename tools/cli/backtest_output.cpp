#include "tools/cli/backtest_output.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analytics/format.hpp"
#include "analytics/metrics.hpp"

namespace tickline::cli {

analytics::backtest_inputs analysis_inputs(const engine_config& cfg, const backtest_result& res) {
  analytics::backtest_inputs in;
  in.trades = res.trades;
  in.equity.reserve(res.equity.size());
  for (const auto& e : res.equity)
    in.equity.push_back({e.ts_ns, e.equity});
  for (const auto& [id, o] : res.ledger.orders()) {
    analytics::order_row row;
    row.client_order_id = id;
    row.symbol = o.request.symbol;
    row.sd = o.request.sd;
    row.type = o.request.type;
    row.qty = o.request.qty;
    row.price = o.request.type == order_type::stop ? o.request.stop_price : o.request.limit_price;
    row.status = o.state;
    row.filled_qty = o.filled_qty;
    row.avg_price = o.avg_price();
    row.ts_ns = o.received_ns;
    in.orders.push_back(std::move(row));
  }
  std::stable_sort(in.orders.begin(), in.orders.end(), [](const auto& a, const auto& b) {
    return a.ts_ns < b.ts_ns;
  });
  in.starting_equity = cfg.broker.starting_balance;
  in.opts.risk_free_rate = cfg.backtest.risk_free_rate;
  in.opts.ruin_level = cfg.backtest.ruin_level;
  in.opts.mc_runs = static_cast<std::uint32_t>(cfg.backtest.monte_carlo_runs);
  in.opts.seed = cfg.backtest.seed;
  return in;
}

double objective_of(const engine_config& cfg, const backtest_result& res, const std::string& name) {
  auto in = analysis_inputs(cfg, res);
  auto m = analytics::compute_metrics(in.trades, in.equity, in.starting_equity, in.opts);
  if (m.trades == 0)
    return std::numeric_limits<double>::quiet_NaN();
  if (name == "sortino")
    return m.sortino;
  if (name == "calmar")
    return m.calmar;
  if (name == "total_return")
    return m.total_return;
  if (name == "profit_factor")
    return m.profit_factor;
  return m.sharpe;
}

nlohmann::json report_number(double v) {
  if (!std::isfinite(v))
    return nullptr;
  return std::stod(analytics::fixed(v, 10));
}

nlohmann::json walk_forward_json(const std::vector<walk_forward_window>& windows, const std::string& objective) {
  auto out = nlohmann::json::array();
  for (const auto& w : windows) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : w.best)
      params[name] = value;
    out.push_back({{"in_sample_from", analytics::iso8601(w.in_sample_from_ns)},
                   {"in_sample_to", analytics::iso8601(w.in_sample_to_ns)},
                   {"out_of_sample_from", analytics::iso8601(w.out_of_sample_from_ns)},
                   {"out_of_sample_to", analytics::iso8601(w.out_of_sample_to_ns)},
                   {"objective", objective},
                   {"parameters", params},
                   {"in_sample_score", report_number(w.in_sample_score)},
                   {"out_of_sample_score", report_number(w.out_of_sample_score)},
                   {"out_of_sample_trades", w.out_of_sample_trades},
                   {"out_of_sample_pnl", report_number(w.out_of_sample_pnl)}});
    if (w.learning) {
      nlohmann::json weights = nlohmann::json::object();
      for (const auto& [key, value] : w.learning_weights)
        weights[key] = report_number(value);
      out.back()["learning"] = {
        {"mode", "apply"},
        {"model_version", w.learning_model_version},
        {"weights", weights},
        {"out_of_sample_score", report_number(w.learning_out_of_sample_score)},
        {"out_of_sample_trades", w.learning_out_of_sample_trades},
        {"out_of_sample_pnl", report_number(w.learning_out_of_sample_pnl)}};
    }
  }
  return out;
}

} // namespace tickline::cli
