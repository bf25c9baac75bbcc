#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/market_data/csv_market_data.hpp"

namespace tickline {

/// Reads one market-data CSV file row by row through a fixed buffer, so that a file of any
/// size costs the same memory: the streaming core of read_market_csv, the replay and the
/// backtest data loader. Formats, rules and messages are those of read_market_csv. No CAF.
class csv_market_reader {
public:
  /// Most skipped rows kept with their place; further ones are only counted.
  static constexpr std::size_t max_kept_problems = 1000;

  /// Opens `path` and detects its format from the first non-empty line. Throws
  /// std::runtime_error naming the file (and line) when it cannot be opened, holds no
  /// line, or has an unknown format or a header without a needed column.
  csv_market_reader(std::string path, std::string symbol);
  ~csv_market_reader();
  csv_market_reader(const csv_market_reader&) = delete;
  csv_market_reader& operator=(const csv_market_reader&) = delete;

  /// The detected format.
  csv_format format() const { return format_; }
  /// True when the rows are bars (klines, generic OHLCV), false for trades.
  bool has_bars() const {
    return format_ == csv_format::binance_klines || format_ == csv_format::generic_ohlcv;
  }

  /// Reads the next usable row into `b` (bar formats; timeframe_s and close_ns are left
  /// for the caller) or `t` (trade formats). Returns false at the end of the file. Rows
  /// that break the rules are skipped and recorded.
  bool next(bar& b, trade_tick& t);

  /// Skipped rows, the first max_kept_problems of them.
  const std::vector<csv_problem>& problems() const { return problems_; }
  /// All skipped rows so far.
  std::size_t skipped() const { return skipped_; }
  /// The file read.
  const std::string& path() const { return path_; }
  /// Line number of the last line read.
  std::size_t line() const { return line_no_; }

private:
  bool next_line(std::string_view& line);
  void split(std::string_view line);
  void skip(std::string msg);
  bool parse_bar(bar& b);
  bool parse_trade(trade_tick& t);

  /// Column positions of bar files.
  struct ohlcv_columns {
    std::size_t time, open, high, low, close, volume;
  };

  std::string path_;
  std::string symbol_;
  std::FILE* file_ = nullptr;
  std::vector<char> buf_;
  std::size_t begin_ = 0;  ///< First unread byte in buf_.
  std::size_t end_ = 0;    ///< End of the data in buf_.
  bool eof_ = false;
  std::size_t line_no_ = 0;
  std::vector<std::string_view> fields_;
  bool pending_ = false;   ///< The first data line is split in fields_, not yet parsed.
  csv_format format_ = csv_format::generic_ohlcv;
  ohlcv_columns cols_{0, 1, 2, 3, 4, 5};
  std::int64_t last_ns_ = INT64_MIN;
  std::vector<csv_problem> problems_;
  std::size_t skipped_ = 0;
};

/// The most common spacing between the opens of `bars`, in seconds; 0 with fewer than two.
std::int64_t infer_timeframe_s(const std::vector<bar>& bars);

} // namespace tickline
