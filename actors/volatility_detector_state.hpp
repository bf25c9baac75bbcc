#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>

#include "actors/indicators.hpp"
#include "config/config.hpp"
#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// Volatility spikes on the closed bars of one symbol and timeframe (the risk supervisor
/// listens to these):
/// - `atr_spike`: ATR as a percentage of the close at least `z_threshold` standard
///   deviations above its previous `window` values;
/// - `rv_spike`: realized volatility (standard deviation of log returns) of the last
///   `rv_short` bars at least `rv_ratio` times that of the last `rv_long`.
/// Both are direction-neutral. No CAF; time comes from the bars.
class volatility_detector_state {
public:
  volatility_detector_state() = default;
  volatility_detector_state(volatility_detector_config cfg, std::string symbol, std::string source);

  /// Feeds one closed bar; returns the signals it triggers.
  std::vector<signal> on_bar(const bar& b);

  /// The latest ATR % of the close; nullopt while warming up.
  std::optional<double> atr_pct() const { return last_atr_pct_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(symbol_, source_, atr_, atr_pcts_, returns_, prev_close_, last_atr_pct_);
  }

private:
  volatility_detector_config cfg_;
  std::string symbol_;
  std::string source_;
  atr atr_;
  std::deque<double> atr_pcts_;
  std::deque<double> returns_;
  std::optional<double> prev_close_;
  std::optional<double> last_atr_pct_;
};

/// Population standard deviation of the last `n` values of `xs` (all when n >= size).
double tail_stdev(const std::deque<double>& xs, std::size_t n);

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::volatility_detector_state, 1);
