#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "messages/market.hpp"

namespace tickline {

/// The market-data CSV layouts tickline reads.
enum class csv_format {
  binance_klines,     ///< open_time, open, high, low, close, volume, close_time, quote_volume,
                      ///< trades, taker_buy_base, taker_buy_quote, ignore; no header.
  binance_trades,     ///< id, price, qty, quote_qty, time, is_buyer_maker[, is_best_match].
  binance_aggtrades,  ///< agg_id, price, qty, first_id, last_id, time, is_buyer_maker[, best].
  generic_ohlcv,      ///< A header naming open_time|timestamp|date, open, high, low, close, volume.
};

/// The format's name, e.g. "binance_klines".
std::string to_string(csv_format f);

/// One line that was skipped, with its place ("file:line") and why.
struct csv_problem {
  std::string where;
  std::string message;
};

/// Bars or trades read from one file, in file order, plus what was skipped.
struct csv_data {
  csv_format format = csv_format::generic_ohlcv;
  std::vector<bar> bars;            ///< For kline and OHLCV files.
  std::vector<trade_tick> trades;   ///< For trade and aggTrade files.
  std::vector<csv_problem> problems;
  std::int64_t timeframe_s = 0;     ///< Bar length: from the data (most common spacing).
};

/// Reads `path` as market data for `symbol`. The format is detected from the first line:
/// a header means generic OHLCV; otherwise the column count and shape tell Binance klines,
/// trades or aggTrades apart. Timestamps are epoch milliseconds or microseconds (told
/// apart by size), or for generic files also ISO dates ("2024-01-31", "2024-01-31
/// 12:00:00", "2024-01-31T12:00:00Z"). A malformed row, a non-positive or NaN price, a
/// negative volume or a timestamp that goes backwards is skipped and recorded with its
/// line (the first csv_market_reader::max_kept_problems of them); the rest is kept. Throws std::runtime_error naming the file when it cannot be
/// read, is empty, or has no usable row.
csv_data read_market_csv(const std::string& path, const std::string& symbol);

/// Epoch nanoseconds from a Binance timestamp in milliseconds or microseconds.
std::int64_t binance_time_ns(std::int64_t raw);

} // namespace tickline
