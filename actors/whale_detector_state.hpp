#pragma once

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

#include "config/config.hpp"
#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// Whale activity in the trades of one symbol, against the rolling distribution of the last
/// `window` trade sizes:
/// - `large_trade`: a trade at least `z_threshold` standard deviations above the mean size;
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
  /// 1 - z_threshold / z (0 at the threshold, towards 1 far beyond it) and the confidence
  /// the share of the window smaller than `t`.
  std::vector<signal> on_trade(const trade_tick& t);

  /// Trades in the window now.
  std::size_t samples() const { return count_; }
  /// Mean and population standard deviation of the window's sizes.
  double mean() const;
  double stdev() const;
  std::uint64_t signals_emitted() const { return emitted_; }
  const whale_detector_config& config() const { return cfg_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

private:
  void insert(double qty);
  void flow(const trade_tick& t, double z, std::vector<signal>& out);

  whale_detector_config cfg_;
  std::string symbol_;
  std::string source_;
  std::vector<double> ring_;
  std::size_t pos_ = 0;
  std::size_t count_ = 0;
  double sum_ = 0;
  double sumsq_ = 0;
  std::uint64_t emitted_ = 0;
  // -- clusters and imbalance -------------------------------------------------------------
  std::deque<std::pair<std::int64_t, double>> large_;  ///< (time, signed qty) of large trades.
  std::deque<double> flow_;                            ///< Signed qty of the last trades.
  double buy_ = 0;
  double sell_ = 0;
  bool imbalanced_ = false;
};

template <class Archive>
void whale_detector_state::serialize(Archive& ar, std::uint32_t version) {
  ar(cfg_.window, cfg_.min_samples, cfg_.z_threshold, cfg_.min_notional, symbol_, source_, ring_,
     pos_, count_, sum_, sumsq_, emitted_);
  // Version 2 added clusters and imbalance; a version-1 snapshot restores without them.
  if (version >= 2)
    ar(cfg_.cluster_z, cfg_.cluster_window_ms, cfg_.cluster_min, cfg_.imbalance_window,
       cfg_.imbalance_threshold, large_, flow_, buy_, sell_, imbalanced_);
}

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::whale_detector_state, 2);
