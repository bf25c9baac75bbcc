#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <vector>

#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"
#include "messages/orders.hpp"
#include "messages/risk.hpp"

// The trade log's records: one per entry fill and one per exit fill, each one line of JSON
// in the "trades" journal (key names in docs/trading.md), e.g.
//   {"kind":"exit","key":"tl-1-3|...","ts_ns":...,"symbol":"BTCUSDT","side":"sell",...,
//    "exit_reason":"take_profit","realized_pnl":12.5,...}

namespace tickline {

/// One entry or exit of a position, with everything known about why it happened.
struct trade_record {
  std::string kind;                 ///< "entry" (opens or adds) or "exit" (reduces or closes).
  std::string key;                  ///< Identifies the fill across restarts and replays.
  std::int64_t ts_ns = 0;           ///< Time of the fill.
  std::string symbol;
  side sd = side::buy;              ///< The fill's side.
  double qty = 0;                   ///< Of the fill (for an exit, the part that reduced).
  double price = 0;
  double fee = 0;                   ///< Of the fill (for an exit, the reducing part's share).
  std::string order_id;             ///< The filled order's client order id.
  std::string trade_id;             ///< The entry order's id: groups a position's records.
  std::string intent_id;            ///< The strategy's entry intent.
  std::string entry_tag;            ///< What opened the position, e.g. "pattern:engulfing".
  double position_after = 0;        ///< Signed position in the symbol after the fill.
  double avg_entry_price = 0;       ///< Of the position: after an entry, before an exit.
  // -- entries ---------------------------------------------------------------------------
  std::optional<order_intent> intent;   ///< The intent with its context: first fill only.
  std::optional<risk_decision> decision; ///< The risk supervisor's decision on it.
  // -- exits -----------------------------------------------------------------------------
  std::string exit_reason;          ///< stop_loss, take_profit, trailing_stop, time_stop, ...
  double realized_pnl = 0;          ///< Of the part closed, net of its fee and of its share
                                    ///< of the entry fees.
  std::int64_t entry_ns = 0;        ///< Time of the position's first entry fill.
};

/// `r` as one line of JSON with the stable keys of docs/trading.md.
std::string to_json(const trade_record& r);

/// Reads what position tracking needs back from a line written by to_json (kind, key,
/// ts_ns, symbol, side, qty, price, fee, order, trade and intent ids, entry tag, exit
/// reason); nullopt with `error` set for anything else.
std::optional<trade_record> trade_record_from_json(const std::string& line, std::string& error);

/// Folds the trade log's per-fill lines into one line per order: the partial fills of one
/// exit (or entry) order become one record with `fills` (their count), `qty` and `fee`
/// summed, `price` their quantity-weighted average, `realized_pnl` summed, `ts_ns` the
/// first fill's and `last_ts_ns` the last's, `position_after` after the last; an entry
/// keeps the context its first fill carries. Lines come out in the order of each
/// order's first fill. A line that is not a trade record is passed on as it is.
class fill_aggregator {
public:
  /// Takes one line of the trades journal.
  void add(const std::string& line);
  /// The folded lines, one per order.
  std::vector<std::string> lines() const;

private:
  std::vector<std::string> order_;           ///< Keys (kind|order id), first seen first.
  std::map<std::string, std::string> folded_;  ///< Key -> the folded record (JSON).
};

} // namespace tickline
