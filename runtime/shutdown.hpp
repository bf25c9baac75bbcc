#pragma once

#include <chrono>
#include <optional>

namespace tickline {

/// Why a node's run ended.
enum class stop_reason { signal_received, time_limit, requested };

/// Blocks SIGINT, SIGTERM and SIGUSR1 (used by request_stop) in the calling thread and in every thread it starts later.
/// Call first in main(), before the actor system starts its threads, so that the signals
/// are only ever taken by wait_for_stop(). Also ignores SIGXFSZ: a write beyond the
/// file-size limit then fails like any other write, and the node fails closed.
void block_stop_signals();

/// Waits until SIGINT or SIGTERM arrives, request_stop() is called, or `limit` has passed
/// (none = forever). Requires block_stop_signals() to have been called.
stop_reason wait_for_stop(std::optional<std::chrono::nanoseconds> limit);

/// Wakes wait_for_stop() with stop_reason::requested, from any thread (e.g. an actor
/// that saw the root supervisor fail).
void request_stop();

} // namespace tickline
