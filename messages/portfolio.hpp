#pragma once

#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"

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
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, closed_trade& x) {
  return f(caf::meta::type_name("closed_trade"), x.symbol, x.sd, x.qty, x.entry_price,
           x.exit_price, x.entry_ns, x.exit_ns, x.pnl, x.fees);
}
template <class Archive>
void serialize(Archive& ar, closed_trade& x) {
  ar(x.symbol, x.sd, x.qty, x.entry_price, x.exit_price, x.entry_ns, x.exit_ns, x.pnl, x.fees);
}

} // namespace tickline
