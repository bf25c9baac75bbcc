#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "messages/control.hpp"

namespace tickline {

/// Liveness of the node's connections (feeds, per symbol for live feeds, and the broker)
/// from their heartbeats, which a source sends only while data arrives: a source silent
/// for longer than its limit is lost, and restored by its next heartbeat. A source starts
/// *waiting* (at start-up and after every restart of the auditor, whatever its snapshot
/// says): waiting is not lost, but a source still silent `limit` after the first check()
/// is lost too ("never connected"). No CAF; time comes from the heartbeats and check().
class auditor_state {
public:
  /// What the auditor knows about one source.
  struct source {
    std::int64_t limit_ns = 2'000'000'000;
    std::int64_t last_ns = 0;       ///< Time of the last heartbeat; 0 = none yet.
    bool connected = false;
    std::uint64_t heartbeats = 0;
    std::uint64_t reconnects = 0;
    bool waiting = true;            ///< No heartbeat since start and not yet timed out.
    std::int64_t waiting_since_ns = 0;  ///< The first check() while waiting; 0 = none yet.
    template <class Archive>
    void serialize(Archive& ar) { ar(limit_ns, last_ns, connected, heartbeats, reconnects); }
  };

  /// Watches `name`, lost after `limit_ns` of silence.
  void watch(const std::string& name, std::int64_t limit_ns);
  /// Records a heartbeat; returns a status change when the source (re)connects.
  std::vector<connection_status> on_heartbeat(const heartbeat& hb);
  /// Returns the sources that went silent for longer than their limit by `now_ns`, and the
  /// waiting ones still silent `limit` after the first check.
  std::vector<connection_status> check(std::int64_t now_ns);
  /// After a restore: every source waits again (what the snapshot said of it is stale).
  void restarted();
  /// The current status of every source that is not waiting (for a new subscriber: a
  /// waiting source is neither up nor lost yet).
  std::vector<connection_status> current() const;

  const std::map<std::string, source>& sources() const { return sources_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) { ar(sources_); }

private:
  std::map<std::string, source> sources_;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::auditor_state, 1);
