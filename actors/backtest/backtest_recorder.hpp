#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "messages/portfolio.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// The account at one moment of a backtest (a row of equity.csv).
struct equity_sample {
  std::int64_t ts_ns = 0;
  double equity = 0;
  double cash = 0;
  double drawdown_pct = 0;       ///< From the peak, in percent.
  double gross_exposure = 0;
  std::size_t positions = 0;     ///< Open positions.
};

/// What a backtest keeps of its run: every closed trade and the account after every
/// change, in the order the portfolio reported them. Written by the recorder actor,
/// read by the driver once the run has ended (both under the mutex).
struct backtest_tape {
  std::mutex mutex;
  std::vector<closed_trade> trades;
  std::vector<equity_sample> equity;

  /// Adds an account report, stamped no earlier than the last (a bar's fill carries its
  /// open time); one at the same time as the last replaces it.
  void add(const account_update& a);
  /// Adds a closed trade.
  void add(closed_trade t);
};

/// Actor state of the recorder: only a pointer to the tape (nothing to snapshot).
struct backtest_recorder_actor {
  std::shared_ptr<backtest_tape> tape;
  static inline const char* name = "recorder";
};

/// Records `closed_trade`s and `account_update`s from the portfolio on a tape.
caf::behavior backtest_recorder(caf::stateful_actor<backtest_recorder_actor>* self,
                                std::shared_ptr<backtest_tape> tape);

} // namespace tickline
