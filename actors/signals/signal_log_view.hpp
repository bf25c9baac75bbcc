#pragma once

// What the HTTP API shows of signal_log_state: JSON in the shapes of docs/operations.md.
// The actor answers `(query_atom, topic, arg)` with it. No CAF.

#include <cstddef>
#include <cstdint>
#include <string>

namespace tickline {

class signal_log_state;

/// The signals logged after sequence `since` still in memory: {"next": the last
/// sequence, "signals": [{"seq", "kind", "name", "symbol", "direction", "strength",
/// "confidence", "price", "ts_ns", "source", "features"}]}. Sequences count every signal
/// since the log began (1 = the first).
std::string signals_json(const signal_log_state& log, std::uint64_t since);

/// The log with named fields (GET /api/v1/actors/signal_log, tickline-inspect):
/// {"total", "kept", "newest": [the newest ten signals, oldest first]}.
std::string view_json(const signal_log_state& log);

} // namespace tickline
