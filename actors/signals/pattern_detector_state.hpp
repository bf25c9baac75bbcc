#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/string.hpp>

#include "actors/indicators/indicators.hpp"
#include "config/config.hpp"
#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// The tunable thresholds of a pattern detector: kept in its snapshots, so that values set
/// at run time (by the learning daemon) survive a restart.
struct pattern_thresholds {
  double volume_z = 3.0;          ///< Volume z-score of a spike, > 0.
  double squeeze_quantile = 0.2;  ///< A squeeze is a bandwidth in this lowest share, (0, 0.999].
  template <class Archive>
  void serialize(Archive& ar) { ar(volume_z, squeeze_quantile); }
};

/// Chart patterns on the closed bars of one symbol and timeframe, each a signal with a
/// strength in [0,1] and the features that triggered it:
/// - `ema_cross`: the fast EMA crosses the slow one (long upwards, short downwards);
/// - `breakout`: a close above the highest high (long) or below the lowest low (short) of
///   the previous `breakout_lookback` bars;
/// - `volume_spike`: volume `volume_z` (population) standard deviations above the previous
///   `volume_window` bars (direction of the bar's body);
/// - `squeeze_release`: the previous bar's Bollinger bandwidth was in the lowest
///   `squeeze_quantile` of the last `squeeze_lookback` bandwidths and this close is
///   outside that bar's bands (direction of the break);
/// - `rsi_divergence`: a close beyond the extreme close of the previous
///   `divergence_lookback` bars while RSI is not (bearish at highs, bullish at lows).
/// No CAF; time comes from the bars.
class pattern_detector_state {
public:
  pattern_detector_state() = default;
  pattern_detector_state(pattern_detector_config cfg, std::string symbol, std::string source);

  /// Feeds one closed bar; returns the signals it triggers (often none). A bar that does
  /// not close after the last one is a resend after a restart: ignored, counted.
  std::vector<signal> on_bar(const bar& b);
  /// Bars ignored as already seen.
  std::uint64_t replayed() const { return replayed_; }

  std::uint64_t bars_seen() const { return bars_; }

  /// The thresholds in use: the config's, until set_thresholds() changes them.
  const pattern_thresholds& thresholds() const { return thresholds_; }
  /// Replaces the thresholds when every one is in range and returns true; otherwise
  /// changes nothing, returns false and, when `error` is not null, says which is wrong.
  bool set_thresholds(const pattern_thresholds& t, std::string* error = nullptr);

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(symbol_, source_, fast_, slow_, prev_diff_, has_prev_diff_, highs_, lows_, closes_,
       rsis_, volumes_, bands_, widths_, prev_squeeze_, prev_upper_, prev_lower_, rsi_, bars_);
    // Version 2 added the thresholds; an older snapshot keeps the configured ones.
    if (version >= 2)
      ar(thresholds_);
    // Version 3: the high-water mark of the bars seen.
    if (version >= 3)
      ar(last_close_ns_, replayed_);
  }

private:
  signal make(const bar& b, const char* name, direction dir, double strength,
              std::map<std::string, double> features) const;

  pattern_detector_config cfg_;    ///< Periods and lookbacks; the thresholds are below.
  pattern_thresholds thresholds_;
  std::string symbol_;
  std::string source_;
  ema fast_;
  ema slow_;
  double prev_diff_ = 0;
  bool has_prev_diff_ = false;
  std::deque<double> highs_, lows_, closes_, rsis_, volumes_;
  bbands bands_;
  std::deque<double> widths_;
  bool prev_squeeze_ = false;       ///< The previous bar was in a squeeze...
  double prev_upper_ = 0;           ///< ...with these bands.
  double prev_lower_ = 0;
  rsi rsi_;
  std::uint64_t bars_ = 0;
  std::int64_t last_close_ns_ = 0;
  std::uint64_t replayed_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::pattern_detector_state, 3);
