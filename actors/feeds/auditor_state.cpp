#include "actors/feeds/auditor_state.hpp"

#include <cstdio>

namespace tickline {

namespace {

std::string seconds(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f s", static_cast<double>(ns) / 1e9);
  return buf;
}

} // namespace

void auditor_state::watch(const std::string& name, std::int64_t limit_ns) {
  sources_[name].limit_ns = limit_ns;
}

std::vector<connection_status> auditor_state::on_heartbeat(const heartbeat& hb) {
  std::vector<connection_status> out;
  auto& s = sources_[hb.source];
  ++s.heartbeats;
  if (!s.connected) {
    const bool back = !s.waiting;
    s.waiting = false;
    if (back)
      ++s.reconnects;
    s.connected = true;
    out.push_back({hb.source, true,
                   back ? "heartbeat after " + seconds(hb.ts_ns - s.last_ns) + " of silence"
                        : "first heartbeat since start",
                   s.reconnects, hb.ts_ns});
  }
  if (hb.ts_ns > s.last_ns)
    s.last_ns = hb.ts_ns;
  return out;
}

std::vector<connection_status> auditor_state::check(std::int64_t now_ns) {
  std::vector<connection_status> out;
  for (auto& [name, s] : sources_) {
    if (s.waiting) {
      if (s.waiting_since_ns == 0)
        s.waiting_since_ns = now_ns;
      if (now_ns - s.waiting_since_ns <= s.limit_ns)
        continue;
      s.waiting = false;
      s.connected = false;
      out.push_back({name, false, "no data within " + seconds(s.limit_ns) + " of the start",
                     s.reconnects, now_ns});
      continue;
    }
    if (!s.connected || now_ns - s.last_ns <= s.limit_ns)
      continue;
    s.connected = false;
    out.push_back({name, false, "silent for " + seconds(now_ns - s.last_ns) + " (limit "
                                  + seconds(s.limit_ns) + ")",
                   s.reconnects, now_ns});
  }
  return out;
}

void auditor_state::restarted() {
  for (auto& [name, s] : sources_) {
    s.connected = false;
    s.waiting = true;
    s.waiting_since_ns = 0;
  }
}

std::vector<connection_status> auditor_state::current() const {
  std::vector<connection_status> out;
  for (const auto& [name, s] : sources_)
    if (!s.waiting)
      out.push_back({name, s.connected, s.connected ? "current status" : "lost", s.reconnects,
                     s.last_ns});
  return out;
}

} // namespace tickline
