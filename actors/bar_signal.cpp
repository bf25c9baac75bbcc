#include "actors/bar_signal.hpp"

#include <algorithm>

namespace tickline {

signal bar_signal(signal_kind kind, const char* name, const std::string& symbol,
                  const std::string& source, const bar& b, direction dir, double strength,
                  std::map<std::string, double> features) {
  signal s;
  s.kind = kind;
  s.name = name;
  s.symbol = symbol;
  s.dir = dir;
  s.strength = std::clamp(strength, 0.0, 1.0);
  s.confidence = s.strength;
  s.price = b.close;
  s.ts_ns = b.close_ns;
  s.source = source;
  s.features = std::move(features);
  s.features["timeframe_s"] = static_cast<double>(b.timeframe_s);
  return s;
}

} // namespace tickline
