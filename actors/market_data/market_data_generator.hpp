#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "messages/market.hpp"

namespace tickline {

/// What `generate_market_data` writes.
enum class generated_kind {
  trades,  ///< Binance trades: id, price, qty, quote_qty, time, is_buyer_maker, is_best_match.
  klines,  ///< Binance 1m klines: open_time, open, high, low, close, volume, close_time,
           ///< quote_volume, count, taker_buy_volume, taker_buy_quote_volume, ignore.
};

/// Shapes one symbol's generated prices (a planted edge, say): told of each 1-minute bar
/// as it closes (its prices as written), it returns the factor every later price is
/// multiplied by, until the next bar closes. 1 leaves the data as the process drew it.
class price_shaper {
public:
  virtual ~price_shaper() = default;
  virtual double on_minute(const bar& closed) = 0;
};

/// The request of `tickline generate`.
struct generate_request {
  std::string out_dir;                         ///< Created when missing.
  int symbols = 10;                            ///< 1..10000.
  std::int64_t from_ns = 0;                    ///< First instant (inclusive), UTC.
  std::int64_t to_ns = 0;                      ///< End (exclusive), > from_ns.
  generated_kind kind = generated_kind::trades;
  std::uint64_t seed = 42;
  double rate = 1;                             ///< Mean trades per second per symbol, (0, 1000].
  /// Makes each symbol's shaper; null: the prices are the process's.
  std::function<std::unique_ptr<price_shaper>(const std::string& symbol)> shaper;
};

/// One file written.
struct generated_file {
  std::string symbol;
  std::string path;
  std::uint64_t rows = 0;
  std::int64_t first_ns = 0;   ///< Time of the first row (open time for klines); 0 if none.
  std::int64_t last_ns = 0;    ///< Time of the last row.
};

/// Checks a request: symbols in 1..10000, from < to, rate in (0, 1000] and at most 2e9
/// expected trades. Returns an empty string when fine, else what is wrong, naming the
/// option (e.g. "--symbols: ...").
std::string check_generate_request(const generate_request& r);

/// The name of synthetic symbol `i` of `n`: SYM000USDT, SYM001USDT, ... (four digits
/// from n > 1000 on).
std::string synthetic_symbol(int i, int n);

/// The file name of a symbol's data: "<SYMBOL>-trades-<from>_<to>.csv" or
/// "<SYMBOL>-1m-<from>_<to>.csv", dates as YYYY-MM-DD (with "THHMMSS" when not midnight).
std::string generated_file_name(const std::string& symbol, const generate_request& r);

/// Writes one CSV file per symbol into `r.out_dir`, from the synthetic market's price
/// process (actors/synthetic_market_state) seeded with `r.seed`: the same request gives
/// byte-identical files. Klines cover every minute of [from, to) (from floored to the
/// minute); a minute without trades is a bar at the last close with zero volume, as
/// Binance writes it. Throws std::runtime_error naming the path when it cannot write;
/// the request must have passed check_generate_request.
std::vector<generated_file> generate_market_data(const generate_request& r);

} // namespace tickline
