#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "messages/enums.hpp"
#include "messages/orders.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

/// One round trip in a symbol, from flat (or a flip) to flat (or the next flip);
/// portfolio -> trade_logger (a row of the backtest's trades.csv).
struct closed_trade {
  std::string symbol;
  side sd = side::buy;             ///< buy = a long trade, sell = a short one.
  double qty = 0;                  ///< Total quantity entered (= total exited).
  double entry_price = 0;          ///< Quantity-weighted average of the entry fills.
  double exit_price = 0;           ///< Quantity-weighted average of the exit fills.
  std::int64_t entry_ns = 0;       ///< Time of the first entry fill.
  std::int64_t exit_ns = 0;        ///< Time of the fill that closed it.
  double pnl = 0;                  ///< Realized profit, net of `fees`.
  double fees = 0;                 ///< Entry and exit fees.
  std::string entry_tag;           ///< What opened it: the leading signal, e.g. "pattern:engulfing".
  std::string exit_reason;         ///< What closed it: stop_loss, take_profit, trailing_stop, time_stop,
                                   ///< signal, flatten, emergency_stop, end_of_data...
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, closed_trade& x) {
  return f(caf::meta::type_name("closed_trade"), x.symbol, x.sd, x.qty, x.entry_price,
           x.exit_price, x.entry_ns, x.exit_ns, x.pnl, x.fees, x.entry_tag, x.exit_reason);
}
template <class Archive>
void serialize(Archive& ar, closed_trade& x) {
  ar(x.symbol, x.sd, x.qty, x.entry_price, x.exit_price, x.entry_ns, x.exit_ns, x.pnl, x.fees, x.entry_tag, x.exit_reason);
}

/// The account after a change; portfolio -> risk_supervisor, strategy, http.
struct account_update {
  double cash = 0;
  double equity = 0;               ///< Cash + positions at their marks.
  double peak_equity = 0;
  double realized_pnl = 0;         ///< Net of fees.
  double unrealized_pnl = 0;
  double fees = 0;
  double gross_exposure = 0;
  double net_exposure = 0;
  double drawdown_pct = 0;         ///< From the peak, in percent.
  std::vector<position> positions; ///< Open positions only.
  std::int64_t ts_ns = 0;
  /// Entry intents whose orders ended (filled, cancelled or rejected) since the last
  /// update, every fill of theirs already in `positions`: the risk supervisor stops
  /// counting them as pending (entry_settled).
  std::vector<std::string> settled;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_update& x) {
  return f(caf::meta::type_name("account_update"), x.cash, x.equity, x.peak_equity,
           x.realized_pnl, x.unrealized_pnl, x.fees, x.gross_exposure, x.net_exposure,
           x.drawdown_pct, x.positions, x.ts_ns, x.settled);
}
template <class Archive>
void serialize(Archive& ar, account_update& x) {
  ar(x.cash, x.equity, x.peak_equity, x.realized_pnl, x.unrealized_pnl, x.fees,
     x.gross_exposure, x.net_exposure, x.drawdown_pct, x.positions, x.ts_ns, x.settled);
}

} // namespace tickline
