#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "messages/portfolio.hpp"

// Where the P&L came from: the closed trades grouped by what opened them, by symbol, and
// by the UTC hour and weekday of their entry.

namespace tickline::analytics {

/// One group of trades.
struct attribution_row {
  std::string key;                 ///< The group: a detector, tag, symbol, hour or weekday.
  std::int64_t trades = 0;
  std::int64_t wins = 0;           ///< Trades with pnl > 0.
  double win_rate = 0;             ///< wins / trades; 0 for an empty group.
  double pnl = 0;                  ///< Sum of net pnl.
};

/// The attribution tables of report.json. Rows of by_detector, by_pattern and by_symbol
/// are sorted by key (byte order); by_hour has 24 rows "00".."23" and by_weekday 7 rows
/// "Mon".."Sun", empty groups included.
struct attribution_tables {
  std::vector<attribution_row> by_detector;  ///< entry_tag up to its first ':'.
  std::vector<attribution_row> by_pattern;   ///< The whole entry_tag.
  std::vector<attribution_row> by_symbol;
  std::vector<attribution_row> by_exit_reason;
  std::vector<attribution_row> by_hour;      ///< UTC hour of entry_ns.
  std::vector<attribution_row> by_weekday;   ///< UTC weekday of entry_ns.
};

/// The tag a trade is filed under when its entry_tag (or exit_reason) is empty.
inline const std::string untagged = "untagged";

/// Groups `trades` into every table.
attribution_tables attribute(const std::vector<closed_trade>& trades);

} // namespace tickline::analytics
