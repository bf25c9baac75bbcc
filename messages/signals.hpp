#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <caf/meta/type_name.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"
#include "messages/decode_limit.hpp"

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

namespace tickline {

/// The learning daemon's signal weights (multipliers by "kind.name", replacing the last
/// ones as a whole) at model `version`; learning daemon -> strategy, in `apply` mode.
struct learned_weights {
  std::map<std::string, double> multipliers;
  std::uint64_t version = 0;
  std::string reason;             ///< "round 12", "rollback to 3".
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learned_weights& x) {
  return f(caf::meta::type_name("learned_weights"), x.multipliers, x.version, x.reason, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, learned_weights& x) {
  ar(x.multipliers, x.version, x.reason, x.ts_ns);
}

/// Thresholds the learning daemon proposes for every detector of one kind ("pattern":
/// volume_z, squeeze_quantile; "volatility": z_threshold, rv_ratio), each within the
/// configured bounds and moved by a bounded step; learning daemon -> detectors, in
/// `apply` mode. A detector takes the set whole or not at all (set_thresholds).
struct learned_thresholds {
  std::string detector;                 ///< "pattern" or "volatility".
  std::map<std::string, double> values; ///< Threshold name -> value.
  std::uint64_t version = 0;            ///< The threshold model's version.
  std::string reason;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, learned_thresholds& x) {
  return f(caf::meta::type_name("learned_thresholds"), x.detector, x.values, x.version, x.reason,
           x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, learned_thresholds& x) {
  ar(x.detector, x.values, x.version, x.reason, x.ts_ns);
}

} // namespace tickline
