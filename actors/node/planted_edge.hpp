#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "actors/market_data/market_data_generator.hpp"
#include "config/config.hpp"

namespace tickline {

/// A real edge planted in synthetic data, for testing what learning finds: after each
/// `pattern` signal on the 1-minute bars (as the pattern detector with `detector` sees the
/// data written so far), the price drifts `move` (a fraction, say 0.004) in the signal's
/// direction over the next `bars` minutes, in equal steps; every other pattern stays as
/// random as the process draws it.
struct planted_edge {
  std::string pattern;                   ///< ema_cross, breakout, volume_spike, ...
  double move = 0.004;
  int bars = 5;
  pattern_detector_config detector;      ///< The detector that decides where a pattern is.
};

/// Parses "PATTERN:MOVE:BARS" ("breakout:0.004:5"); nullopt and `error` naming the part
/// that is wrong.
std::optional<planted_edge> parse_planted_edge(const std::string& text, std::string& error);

/// A shaper for generate_request::shaper that plants `edge` in each symbol.
std::function<std::unique_ptr<price_shaper>(const std::string&)> edge_shaper(planted_edge edge);

} // namespace tickline
