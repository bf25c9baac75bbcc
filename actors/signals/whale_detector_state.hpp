#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include "actors/indicators/rolling_window.hpp"
#include "config/config.hpp"
#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// Whale activity in the trades of one symbol, against the rolling distributions of the
/// sizes and the notionals (price x qty) of the last `window` trades:
/// - `large_trade`: a trade at least `z_threshold` standard deviations above the mean size,
///   or whose notional is at or above the `percentile_threshold` percentile of the window's
///   notionals (the share of the window strictly below it; counted only once the window
///   holds at least 1 / (1 - percentile_threshold) trades, so that the top share it names
///   is not empty: 1 turns this rule off);
/// - `cluster`: `cluster_min` trades above `cluster_z` within `cluster_window_ms`
///   (direction of their net volume);
/// - `imbalance`: over the last `imbalance_window` trades, |buy - sell| / total volume
///   reaches `imbalance_threshold` (fires when it crosses, not again until it falls back).
/// No CAF; time comes from the trades.
class whale_detector_state {
public:
  whale_detector_state() = default;
  whale_detector_state(whale_detector_config cfg, std::string symbol, std::string source);

  /// Checks `t` against the window (after `min_samples` trades), then adds it. Returns
  /// the signals it triggers, usually none. For `large_trade` the strength is
  /// 1 - z_threshold / z of the size (0 at the threshold, towards 1 far beyond it) or, when
  /// the percentile rule fired, of the notional if that is larger (a print that is merely
  /// the window's largest, not far beyond the rest, is worth little); never below 0. The
  /// confidence is the strength (the ranks are features: size_pct, notional_pct).
  /// Features: z_score (of the size), size_pct, notional_z, notional_pct, qty, notional,
  /// mean_qty, stdev_qty, window.
  std::vector<signal> on_trade(const trade_tick& t);

  /// Trades in the window now.
  std::size_t samples() const { return sizes_.size(); }
  /// Mean and population standard deviation of the window's sizes.
  double mean() const { return sizes_.moments().mean(); }
  double stdev() const { return sizes_.moments().pstdev(); }
  /// The rolling distributions of sizes and of notionals.
  const rolling_distribution& sizes() const { return sizes_; }
  const rolling_distribution& notionals() const { return notionals_; }
  std::uint64_t signals_emitted() const { return emitted_; }
  /// Trades ignored as already seen (an id at or below the highest seen).
  std::uint64_t replayed() const { return replayed_; }
  const whale_detector_config& config() const { return cfg_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

private:
  void flow(const trade_tick& t, double z, std::vector<signal>& out);

  whale_detector_config cfg_;
  std::string symbol_;
  std::string source_;
  rolling_distribution sizes_;
  rolling_distribution notionals_;
  std::uint64_t emitted_ = 0;
  // -- clusters and imbalance -------------------------------------------------------------
  std::deque<std::pair<std::int64_t, double>> large_;  ///< (time, signed qty) of large trades.
  std::deque<double> flow_;                            ///< Signed qty of the last trades.
  double buy_ = 0;
  double sell_ = 0;
  bool imbalanced_ = false;
  std::int64_t last_trade_id_ = 0;  ///< Highest trade id seen (ids > 0 only).
  std::uint64_t replayed_ = 0;
};

template <class Archive>
void whale_detector_state::serialize(Archive& ar, std::uint32_t version) {
  ar(cfg_.window, cfg_.min_samples, cfg_.z_threshold, cfg_.min_notional, symbol_, source_);
  if (version >= 3) {
    ar(sizes_, notionals_, emitted_);
  } else {
    // Versions 1 and 2 kept the sizes in a plain ring with running sums (rebuilt from the
    // ring here) and no notionals: the notional window fills again from the next trade.
    std::vector<double> ring;
    std::size_t pos = 0, count = 0;
    double sum = 0, sumsq = 0;
    ar(ring, pos, count, sum, sumsq, emitted_);
    sizes_.assign(std::move(ring), pos, count);
    notionals_ = rolling_distribution{std::max(cfg_.window, 2)};
  }
  // Version 2 added clusters and imbalance; a version-1 snapshot restores without them.
  if (version >= 2)
    ar(cfg_.cluster_z, cfg_.cluster_window_ms, cfg_.cluster_min, cfg_.imbalance_window,
       cfg_.imbalance_threshold, large_, flow_, buy_, sell_, imbalanced_);
  // Version 3 added the notional distribution and its percentile rule; older snapshots
  // keep the configured threshold.
  if (version >= 3)
    ar(cfg_.percentile_threshold);
  // Version 4: the high-water mark of the trades seen.
  if (version >= 4)
    ar(last_trade_id_, replayed_);
}

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::whale_detector_state, 4);
