#include "analytics/series.hpp"

#include <cmath>
#include <limits>

#include "analytics/format.hpp"

namespace tickline::analytics {

std::vector<daily_close> daily_closes(const std::vector<equity_point>& equity) {
  std::vector<daily_close> out;
  for (const auto& p : equity) {
    std::int64_t day = utc_day(p.ts_ns);
    if (!out.empty() && out.back().day == day) {
      out.back().equity = p.equity;
      continue;
    }
    // Days without points close where the day before closed.
    while (!out.empty() && out.back().day + 1 < day)
      out.push_back({out.back().day + 1, out.back().equity});
    out.push_back({day, p.equity});
  }
  return out;
}

std::vector<double> daily_returns(const std::vector<equity_point>& equity,
                                  double starting_equity) {
  std::vector<double> out;
  double prev = starting_equity;
  for (const auto& c : daily_closes(equity)) {
    out.push_back(c.equity / prev - 1);
    prev = c.equity;
  }
  return out;
}

std::vector<monthly_return> monthly_returns(const std::vector<equity_point>& equity,
                                            double starting_equity) {
  std::vector<monthly_return> out;
  double base = starting_equity;
  double close = starting_equity;
  for (const auto& c : daily_closes(equity)) {
    civil_date d = date_of_day(c.day);
    if (out.empty() || out.back().year != d.year || out.back().month != d.month) {
      if (!out.empty()) {
        out.back().ret = close / base - 1;
        base = close;
      }
      out.push_back({d.year, d.month, 0});
    }
    close = c.equity;
  }
  if (!out.empty())
    out.back().ret = close / base - 1;
  return out;
}

drawdown_summary drawdowns(const std::vector<equity_point>& equity, double starting_equity) {
  drawdown_summary out;
  if (equity.empty())
    return out;
  out.drawdown.reserve(equity.size());
  double peak = starting_equity;
  std::int64_t peak_ns = equity.front().ts_ns;
  bool underwater = false;
  for (const auto& p : equity) {
    if (p.equity >= peak) {
      if (underwater)
        out.max_duration_s = std::max(out.max_duration_s, (p.ts_ns - peak_ns) / 1e9);
      underwater = false;
      peak = p.equity;
      peak_ns = p.ts_ns;
      out.drawdown.push_back(0);
      continue;
    }
    underwater = true;
    double dd = peak > 0 ? (peak - p.equity) / peak : 0;
    out.max_drawdown = std::max(out.max_drawdown, dd);
    out.drawdown.push_back(dd);
  }
  if (underwater)
    out.max_duration_s = std::max(out.max_duration_s, (equity.back().ts_ns - peak_ns) / 1e9);
  return out;
}

double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty())
    return std::numeric_limits<double>::quiet_NaN();
  double h = (static_cast<double>(sorted.size()) - 1) * p;
  auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size())
    return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

} // namespace tickline::analytics
