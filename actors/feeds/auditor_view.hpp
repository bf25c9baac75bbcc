#pragma once

// What the HTTP API shows of auditor_state: JSON in the shapes of docs/operations.md. The
// actor answers `(query_atom, topic, arg)` with it. No CAF.

#include <cstddef>
#include <cstdint>
#include <string>

namespace tickline {

class auditor_state;

/// Each watched connection: [{"source","status" ("up"|"lost"|"waiting"),"reason",
/// "reconnects","last_ns"}].
std::string connections_json(const auditor_state& audit);

/// The whole state with named fields (GET /api/v1/actors/auditor, tickline-inspect):
/// {"sources": {name: {"connected", "last_ns", "limit_ns", "heartbeats", "reconnects"}}}.
std::string view_json(const auditor_state& audit);

} // namespace tickline
