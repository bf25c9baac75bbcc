#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/trading/portfolio/portfolio_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of the portfolio.
struct portfolio_actor {
  portfolio_state book;
  routes listeners;                   ///< Get account_update and closed_trade.
  std::shared_ptr<node_counters> counters;
  std::int64_t last_publish_ns = 0;
  std::int64_t publish_ns = 0;        ///< Stamp of the account update a queued flush sends.
  bool flush_queued = false;          ///< A flush_atom is in the mailbox.
  std::uint64_t fills = 0;
  std::vector<std::string> settled;   ///< Entry intents the next account update settles.
  snapshotter snap;
  const portfolio_state& persistent() const { return book; }
  static inline const char* name = "portfolio";
};

/// Spawn arguments of the portfolio.
struct portfolio_args {
  std::string name = "portfolio";
  double starting_cash = 100000;
  std::vector<std::string> listeners;     ///< e.g. {"risk_supervisor", "strategy"}.
  std::int64_t publish_every_ms = 250;    ///< Account updates from marks at most this often.
  snapshot_env env;
};

/// Positions, P&L and equity from the order manager's fills (`booked_fill`, or a bare
/// `fill`), valued at the last prices of the closed bars it sees (`std::vector<bar>`).
/// `(replay_atom, ledger, std::vector<booked_fill>)` starts it again from the order
/// manager's ledger at its journal's checkpoint (ledger_codec.hpp; empty: the starting
/// cash) and the fills booked after it: the order journal, not this actor's snapshot, is
/// the truth it is rebuilt from after a restart. Tells its listeners an `account_update` after each fill (and after marks, at
/// most every publish_every_ms) and a `closed_trade` per round trip; sets the node's
/// `pnl`, `equity` and `cash` figures.
caf::behavior portfolio(caf::stateful_actor<portfolio_actor>* self, portfolio_args args);

} // namespace tickline
