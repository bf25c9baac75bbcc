#include "runtime/introspection.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "messages/type_ids.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::vector<tree_node> introspect(caf::actor_system& sys, const actor_registry& reg,
                                  std::chrono::milliseconds timeout) {
  auto nodes = reg.nodes();
  caf::scoped_actor self{sys};
  for (auto& n : nodes) {
    if (!n.handle)
      continue;
    self->request(n.handle, timeout, stats_atom::value)
      .receive([&](std::int64_t mailbox) { n.mailbox = mailbox; },
               [&](const caf::error&) { n.mailbox = -1; });
  }
  return nodes;
}

std::string tree_json(const std::vector<tree_node>& nodes) {
  auto out = nlohmann::json::array();
  for (const auto& n : nodes)
    out.push_back({{"name", n.name},
                   {"kind", n.kind},
                   {"parent", n.parent},
                   {"strategy", n.strategy},
                   {"status", to_string(n.status)},
                   {"restarts", n.restarts},
                   {"snapshot_seq", n.snapshot_seq},
                   {"snapshot_ts_ns", n.snapshot_ts_ns},
                   {"mailbox", n.mailbox}});
  return out.dump(2, ' ', false, invalid_utf8);
}

} // namespace tickline
