#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "config/config.hpp"
#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// Flags trades whose size is an outlier against the rolling distribution of the last
/// `window` trade sizes of one symbol. No CAF; time comes from the trades.
class whale_detector_state {
public:
  whale_detector_state() = default;
  whale_detector_state(whale_detector_config cfg, std::string symbol, std::string source);

  /// Returns a whale signal when `t` is at least `z_threshold` standard deviations above
  /// the window's mean size (after `min_samples` trades), then adds `t` to the window.
  /// Strength is 1 - z_threshold / z (0 at the threshold, towards 1 far beyond it);
  /// confidence is the share of the window smaller than `t`.
  std::optional<signal> on_trade(const trade_tick& t);

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

  whale_detector_config cfg_;
  std::string symbol_;
  std::string source_;
  std::vector<double> ring_;
  std::size_t pos_ = 0;
  std::size_t count_ = 0;
  double sum_ = 0;
  double sumsq_ = 0;
  std::uint64_t emitted_ = 0;
};

template <class Archive>
void whale_detector_state::serialize(Archive& ar, std::uint32_t /*version*/) {
  ar(cfg_.window, cfg_.min_samples, cfg_.z_threshold, cfg_.min_notional, symbol_, source_, ring_,
     pos_, count_, sum_, sumsq_, emitted_);
}

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::whale_detector_state, 1);
