#include "actors/signals/volatility_detector_state.hpp"

#include <algorithm>
#include <cmath>

#include "actors/signals/signal_builder.hpp"
#include "actors/signals/threshold_check.hpp"

namespace tickline {

double tail_stdev(const std::deque<double>& xs, std::size_t n) {
  n = std::min(n, xs.size());
  if (n < 2)
    return 0;
  double mean = 0;
  for (auto it = xs.end() - static_cast<long>(n); it != xs.end(); ++it)
    mean += *it;
  mean /= static_cast<double>(n);
  double var = 0;
  for (auto it = xs.end() - static_cast<long>(n); it != xs.end(); ++it)
    var += (*it - mean) * (*it - mean);
  return std::sqrt(var / static_cast<double>(n));
}

volatility_detector_state::volatility_detector_state(volatility_detector_config cfg,
                                                     std::string symbol, std::string source)
  : cfg_(std::move(cfg)), thresholds_{cfg_.z_threshold, cfg_.rv_ratio},
    symbol_(std::move(symbol)), source_(std::move(source)), atr_(cfg_.atr_period),
    atr_moments_(cfg_.window), rv_short_moments_(cfg_.rv_short), rv_long_moments_(cfg_.rv_long) {}

void volatility_detector_state::rebuild_moments() {
  auto refill = [](rolling_moments& m, int n, const std::deque<double>& xs) {
    m = rolling_moments{n};
    const auto keep = std::min(xs.size(), static_cast<std::size_t>(std::max(n, 1)));
    for (auto it = xs.end() - static_cast<long>(keep); it != xs.end(); ++it)
      m.push(*it);
  };
  refill(atr_moments_, cfg_.window, atr_pcts_);
  refill(rv_short_moments_, cfg_.rv_short, returns_);
  refill(rv_long_moments_, cfg_.rv_long, returns_);
}

bool volatility_detector_state::set_thresholds(const volatility_thresholds& t,
                                               std::string* error) {
  if (!threshold_in_range(t.z_threshold, "z_threshold", 0, HUGE_VAL, false, error)
      || !threshold_in_range(t.rv_ratio, "rv_ratio", 1, HUGE_VAL, false, error))
    return false;
  thresholds_ = t;
  return true;
}

std::vector<signal> volatility_detector_state::on_bar(const bar& b) {
  std::vector<signal> out;
  // A bar without a time (close_ns 0) carries no sequence and is never taken for one.
  if (b.close_ns > 0) {
    if (b.close_ns <= last_close_ns_) {
      ++replayed_;
      return out;
    }
    last_close_ns_ = b.close_ns;
  }
  auto make = [&](const char* name, double strength, std::map<std::string, double> features) {
    out.push_back(bar_signal(signal_kind::volatility, name, symbol_, source_, b,
                             direction::neutral, strength, std::move(features)));
  };
  if (auto a = atr_.update(b.high, b.low, b.close); a && b.close > 0) {
    double pct = *a / b.close * 100;
    auto w = static_cast<std::size_t>(cfg_.window);
    if (atr_pcts_.size() == w) {
      const double sd = atr_moments_.pstdev();
      const double mean = atr_moments_.mean();
      double z = sd > 0 ? (pct - mean) / sd : 0;
      if (z >= thresholds_.z_threshold)
        make("atr_spike", 1 - thresholds_.z_threshold / z,
             {{"atr_pct", pct}, {"mean_atr_pct", mean}, {"z_score", z}});
    }
    atr_pcts_.push_back(pct);
    atr_moments_.push(pct);
    if (atr_pcts_.size() > w)
      atr_pcts_.pop_front();
    last_atr_pct_ = pct;
  }
  if (prev_close_ && *prev_close_ > 0 && b.close > 0) {
    const double r = std::log(b.close / *prev_close_);
    returns_.push_back(r);
    rv_short_moments_.push(r);
    rv_long_moments_.push(r);
    auto longn = static_cast<std::size_t>(cfg_.rv_long);
    if (returns_.size() > longn)
      returns_.pop_front();
    if (returns_.size() == longn) {
      const double rv_s = rv_short_moments_.pstdev();
      const double rv_l = rv_long_moments_.pstdev();
      double ratio = rv_l > 0 ? rv_s / rv_l : 0;
      if (ratio >= thresholds_.rv_ratio)
        make("rv_spike", (ratio - thresholds_.rv_ratio) / thresholds_.rv_ratio,
             {{"rv_short", rv_s}, {"rv_long", rv_l}, {"ratio", ratio}});
    }
  }
  prev_close_ = b.close;
  return out;
}

} // namespace tickline
