#include "actors/indicators/return_correlation.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2)
    return std::nullopt;
  double mx = 0;
  double my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0;
  double sxx = 0;
  double syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  // Rounding leaves a constant series a tiny spread, not an exact zero.
  const double flat = 1e-24 * static_cast<double>(n);
  if (sxx <= flat || syy <= flat)
    return std::nullopt;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

return_correlation::return_correlation(int window)
  : window_(static_cast<std::size_t>(std::max(window, 3))) {}

void return_correlation::on_close(const std::string& symbol, std::int64_t close_ns, double close) {
  if (!(close > 0))
    return;
  auto& s = series_[symbol];
  if (s.last_close > 0 && close_ns <= s.last_ns)
    return;
  if (s.last_close > 0) {
    s.returns.emplace_back(close_ns, std::log(close / s.last_close));
    while (s.returns.size() > window_)
      s.returns.pop_front();
  }
  s.last_ns = close_ns;
  s.last_close = close;
}

std::optional<double> return_correlation::correlation(const std::string& a,
                                                      const std::string& b) const {
  const auto ia = series_.find(a);
  const auto ib = series_.find(b);
  if (ia == series_.end() || ib == series_.end())
    return std::nullopt;
  std::vector<double> x;
  std::vector<double> y;
  // Both deques are in time order: merge them on equal bar times.
  auto i = ia->second.returns.begin();
  auto j = ib->second.returns.begin();
  while (i != ia->second.returns.end() && j != ib->second.returns.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      x.push_back((i++)->second);
      y.push_back((j++)->second);
    }
  }
  if (x.size() < std::max<std::size_t>(3, window_ / 2))
    return std::nullopt;
  return pearson(x, y);
}

} // namespace tickline
