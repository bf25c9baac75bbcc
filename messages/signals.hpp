#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <caf/meta/type_name.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"

namespace tickline {

/// A detector's finding; detectors -> strategy, learning daemon, trade logger.
struct signal {
  signal_kind kind = signal_kind::whale;
  std::string name;               ///< Sub-kind, e.g. "large_trade", "ema_cross".
  std::string symbol;
  direction dir = direction::neutral;
  double strength = 0;            ///< In [0,1]: how far past the threshold.
  double confidence = 0;          ///< In [0,1]: how much to trust it.
  double price = 0;               ///< Price at detection.
  std::int64_t ts_ns = 0;         ///< Time of the triggering event.
  std::string source;             ///< Stable name of the emitting actor.
  std::map<std::string, double> features;  ///< What triggered it (z-score, notional, ...).
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, signal& x) {
  return f(caf::meta::type_name("signal"), x.kind, x.name, x.symbol, x.dir, x.strength,
           x.confidence, x.price, x.ts_ns, x.source, x.features);
}
template <class Archive>
void serialize(Archive& ar, signal& x) {
  ar(x.kind, x.name, x.symbol, x.dir, x.strength, x.confidence, x.price, x.ts_ns, x.source,
     x.features);
}

} // namespace tickline
