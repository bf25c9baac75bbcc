#include "actors/whale_detector_state.hpp"

#include <algorithm>
#include <cmath>

#include "actors/signal_builder.hpp"

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

std::vector<signal> whale_detector_state::on_trade(const trade_tick& t) {
  std::vector<signal> out;
  double notional = t.price * t.qty;
  double sd = stdev();
  double z = 0;
  bool warm = count_ >= static_cast<std::size_t>(cfg_.min_samples) && sd > 0;
  if (warm)
    z = (t.qty - mean()) / sd;
  if (warm && notional >= cfg_.min_notional) {
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
      out.push_back(std::move(s));
    }
  }
  flow(t, warm ? z : 0, out);
  insert(t.qty);
  return out;
}

void whale_detector_state::flow(const trade_tick& t, double z, std::vector<signal>& out) {
  auto base = [&](const char* name, direction dir, double strength) {
    return make_signal(signal_kind::whale, name, symbol_, source_, t.price, t.ts_ns, dir,
                       strength, {});
  };
  double signed_qty = t.aggressor == side::buy ? t.qty : -t.qty;
  // Clusters of large trades within the window.
  auto window_ns = cfg_.cluster_window_ms * 1'000'000;
  while (!large_.empty() && t.ts_ns - large_.front().first > window_ns)
    large_.pop_front();
  if (z >= cfg_.cluster_z) {
    large_.emplace_back(t.ts_ns, signed_qty);
    if (large_.size() >= static_cast<std::size_t>(cfg_.cluster_min)) {
      double net = 0, gross = 0;
      for (const auto& [ts, q] : large_) {
        net += q;
        gross += std::fabs(q);
      }
      auto n = static_cast<double>(large_.size());
      auto s = base("cluster", net >= 0 ? direction::long_ : direction::short_,
                    n / (2.0 * cfg_.cluster_min));
      s.features = {{"trades", n}, {"net_qty", net}, {"gross_qty", gross},
                    {"window_ms", static_cast<double>(cfg_.cluster_window_ms)}};
      out.push_back(std::move(s));
      large_.clear();  // one signal per cluster
    }
  }
  // Buy/sell imbalance over the last trades.
  flow_.push_back(signed_qty);
  (signed_qty >= 0 ? buy_ : sell_) += std::fabs(signed_qty);
  if (flow_.size() > static_cast<std::size_t>(cfg_.imbalance_window)) {
    double old = flow_.front();
    flow_.pop_front();
    (old >= 0 ? buy_ : sell_) -= std::fabs(old);
  }
  if (flow_.size() < static_cast<std::size_t>(cfg_.imbalance_window))
    return;
  double total = buy_ + sell_;
  double imbalance = total > 0 ? (buy_ - sell_) / total : 0;
  bool now = std::fabs(imbalance) >= cfg_.imbalance_threshold;
  if (now && !imbalanced_) {
    auto s = base("imbalance", imbalance > 0 ? direction::long_ : direction::short_,
                  (std::fabs(imbalance) - cfg_.imbalance_threshold) / (1 - cfg_.imbalance_threshold + 1e-9));
    s.features = {{"imbalance", imbalance}, {"buy_qty", buy_}, {"sell_qty", sell_},
                  {"trades", static_cast<double>(flow_.size())}};
    out.push_back(std::move(s));
  }
  imbalanced_ = now;
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
