#include "actors/whale_detector_state.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

whale_detector_state::whale_detector_state(whale_detector_config cfg, std::string symbol,
                                           std::string source)
  : cfg_(cfg),
    symbol_(std::move(symbol)),
    source_(std::move(source)),
    ring_(static_cast<std::size_t>(std::max(cfg.window, 2)), 0.0) {}

double whale_detector_state::mean() const {
  return count_ > 0 ? sum_ / static_cast<double>(count_) : 0.0;
}

double whale_detector_state::stdev() const {
  if (count_ < 2)
    return 0;
  double m = mean();
  double var = sumsq_ / static_cast<double>(count_) - m * m;
  return var > 0 ? std::sqrt(var) : 0.0;
}

std::optional<signal> whale_detector_state::on_trade(const trade_tick& t) {
  std::optional<signal> out;
  double notional = t.price * t.qty;
  double sd = stdev();
  if (count_ >= static_cast<std::size_t>(cfg_.min_samples) && sd > 0
      && notional >= cfg_.min_notional) {
    double z = (t.qty - mean()) / sd;
    if (z >= cfg_.z_threshold) {
      auto below = std::count_if(ring_.begin(), ring_.begin() + static_cast<long>(count_),
                                 [&](double q) { return q < t.qty; });
      signal s;
      s.kind = signal_kind::whale;
      s.name = "large_trade";
      s.symbol = symbol_;
      s.dir = t.aggressor == side::buy ? direction::long_ : direction::short_;
      s.strength = std::clamp(1.0 - cfg_.z_threshold / z, 0.0, 1.0);
      s.confidence = static_cast<double>(below) / static_cast<double>(count_);
      s.price = t.price;
      s.ts_ns = t.ts_ns;
      s.source = source_;
      s.features = {{"z_score", z},           {"qty", t.qty},       {"notional", notional},
                    {"mean_qty", mean()},     {"stdev_qty", sd},    {"window", double(count_)}};
      ++emitted_;
      out = std::move(s);
    }
  }
  insert(t.qty);
  return out;
}

void whale_detector_state::insert(double qty) {
  if (count_ == ring_.size()) {
    sum_ -= ring_[pos_];
    sumsq_ -= ring_[pos_] * ring_[pos_];
  } else {
    ++count_;
  }
  ring_[pos_] = qty;
  sum_ += qty;
  sumsq_ += qty * qty;
  pos_ = (pos_ + 1) % ring_.size();
  if (pos_ == 0) {
    // Once per window, drop the rounding error the running sums have collected.
    sum_ = sumsq_ = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      sum_ += ring_[i];
      sumsq_ += ring_[i] * ring_[i];
    }
  }
}

} // namespace tickline
