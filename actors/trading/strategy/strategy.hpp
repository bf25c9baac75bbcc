#pragma once

#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/trading/strategy/strategy_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of the strategy.
struct strategy_actor {
  strategy_state strategy;
  account_view account;
  routes risk;                        ///< The risk supervisor, which every intent passes.
  routes trade_log;                   ///< Gets a copy of every intent (its context).
  routes orders;                      ///< The order manager, asked about old entries.
  std::int64_t entry_check_ns = 0;    ///< Age of an entry worth asking about; 0 = never.
  std::int64_t last_check_ns = 0;     ///< When the order manager was last asked.
  clock_ptr clk;
  std::shared_ptr<node_counters> counters;
  snapshotter snap;
  const strategy_state& persistent() const { return strategy; }
  static inline const char* name = "strategy";
};

/// Spawn arguments of the strategy.
struct strategy_args {
  std::string name = "strategy";
  strategy_config cfg;
  risk_config risk_limits;
  std::int64_t timeframe_s = 60;
  std::string risk = "risk_supervisor";
  std::string trade_log;              ///< Gets a copy of every intent; empty = none.
  snapshot_env env;
  /// The order manager, asked on bars (at most every entry_check_ns / 30) which symbols
  /// with an entry entry_check_ns old hold nothing live; those are free again. Empty or
  /// 0 = never (a backtest, where no message is lost).
  std::string orders;
  std::int64_t entry_check_ns = 0;
};

/// Turns journaled signals (`std::vector<signal>` from the signal log) into entry intents
/// (strategy_state) and sends every intent to the risk supervisor; nothing reaches the
/// order manager another way; a copy of each goes to the trade logger, before the risk
/// supervisor has it. Takes closed bars (ATR, marks), `account_update`s (sizing),
/// `risk_decision`s (a denial frees the symbol) and `closed_trade`s (Kelly statistics).
/// An entry heard nothing of for `entry_check_ns` is put to the order manager: a symbol
/// with no live order and no open bracket is freed (its closed trade or refusal was lost).
caf::behavior strategy(caf::stateful_actor<strategy_actor>* self, strategy_args args);

} // namespace tickline
