#include "actors/signals/signal_builder.hpp"

#include <algorithm>

namespace tickline {

signal make_signal(signal_kind kind, const char* name, const std::string& symbol,
                   const std::string& source, double price, std::int64_t ts_ns, direction dir,
                   double strength, std::map<std::string, double> features) {
  signal s;
  s.kind = kind;
  s.name = name;
  s.symbol = symbol;
  s.dir = dir;
  s.strength = std::clamp(strength, 0.0, 1.0);
  s.confidence = s.strength;
  s.price = price;
  s.ts_ns = ts_ns;
  s.source = source;
  s.features = std::move(features);
  return s;
}

signal bar_signal(signal_kind kind, const char* name, const std::string& symbol,
                  const std::string& source, const bar& b, direction dir, double strength,
                  std::map<std::string, double> features) {
  features["timeframe_s"] = static_cast<double>(b.timeframe_s);
  return make_signal(kind, name, symbol, source, b.close, b.close_ns, dir, strength,
                     std::move(features));
}

} // namespace tickline
