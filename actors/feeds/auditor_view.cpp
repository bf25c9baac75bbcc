#include "actors/feeds/auditor_view.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/feeds/auditor_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string connections_json(const auditor_state& audit) {
  auto out = nlohmann::json::array();
  for (const auto& [name, s] : audit.sources()) {
    const char* status = s.connected ? "up" : s.waiting ? "waiting" : "lost";
    std::string reason = s.connected ? "data arriving"
                         : s.waiting ? "no data yet since the start"
                         : s.heartbeats == 0 ? "no data within its limit of the start"
                                             : "silent for longer than its limit";
    out.push_back({{"source", name},
                   {"status", status},
                   {"reason", reason},
                   {"reconnects", s.reconnects},
                   {"last_ns", s.last_ns}});
  }
  return out.dump(-1, ' ', false, invalid_utf8) + "\n";
}

std::string view_json(const auditor_state& audit) {
  auto sources = nlohmann::ordered_json::object();
  for (const auto& [name, src] : audit.sources())
    sources[name] = {{"connected", src.connected}, {"waiting", src.waiting},
                     {"last_ns", src.last_ns},
                     {"limit_ns", src.limit_ns}, {"heartbeats", src.heartbeats},
                     {"reconnects", src.reconnects}};
  return nlohmann::ordered_json{{"sources", sources}}.dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
