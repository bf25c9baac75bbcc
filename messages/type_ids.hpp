#pragma once

// The one CAF type-ID block of tickline: every type that crosses an actor boundary
// (or the network) is listed here, and every atom. Register with
// `cfg.add_message_types<caf::id_block::tickline>()` (runtime does this).

#include <vector>

#include <caf/atom.hpp>
#include <caf/type_id.hpp>

#include "messages/broker.hpp"
#include "messages/control.hpp"
#include "messages/market.hpp"
#include "messages/orders.hpp"
#include "messages/portfolio.hpp"
#include "messages/risk.hpp"
#include "messages/signals.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(tickline, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(tickline, (tickline::trade_tick))
  CAF_ADD_TYPE_ID(tickline, (std::vector<tickline::trade_tick>))
  CAF_ADD_TYPE_ID(tickline, (tickline::bar))
  CAF_ADD_TYPE_ID(tickline, (std::vector<tickline::bar>))
  CAF_ADD_TYPE_ID(tickline, (tickline::book_top))
  CAF_ADD_TYPE_ID(tickline, (tickline::signal))
  CAF_ADD_TYPE_ID(tickline, (std::vector<tickline::signal>))
  CAF_ADD_TYPE_ID(tickline, (tickline::order_intent))
  CAF_ADD_TYPE_ID(tickline, (tickline::order_request))
  CAF_ADD_TYPE_ID(tickline, (tickline::order_ack))
  CAF_ADD_TYPE_ID(tickline, (tickline::order_reject))
  CAF_ADD_TYPE_ID(tickline, (tickline::order_cancel))
  CAF_ADD_TYPE_ID(tickline, (tickline::fill))
  CAF_ADD_TYPE_ID(tickline, (tickline::position))
  CAF_ADD_TYPE_ID(tickline, (tickline::risk_decision))
  CAF_ADD_TYPE_ID(tickline, (tickline::control_command))
  CAF_ADD_TYPE_ID(tickline, (tickline::heartbeat))
  CAF_ADD_TYPE_ID(tickline, (tickline::connection_status))
  CAF_ADD_TYPE_ID(tickline, (std::vector<tickline::book_top>))
  CAF_ADD_TYPE_ID(tickline, (tickline::order_query))
  CAF_ADD_TYPE_ID(tickline, (tickline::order_status))
  CAF_ADD_TYPE_ID(tickline, (tickline::closed_trade))
  CAF_ADD_TYPE_ID(tickline, (tickline::account_update))
  CAF_ADD_TYPE_ID(tickline, (std::vector<tickline::fill>))
  CAF_ADD_TYPE_ID(tickline, (tickline::booked_fill))
  CAF_ADD_TYPE_ID(tickline, (std::vector<tickline::booked_fill>))
  CAF_ADD_TYPE_ID(tickline, (std::vector<tickline::position>))
  CAF_ADD_TYPE_ID(tickline, (tickline::entry_settled))
  CAF_ADD_TYPE_ID(tickline, (tickline::learned_weights))
  CAF_ADD_TYPE_ID(tickline, (tickline::learned_thresholds))

  /// Timer tick that makes a feed produce its next slice.
  CAF_ADD_ATOM(tickline, tickline, slice_atom, "slice")
  /// End of a finite stream (replay, benchmark): flush and pass it on.
  CAF_ADD_ATOM(tickline, tickline, end_atom, "end")
  /// Graceful stop of a subtree: flush state, then quit.
  CAF_ADD_ATOM(tickline, tickline, stop_atom, "stop")
  /// Write a snapshot now.
  CAF_ADD_ATOM(tickline, tickline, snapshot_atom, "snapshot")
  /// Ask an actor for a readable summary of its state.
  CAF_ADD_ATOM(tickline, tickline, stats_atom, "stats")
  /// Add the sender (or the given actor) as a subscriber.
  CAF_ADD_ATOM(tickline, tickline, subscribe_atom, "subscribe")
  /// A supervisor's timer: start the children waiting for their restart.
  CAF_ADD_ATOM(tickline, tickline, restart_atom, "restart")
  /// A supervisor's timer: a child did not stop within its shutdown time.
  CAF_ADD_ATOM(tickline, tickline, stop_timer_atom, "stoptimer")
  /// Chaos mode: crash now, as a bug would.
  CAF_ADD_ATOM(tickline, tickline, crash_atom, "crash")
  /// Cancel every working order (emergency stop, close all, lost connection).
  CAF_ADD_ATOM(tickline, tickline, cancel_all_atom, "cancelall")
  /// Close positions with reducing orders: all of them, or the symbols given.
  CAF_ADD_ATOM(tickline, tickline, flatten_atom, "flatten")
  /// Start again from this history (the order manager's fills after a restart).
  CAF_ADD_ATOM(tickline, tickline, replay_atom, "replay")
  /// Write out what was held back for a group commit.
  CAF_ADD_ATOM(tickline, tickline, flush_atom, "flush")
  /// A feed's network thread queued input for it.
  CAF_ADD_ATOM(tickline, tickline, frames_atom, "frames")
  /// Fetch a depth book's REST snapshot (to the fetcher: the target; to the feed: retry
  /// the symbol's fetch).
  CAF_ADD_ATOM(tickline, tickline, depth_snapshot_atom, "depthsnap")
  /// Ask the paper broker for its ledger (every order and fill), encoded.
  CAF_ADD_ATOM(tickline, tickline, ledger_atom, "ledger")
  /// Ask an actor for its view in the HTTP API (JSON: positions, orders, signals, risk,
  /// connections), with one argument (signals: the last sequence already seen).
  CAF_ADD_ATOM(tickline, tickline, query_atom, "query")
  /// Ask a worker for its whole persistent state as JSON (GET /api/v1/actors/NAME).
  CAF_ADD_ATOM(tickline, tickline, describe_atom, "describe")
  /// Ask a broker what it holds: `std::vector<position>`, every symbol not flat.
  CAF_ADD_ATOM(tickline, tickline, positions_atom, "positions")
  /// To the learning daemon: stop (true) or resume (false) changing the weights.
  CAF_ADD_ATOM(tickline, tickline, freeze_atom, "freeze")
  /// To the learning daemon: go back to the weights of a model version.
  CAF_ADD_ATOM(tickline, tickline, rollback_atom, "rollback")
  // strategy -> order manager: which of these symbols hold nothing live (entry checks).
  CAF_ADD_ATOM(tickline, tickline, idle_atom, "idle")
  // broker -> order manager: the venue's recent trades, to compare with the journal.
  CAF_ADD_ATOM(tickline, tickline, venue_trades_atom, "vtrades")

CAF_END_TYPE_ID_BLOCK(tickline)
