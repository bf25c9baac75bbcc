#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/ops/stream_state.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Where the stream's messages go: e.g. http_server::publish. Must not block.
using stream_publish = std::function<void(std::string json)>;

/// Actor state of the operator stream.
struct stream_actor {
  stream_state stream;
  stream_publish publish;
  snapshotter snap;
  const stream_state& persistent() const { return stream; }
  static inline const char* name = "stream";
};

/// Spawn arguments of the operator stream.
struct stream_args {
  std::string name = "stream";
  stream_publish publish;                        ///< Required.
  std::chrono::milliseconds risk_poll{250};      ///< How often the risk state is read. Default: 250 ms.
  snapshot_env env;                              ///< Its counters give the risk state.
};

/// The operator stream (docs/stream.md): takes the signal log's `std::vector<signal>`
/// batches, the order manager's `order_request`s (sent), `order_reject`s and
/// `booked_fill`s, and the auditor's `connection_status` changes, and publishes each as
/// one JSON message. Every `risk_poll` it reads the risk state the risk supervisor keeps
/// in the node counters and publishes a "risk" message when it changed.
caf::behavior stream(caf::stateful_actor<stream_actor>* self, stream_args args);

} // namespace tickline
