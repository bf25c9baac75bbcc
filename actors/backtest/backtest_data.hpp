#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/market_data/csv_market_data.hpp"

namespace tickline {

/// What to load for a backtest.
struct backtest_data_request {
  std::string path;                     ///< A data file, or a directory of files (one or more per symbol).
  std::optional<std::int64_t> from_ns;  ///< Window start (inclusive). Default: the data's start.
  std::optional<std::int64_t> to_ns;    ///< Window end (exclusive). Default: the data's end.
  /// Warn about a hole in a symbol's bars of more than this many missing bars. Default: 5.
  int max_gap_bars = 5;
};

/// One symbol's data.
struct backtest_symbol {
  std::string symbol;               ///< From the file name: the part before the first '-', '_' or '.'.
  std::vector<std::string> files;   ///< In time order, not overlapping.
  csv_format format = csv_format::binance_klines;
  std::int64_t timeframe_s = 0;     ///< Bar length (of the first file); 0 for trades.
  std::int64_t first_ns = 0;        ///< First event: trade time or bar open, whole data.
  std::int64_t end_ns = 0;          ///< Just past the last event: last trade + 1 ns, or last bar's close.
  std::uint64_t rows = 0;           ///< Usable rows inside the window.
};

/// A backtest's data set, checked; or an error.
struct backtest_data {
  std::vector<backtest_symbol> symbols;  ///< Sorted by symbol; only those with data in the window.
  std::int64_t from_ns = 0;              ///< The window replayed: the request's, clamped to the data.
  std::int64_t to_ns = 0;
  std::vector<std::string> warnings;     ///< The run can go on; show them.
  std::string error;                     ///< Empty on success; else what is wrong, naming the place.
  /// True when there is no error.
  bool ok() const { return error.empty(); }
  /// The (symbol, files) list that csv_replay_state takes.
  std::vector<std::pair<std::string, std::vector<std::string>>> replay_files() const;
};

/// Finds and checks the data of a backtest: `r.path` is one file or a directory whose
/// `.csv` files are read (other files are skipped with a warning); each file's symbol
/// comes from its name (Binance names start with it: BTCUSDT-1m-2024-01.csv). Every file
/// is read once, row by row, and nothing is kept but these figures. Errors: the path is
/// missing, there is no data file, a file cannot be read, has an unknown format (file and
/// line named), is empty or has no usable row, a symbol's files mix formats or overlap
/// in time, from >= to, or the window lies outside the data. Warnings: files and rows
/// skipped, gaps of more than `max_gap_bars` bars (symbol and times named), a window
/// reaching past the data (clamped), a symbol without data in the window (left out).
backtest_data load_backtest_data(const backtest_data_request& r);

/// The symbol a data file's name starts with: up to the first '-', '_' or '.'.
std::string symbol_from_file_name(const std::string& file_name);

} // namespace tickline
