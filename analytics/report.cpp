#include "analytics/report.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "analytics/writers.hpp"

namespace tickline::analytics {

namespace {

using ojson = nlohmann::ordered_json;

/// A JSON number with 12 significant digits (the report does not pretend to more, and a
/// last-bit difference in a sum cannot change the file); null when not finite.
ojson num(double x) {
  if (!std::isfinite(x))
    return nullptr;
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, 11);
  double rounded = x;
  std::from_chars(buf, res.ptr, rounded);
  return rounded;
}

void check_inputs(const backtest_inputs& in) {
  if (!(in.starting_equity > 0) || !std::isfinite(in.starting_equity))
    throw std::invalid_argument("analytics: starting_equity must be positive and finite, got " +
                                std::to_string(in.starting_equity));
  if (!(in.opts.ruin_level > 0 && in.opts.ruin_level <= 1))
    throw std::invalid_argument("analytics: ruin_level must be in (0, 1], got " +
                                std::to_string(in.opts.ruin_level));
  if (!std::isfinite(in.opts.risk_free_rate))
    throw std::invalid_argument("analytics: risk_free_rate must be finite");
  for (std::size_t i = 1; i < in.equity.size(); ++i)
    if (in.equity[i].ts_ns < in.equity[i - 1].ts_ns)
      throw std::invalid_argument("analytics: equity point " + std::to_string(i) +
                                  " is earlier than the one before it");
}

ojson metrics_json(const performance_metrics& m) {
  // The names of the issue first (an interface), then the parts they are made of.
  return ojson{
    {"total_return", num(m.total_return)},
    {"cagr", num(m.cagr)},
    {"sharpe", num(m.sharpe)},
    {"sortino", num(m.sortino)},
    {"calmar", num(m.calmar)},
    {"max_drawdown", num(m.max_drawdown)},
    {"max_drawdown_duration", num(m.max_drawdown_duration)},
    {"volatility", num(m.volatility)},
    {"var_95", num(m.var_95)},
    {"cvar_95", num(m.cvar_95)},
    {"var_99", num(m.var_99)},
    {"cvar_99", num(m.cvar_99)},
    {"var_95_parametric", num(m.var_95_parametric)},
    {"cvar_95_parametric", num(m.cvar_95_parametric)},
    {"var_99_parametric", num(m.var_99_parametric)},
    {"cvar_99_parametric", num(m.cvar_99_parametric)},
    {"win_rate", num(m.win_rate)},
    {"profit_factor", num(m.profit_factor)},
    {"expectancy", num(m.expectancy)},
    {"avg_win", num(m.avg_win)},
    {"avg_loss", num(m.avg_loss)},
    {"kelly", num(m.kelly)},
    {"exposure", num(m.exposure)},
    {"trades", m.trades},
    {"wins", m.wins},
    {"losses", m.losses},
    {"gross_profit", num(m.gross_profit)},
    {"gross_loss", num(m.gross_loss)},
    {"net_pnl", num(m.net_pnl)},
    {"starting_equity", num(m.starting_equity)},
    {"final_equity", num(m.final_equity)},
    {"days", m.days},
  };
}

ojson rows_json(const std::vector<attribution_row>& rows) {
  ojson out = ojson::array();
  for (const auto& r : rows)
    out.push_back(ojson{{"key", r.key},
                        {"trades", r.trades},
                        {"wins", r.wins},
                        {"win_rate", num(r.win_rate)},
                        {"pnl", num(r.pnl)}});
  return out;
}

ojson percentiles_json(const percentiles& p) {
  return ojson{{"p5", num(p.p5)},
               {"p25", num(p.p25)},
               {"p50", num(p.p50)},
               {"p75", num(p.p75)},
               {"p95", num(p.p95)}};
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out{path, std::ios::binary | std::ios::trunc};
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out)
    throw std::runtime_error("analytics: cannot write " + path.string());
}

} // namespace

backtest_report analyze(const backtest_inputs& in) {
  check_inputs(in);
  backtest_report r;
  r.metrics = compute_metrics(in.trades, in.equity, in.starting_equity, in.opts);
  r.attribution = attribute(in.trades);
  r.monte_carlo = run_monte_carlo(in.trades, in.starting_equity, in.opts);
  r.monthly_returns = monthly_returns(in.equity, in.starting_equity);
  return r;
}

nlohmann::ordered_json report_json(const backtest_report& report,
                                   const nlohmann::json& walk_forward,
                                   const nlohmann::json& optimization) {
  const auto& a = report.attribution;
  const auto& mc = report.monte_carlo;
  ojson monthly = ojson::array();
  for (const auto& m : report.monthly_returns)
    monthly.push_back(ojson{{"year", m.year}, {"month", m.month}, {"return", num(m.ret)}});
  ojson out{
    {"metrics", metrics_json(report.metrics)},
    {"attribution",
     ojson{{"by_detector", rows_json(a.by_detector)},
           {"by_pattern", rows_json(a.by_pattern)},
           {"by_symbol", rows_json(a.by_symbol)},
           {"by_exit_reason", rows_json(a.by_exit_reason)},
           {"by_hour", rows_json(a.by_hour)},
           {"by_weekday", rows_json(a.by_weekday)}}},
    {"monte_carlo",
     ojson{{"runs", mc.runs},
           {"seed", mc.seed},
           {"ruin_level", num(mc.ruin_level)},
           {"ruin_equity", num(mc.ruin_equity)},
           {"ruin_probability", num(mc.ruin_probability)},
           {"final_equity", percentiles_json(mc.final_equity)},
           {"max_drawdown", percentiles_json(mc.max_drawdown)}}},
    {"monthly_returns", monthly},
    {"walk_forward", walk_forward.is_null() ? ojson::array() : ojson::parse(walk_forward.dump())},
  };
  if (!optimization.is_null())
    out["optimization"] = ojson::parse(optimization.dump());
  return out;
}

void write_backtest_files(const std::string& dir, const backtest_inputs& in,
                          const nlohmann::json& walk_forward, const nlohmann::json& optimization) {
  auto report = analyze(in);
  std::filesystem::path root{dir};
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec)
    throw std::runtime_error("analytics: cannot create " + dir + ": " + ec.message());
  write_file(root / "trades.csv", trades_csv(in.trades));
  write_file(root / "orders.csv", orders_csv(in.orders));
  write_file(root / "equity.csv", equity_csv(in.equity, in.starting_equity));
  write_file(root / "report.json", report_json_text(report, walk_forward, optimization));
  write_file(root / "report.html", report_html(report, in, optimization, walk_forward));
}

} // namespace tickline::analytics
