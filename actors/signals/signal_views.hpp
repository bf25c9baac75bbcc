#pragma once

// What `GET /api/v1/actors/NAME` and `tickline-inspect show NAME` show of a scanner's and
// the detectors' states: JSON with named fields (the signal log's is in
// signal_log_view.hpp). No CAF.

#include <string>

namespace tickline {

class scanner_state;
class whale_detector_state;
class pattern_detector_state;
class volatility_detector_state;

/// {"symbol", "last_price", "trades_seen", "late_trades", "replayed", "timeframes":
/// [{"length_s", "open_bar", "last_closed" (bars: {"open_ns", "open", "high", "low",
/// "close", "volume", "trades"} or null), "indicators": {column: value or null}}]}.
std::string view_json(const scanner_state& s);
/// {"samples", "mean_size", "stdev_size", "signals", "replayed", "window", "z_threshold",
/// "min_samples"}.
std::string view_json(const whale_detector_state& s);
/// {"bars_seen", "replayed", "thresholds": {"volume_z", "squeeze_quantile"}}.
std::string view_json(const pattern_detector_state& s);
/// {"atr_pct" (null while warming up), "replayed", "thresholds": {"z_threshold",
/// "rv_ratio"}}.
std::string view_json(const volatility_detector_state& s);

} // namespace tickline
