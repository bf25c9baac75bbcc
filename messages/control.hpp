#pragma once

#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

/// An operator's command; http / CLI -> risk_supervisor, node.
struct control_command {
  control_kind kind = control_kind::pause;
  std::string symbol;              ///< For enable_symbol / disable_symbol.
  std::string issuer;              ///< Who asked (token name, "cli", "signal").
  std::string reason;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, control_command& x) {
  return f(caf::meta::type_name("control_command"), x.kind, x.symbol, x.issuer, x.reason,
           x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, control_command& x) {
  ar(x.kind, x.symbol, x.issuer, x.reason, x.ts_ns);
}

/// Liveness of a feed, broker or node; -> auditor.
struct heartbeat {
  std::string source;              ///< Stable name of the sender.
  std::uint64_t seq = 0;           ///< Increases by one per heartbeat of this source.
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, heartbeat& x) {
  return f(caf::meta::type_name("heartbeat"), x.source, x.seq, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, heartbeat& x) {
  ar(x.source, x.seq, x.ts_ns);
}

/// A change of a feed's (later: a broker's) connection; auditor -> risk_supervisor, http.
struct connection_status {
  std::string source;              ///< Stable name of the feed or broker.
  bool connected = false;
  std::string reason;              ///< Why it changed, in words.
  std::uint64_t reconnects = 0;    ///< Times it came back after being lost.
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, connection_status& x) {
  return f(caf::meta::type_name("connection_status"), x.source, x.connected, x.reason,
           x.reconnects, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, connection_status& x) {
  ar(x.source, x.connected, x.reason, x.reconnects, x.ts_ns);
}

} // namespace tickline
