#include "actors/market_data/csv_market_data.hpp"

#include <stdexcept>

#include "actors/market_data/csv_market_reader.hpp"

namespace tickline {

namespace {

constexpr std::int64_t ns_per_ms = 1'000'000;

} // namespace

std::string to_string(csv_format f) {
  switch (f) {
    case csv_format::binance_klines: return "binance_klines";
    case csv_format::binance_trades: return "binance_trades";
    case csv_format::binance_aggtrades: return "binance_aggtrades";
    case csv_format::generic_ohlcv: return "generic_ohlcv";
  }
  return "unknown";
}

std::int64_t binance_time_ns(std::int64_t raw) {
  // Binance spot data moved from milliseconds to microseconds in 2025: 13 vs 16 digits.
  return raw >= 100'000'000'000'000 ? raw * 1'000 : raw * ns_per_ms;
}

csv_data read_market_csv(const std::string& path, const std::string& symbol) {
  csv_market_reader in{path, symbol};
  csv_data out;
  out.format = in.format();
  bar b;
  trade_tick t;
  while (in.next(b, t)) {
    if (in.has_bars())
      out.bars.push_back(b);
    else
      out.trades.push_back(t);
  }
  out.problems = in.problems();
  if (out.bars.empty() && out.trades.empty())
    throw std::runtime_error(path + ": no usable row (" + std::to_string(in.skipped())
                             + " skipped)");
  out.timeframe_s = infer_timeframe_s(out.bars);
  for (auto& x : out.bars) {
    x.timeframe_s = out.timeframe_s;
    x.close_ns = x.open_ns + out.timeframe_s * 1'000'000'000;
  }
  return out;
}

} // namespace tickline
