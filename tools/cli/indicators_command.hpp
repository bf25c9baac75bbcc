#pragma once

#include <string>

namespace tickline::cli {

/// Options of `tickline indicators`.
struct indicators_options {
  std::string data;        ///< CSV file: Binance klines, trades, aggTrades or generic OHLCV.
  std::string timeframe;   ///< Bar length; default the data's own (1m for trade files).
  std::string indicators = "sma(20),ema(20),rsi(14),atr(14),bbands(20,2),macd(12,26,9)";
  std::string out;         ///< Output CSV; default standard output.
};

/// Runs the scanner state over the file and writes one CSV row per closed bar:
/// open_time (epoch ms), close, then one column per indicator output, empty while it warms
/// up. Returns the exit status: 0, or 2 for bad input (named on stderr).
int run_indicators(const indicators_options& o);

} // namespace tickline::cli
