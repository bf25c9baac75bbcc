#include "actors/signals/whale_detector_state.hpp"

#include <algorithm>
#include <cmath>

#include "actors/signals/signal_builder.hpp"

namespace tickline {

whale_detector_state::whale_detector_state(whale_detector_config cfg, std::string symbol,
                                           std::string source)
  : cfg_(cfg),
    symbol_(std::move(symbol)),
    source_(std::move(source)),
    sizes_(std::max(cfg.window, 2)),
    notionals_(std::max(cfg.window, 2)) {}

namespace {

// z-score of `x` against a window, 0 until it holds `min_samples` values that vary.
double z_against(const rolling_distribution& d, double x, int min_samples) {
  const double sd = d.moments().pstdev();
  if (d.size() < static_cast<std::size_t>(min_samples) || !(sd > 0))
    return 0;
  return (x - d.moments().mean()) / sd;
}

} // namespace

std::vector<signal> whale_detector_state::on_trade(const trade_tick& t) {
  std::vector<signal> out;
  // A feed resending after a restart: each trade counts once.
  if (t.trade_id > 0) {
    if (t.trade_id <= last_trade_id_) {
      ++replayed_;
      return out;
    }
    last_trade_id_ = t.trade_id;
  }
  const double notional = t.price * t.qty;
  // Everything is measured against the windows as they were before this trade...
  const double z = z_against(sizes_, t.qty, cfg_.min_samples);
  const double notional_z = z_against(notionals_, notional, cfg_.min_samples);
  const double mean_qty = mean();
  const double stdev_qty = stdev();
  const auto held = static_cast<double>(samples());
  const auto held_notionals = static_cast<double>(notionals_.size());
  // ...and adding the trade ranks it in the same step.
  const auto size_below = static_cast<double>(sizes_.push(t.qty));
  const auto notional_below = static_cast<double>(notionals_.push(notional));
  const double size_pct = held > 0 ? size_below / held : 0.0;
  const double notional_pct = held_notionals > 0 ? notional_below / held_notionals : 0.0;
  // The top (1 - p) share of n trades holds a trade only once n >= 1 / (1 - p).
  const double top_share = 1 - cfg_.percentile_threshold;
  const bool ranked = held_notionals >= cfg_.min_samples && top_share > 0
                      && held_notionals * top_share >= 1 - 1e-9;
  const bool by_size = z > 0 && z >= cfg_.z_threshold;
  const bool by_notional = ranked && notional_pct >= cfg_.percentile_threshold;
  if ((by_size || by_notional) && notional >= cfg_.min_notional) {
    double strength = by_size ? 1.0 - cfg_.z_threshold / z : 0.0;
    // The rank only says the print is in the window's top share, which every window's
    // largest trade is: how far its notional stands out is what it is worth.
    if (by_notional && notional_z > 0)
      strength = std::max(strength, 1.0 - cfg_.z_threshold / notional_z);
    signal s;
    s.kind = signal_kind::whale;
    s.name = "large_trade";
    s.symbol = symbol_;
    s.dir = t.aggressor == side::buy ? direction::long_ : direction::short_;
    s.strength = std::clamp(strength, 0.0, 1.0);
    // A percentile rank is about 1 for every large print: it says the trade is large,
    // which the firing already says. How far beyond the threshold it is, is the strength.
    s.confidence = s.strength;
    s.price = t.price;
    s.ts_ns = t.ts_ns;
    s.source = source_;
    s.features = {{"z_score", z},             {"size_pct", size_pct},
                  {"notional_z", notional_z}, {"notional_pct", notional_pct},
                  {"qty", t.qty},             {"notional", notional},
                  {"mean_qty", mean_qty},     {"stdev_qty", stdev_qty},
                  {"window", held}};
    ++emitted_;
    out.push_back(std::move(s));
  }
  flow(t, z, out);
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

} // namespace tickline
