#include "actors/backtest/backtest_recorder.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "messages/type_ids.hpp"

namespace tickline {

void backtest_tape::add(const account_update& a) {
  std::lock_guard<std::mutex> lock{mutex};
  equity_sample s{a.ts_ns, a.equity, a.cash, a.drawdown_pct, a.gross_exposure, a.positions.size()};
  // A fill on a bar is stamped at the bar's open, which may be before marks of other
  // symbols already taken at that bar's close: the curve keeps the time the run knew it.
  if (!equity.empty())
    s.ts_ns = std::max(s.ts_ns, equity.back().ts_ns);
  if (!equity.empty() && equity.back().ts_ns == s.ts_ns)
    equity.back() = s;
  else
    equity.push_back(s);
}

void backtest_tape::add(closed_trade t) {
  std::lock_guard<std::mutex> lock{mutex};
  trades.push_back(std::move(t));
}

caf::behavior backtest_recorder(caf::stateful_actor<backtest_recorder_actor>* self,
                                std::shared_ptr<backtest_tape> tape) {
  self->state.tape = std::move(tape);
  return {
    [self](const account_update& a) { self->state.tape->add(a); },
    [self](closed_trade& t) { self->state.tape->add(std::move(t)); },
    [](stats_atom) -> std::int64_t { return 0; },
  };
}

} // namespace tickline
