#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>

#include "actors/indicators/indicators.hpp"
#include "actors/indicators/rolling_window.hpp"
#include "config/config.hpp"
#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// The tunable thresholds of a volatility detector: kept in its snapshots, so that values
/// set at run time (by the learning daemon) survive a restart.
struct volatility_thresholds {
  double z_threshold = 3.0;  ///< ATR% z-score of a spike, > 0.
  double rv_ratio = 2.0;     ///< Short/long realized-volatility ratio of a spike, > 1.
  template <class Archive>
  void serialize(Archive& ar) { ar(z_threshold, rv_ratio); }
};

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

  /// Feeds one closed bar; returns the signals it triggers. A bar that does not close
  /// after the last one is a resend after a restart: ignored, counted.
  std::vector<signal> on_bar(const bar& b);
  /// Bars ignored as already seen.
  std::uint64_t replayed() const { return replayed_; }

  /// The latest ATR % of the close; nullopt while warming up.
  std::optional<double> atr_pct() const { return last_atr_pct_; }

  /// The thresholds in use: the config's, until set_thresholds() changes them.
  const volatility_thresholds& thresholds() const { return thresholds_; }
  /// Replaces the thresholds when every one is in range and returns true; otherwise
  /// changes nothing, returns false and, when `error` is not null, says which is wrong.
  bool set_thresholds(const volatility_thresholds& t, std::string* error = nullptr);

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(symbol_, source_, atr_, atr_pcts_, returns_, prev_close_, last_atr_pct_);
    // Version 2 added the thresholds; an older snapshot keeps the configured ones.
    if (version >= 2)
      ar(thresholds_);
    // Version 3: the high-water mark of the bars seen.
    if (version >= 3)
      ar(last_close_ns_, replayed_);
    if constexpr (Archive::is_loading::value)
      rebuild_moments();
  }

private:
  /// Refills the running moments from the windows (after a snapshot is loaded).
  void rebuild_moments();

  volatility_detector_config cfg_;  ///< Periods and windows; the thresholds are below.
  volatility_thresholds thresholds_;
  std::string symbol_;
  std::string source_;
  atr atr_;
  std::deque<double> atr_pcts_;
  std::deque<double> returns_;
  // Running mean and deviation of the same windows, so that a bar costs O(1) and not
  // O(window): not stored, rebuilt from the windows on load.
  rolling_moments atr_moments_, rv_short_moments_, rv_long_moments_;
  std::optional<double> prev_close_;
  std::optional<double> last_atr_pct_;
  std::int64_t last_close_ns_ = 0;
  std::uint64_t replayed_ = 0;
};

/// Population standard deviation of the last `n` values of `xs` (all when n >= size).
double tail_stdev(const std::deque<double>& xs, std::size_t n);

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::volatility_detector_state, 3);
