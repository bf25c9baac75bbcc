#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "messages/control.hpp"

namespace tickline {

/// Liveness of the node's connections (feeds; brokers later) from their heartbeats: a
/// source silent for longer than its limit is lost, and restored by its next heartbeat.
/// No CAF; time comes from the heartbeats and from check().
class auditor_state {
public:
  /// What the auditor knows about one source.
  struct source {
    std::int64_t limit_ns = 2'000'000'000;
    std::int64_t last_ns = 0;       ///< Time of the last heartbeat; 0 = none yet.
    bool connected = false;
    std::uint64_t heartbeats = 0;
    std::uint64_t reconnects = 0;
    template <class Archive>
    void serialize(Archive& ar) { ar(limit_ns, last_ns, connected, heartbeats, reconnects); }
  };

  /// Watches `name`, lost after `limit_ns` of silence.
  void watch(const std::string& name, std::int64_t limit_ns);
  /// Records a heartbeat; returns a status change when the source (re)connects.
  std::vector<connection_status> on_heartbeat(const heartbeat& hb);
  /// Returns the sources that went silent for longer than their limit by `now_ns`.
  std::vector<connection_status> check(std::int64_t now_ns);

  const std::map<std::string, source>& sources() const { return sources_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) { ar(sources_); }

private:
  std::map<std::string, source> sources_;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::auditor_state, 1);
