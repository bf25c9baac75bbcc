// The market-data CSV reader (klines, trades, aggTrades, generic OHLCV) on any bytes: each
// input is one file. Rows it keeps must be ordered in time with sane prices; rows it skips
// are counted and described.

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "actors/market_data/csv_market_reader.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace tickline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The reader takes a path: the input lives in an anonymous memory file.
  const int fd = memfd_create("fuzz_csv", 0);
  if (fd < 0)
    return 0;
  std::size_t done = 0;
  while (done < size) {
    const auto n = write(fd, data + done, size - done);
    if (n <= 0)
      break;
    done += static_cast<std::size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  try {
    csv_market_reader reader{path, "BTCUSDT"};
    bar b;
    trade_tick t;
    std::int64_t last_ns = INT64_MIN;
    std::size_t rows = 0;
    while (reader.next(b, t)) {
      ++rows;
      if (reader.has_bars()) {
        fuzz::require(fuzz::positive(b.open) && fuzz::positive(b.high) && fuzz::positive(b.low)
                        && fuzz::positive(b.close), "a bar with a price that is not positive");
        fuzz::require(b.low <= b.high, "a bar whose low is above its high");
        fuzz::require(b.open_ns > last_ns, "bars out of time order");
        last_ns = b.open_ns;
      } else {
        fuzz::require(fuzz::positive(t.price) && std::isfinite(t.qty) && t.qty >= 0,
                      "a trade with a bad price or quantity");
        fuzz::require(t.ts_ns >= last_ns, "trades out of time order");
        last_ns = t.ts_ns;
      }
    }
    fuzz::require(reader.problems().size() <= csv_market_reader::max_kept_problems,
                  "more problems kept than the bound");
    fuzz::require(reader.problems().size() <= reader.skipped(), "problems kept beyond those counted");
    for (const auto& p : reader.problems())
      fuzz::require(!p.message.empty(), "a skipped row without a reason");
  } catch (const std::runtime_error&) {
    // An unknown format or a header without a needed column: refused with a message.
  }
  close(fd);
  return 0;
}
