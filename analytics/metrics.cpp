#include "analytics/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "analytics/series.hpp"

namespace tickline::analytics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) {
  return den != 0 ? num / den : nan;
}

double mean(const std::vector<double>& xs) {
  if (xs.empty())
    return nan;
  double sum = 0;
  for (double x : xs)
    sum += x;
  return sum / static_cast<double>(xs.size());
}

/// Sample standard deviation (n - 1); NaN below two values.
double sample_sd(const std::vector<double>& xs, double m) {
  if (xs.size() < 2)
    return nan;
  double ss = 0;
  for (double x : xs)
    ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

/// Historical VaR and CVaR at tail probability `alpha`, as positive losses.
std::pair<double, double> historical_var(const std::vector<double>& sorted, double alpha) {
  if (sorted.empty())
    return {nan, nan};
  double q = quantile(sorted, alpha);
  double sum = 0;
  std::size_t n = 0;
  for (double r : sorted) {
    if (r > q)
      break;
    sum += r;
    ++n;
  }
  return {-q, -sum / static_cast<double>(n)};
}

/// Normal VaR and CVaR at tail probability `alpha` with z = the (1 - alpha) quantile.
std::pair<double, double> parametric_var(double m, double sd, double alpha, double z) {
  const double pdf = std::exp(-z * z / 2) / 2.5066282746310002;  // sqrt(2 pi)
  return {-(m - z * sd), -(m - sd * pdf / alpha)};
}

void return_metrics(performance_metrics& m, const std::vector<equity_point>& equity,
                    const options& opts) {
  auto rets = daily_returns(equity, m.starting_equity);
  m.days = static_cast<std::int64_t>(rets.size());
  m.cagr = rets.empty()          ? nan
           : m.final_equity <= 0 ? -1
                                 : std::pow(m.final_equity / m.starting_equity,
                                            periods_per_year / static_cast<double>(m.days)) - 1;
  const double rf = opts.risk_free_rate / periods_per_year;
  const double mu = mean(rets);
  const double sd = sample_sd(rets, mu);
  const double ann = std::sqrt(periods_per_year);
  m.volatility = sd * ann;
  m.sharpe = ratio(mu - rf, sd) * ann;
  double down = 0;
  for (double r : rets)
    down += std::min(0.0, r - rf) * std::min(0.0, r - rf);
  m.sortino = rets.empty() ? nan : ratio(mu - rf, std::sqrt(down / rets.size())) * ann;

  auto dd = drawdowns(equity, m.starting_equity);
  m.max_drawdown = dd.max_drawdown;
  m.max_drawdown_duration = dd.max_duration_s;
  m.calmar = ratio(m.cagr, m.max_drawdown);

  std::sort(rets.begin(), rets.end());
  std::tie(m.var_95, m.cvar_95) = historical_var(rets, 0.05);
  std::tie(m.var_99, m.cvar_99) = historical_var(rets, 0.01);
  // z = qnorm(0.95) and qnorm(0.99).
  std::tie(m.var_95_parametric, m.cvar_95_parametric) =
    parametric_var(mu, sd, 0.05, 1.6448536269514722);
  std::tie(m.var_99_parametric, m.cvar_99_parametric) =
    parametric_var(mu, sd, 0.01, 2.3263478740408408);
}

void trade_metrics(performance_metrics& m, const std::vector<closed_trade>& trades) {
  m.trades = static_cast<std::int64_t>(trades.size());
  for (const auto& t : trades) {
    m.net_pnl += t.pnl;
    if (t.pnl > 0) {
      ++m.wins;
      m.gross_profit += t.pnl;
    } else if (t.pnl < 0) {
      ++m.losses;
      m.gross_loss -= t.pnl;
    }
  }
  m.win_rate = ratio(static_cast<double>(m.wins), static_cast<double>(m.trades));
  m.profit_factor = ratio(m.gross_profit, m.gross_loss);
  m.expectancy = ratio(m.net_pnl, static_cast<double>(m.trades));
  m.avg_win = ratio(m.gross_profit, static_cast<double>(m.wins));
  m.avg_loss = ratio(m.gross_loss, static_cast<double>(m.losses));
  // With no losing trade R is infinite and kelly is W; with no winner it is undefined.
  if (m.wins == 0)
    m.kelly = nan;
  else if (m.losses == 0)
    m.kelly = m.win_rate;
  else
    m.kelly = m.win_rate - (1 - m.win_rate) / (m.avg_win / m.avg_loss);
}

} // namespace

double exposure(const std::vector<closed_trade>& trades, std::int64_t from_ns,
                std::int64_t to_ns) {
  if (to_ns <= from_ns)
    return 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> spans;
  for (const auto& t : trades) {
    std::int64_t a = std::max(t.entry_ns, from_ns), b = std::min(t.exit_ns, to_ns);
    if (a < b)
      spans.emplace_back(a, b);
  }
  std::sort(spans.begin(), spans.end());
  std::int64_t covered = 0, end = from_ns;
  for (const auto& [a, b] : spans) {
    std::int64_t start = std::max(a, end);
    if (b > start) {
      covered += b - start;
      end = b;
    }
  }
  return static_cast<double>(covered) / static_cast<double>(to_ns - from_ns);
}

performance_metrics compute_metrics(const std::vector<closed_trade>& trades,
                                    const std::vector<equity_point>& equity,
                                    double starting_equity, const options& opts) {
  performance_metrics m;
  m.starting_equity = starting_equity;
  m.final_equity = equity.empty() ? starting_equity : equity.back().equity;
  m.total_return = m.final_equity / starting_equity - 1;
  return_metrics(m, equity, opts);
  trade_metrics(m, trades);
  std::int64_t from = 0, to = 0;
  if (!equity.empty()) {
    from = equity.front().ts_ns;
    to = equity.back().ts_ns;
  } else if (!trades.empty()) {
    from = trades.front().entry_ns;
    to = trades.front().exit_ns;
    for (const auto& t : trades) {
      from = std::min(from, t.entry_ns);
      to = std::max(to, t.exit_ns);
    }
  }
  m.exposure = exposure(trades, from, to);
  return m;
}

} // namespace tickline::analytics
