#pragma once

#include <deque>
#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/trading/trade_log/trade_logger_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"
#include "storage/journal.hpp"

namespace tickline {

/// Actor state of the trade logger.
struct trade_logger_actor {
  trade_logger_state log;
  std::shared_ptr<journal> trades;    ///< Optional: where records are journaled.
  std::uint64_t repeated = 0;         ///< Fills already journaled (replays).
  /// Fills whose record could not be written (the journal failed), oldest first: written
  /// before any later one, retried every second.
  std::deque<booked_fill> held;
  bool retry_queued = false;
  snapshotter snap;
  const trade_logger_state& persistent() const { return log; }
  static inline const char* name = "trade_logger";
};

/// Spawn arguments of the trade logger.
struct trade_logger_args {
  std::string name = "trade_logger";
  std::shared_ptr<journal> trades;    ///< The "trades" journal; null: records are only logged.
  std::size_t max_pending = 1000;     ///< Intents whose context is kept while they wait.
  snapshot_env env;
};

/// Records every entry and exit with its full context (trade_logger_state) in the
/// "trades" journal, one line of JSON each (synced; once per fill, keyed by it, so that a
/// replay or a restart never writes one twice). Takes the strategy's `order_intent`s (their
/// context), the risk supervisor's `risk_decision`s, the order manager's `booked_fill`s
/// and its `(replay_atom, ledger, std::vector<booked_fill>)` after a restart (fills it missed are
/// written then). On start it restores its snapshot and books the records journaled since.
caf::behavior trade_logger(caf::stateful_actor<trade_logger_actor>* self, trade_logger_args args);

} // namespace tickline
