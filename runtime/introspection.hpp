#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "runtime/registry.hpp"

namespace tickline {

/// The live supervision tree: every node the registry knows, in tree order, with the
/// mailbox size each running actor reports (-1 when it does not answer within `timeout`,
/// e.g. because it is busy or down). The HTTP API and tickline-inspect render this.
std::vector<tree_node> introspect(caf::actor_system& sys, const actor_registry& reg,
                                  std::chrono::milliseconds timeout);

/// The tree as a JSON array of objects: name, kind, parent, strategy, status, restarts,
/// snapshot_seq, snapshot_ts_ns, mailbox.
std::string tree_json(const std::vector<tree_node>& nodes);

} // namespace tickline
