#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// A detector's signal: strength clamped to [0,1] and used as the confidence.
signal make_signal(signal_kind kind, const char* name, const std::string& symbol,
                   const std::string& source, double price, std::int64_t ts_ns, direction dir,
                   double strength, std::map<std::string, double> features);

/// A signal found on closed bar `b`: priced at its close, timed at its end, the bar's
/// timeframe added to `features`.
signal bar_signal(signal_kind kind, const char* name, const std::string& symbol,
                  const std::string& source, const bar& b, direction dir, double strength,
                  std::map<std::string, double> features);

} // namespace tickline
