#pragma once

#include <chrono>
#include <optional>

namespace tickline {

/// Why a node's run ended.
enum class stop_reason { signal_received, time_limit };

/// Blocks SIGINT and SIGTERM in the calling thread and in every thread it starts later.
/// Call first in main(), before the actor system starts its threads, so that the signals
/// are only ever taken by wait_for_stop().
void block_stop_signals();

/// Waits until SIGINT or SIGTERM arrives, or `limit` has passed (none = forever).
/// Requires block_stop_signals() to have been called.
stop_reason wait_for_stop(std::optional<std::chrono::nanoseconds> limit);

} // namespace tickline
