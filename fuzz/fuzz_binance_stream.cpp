// The Binance market-stream parser on any frames: each input line is one text frame, a
// line starting with "@depth " is the REST depth snapshot of the first symbol. Whatever
// it passes on must be a sane trade, bar or book top of a symbol it serves; everything
// else must be counted as skipped.

#include <cstdint>
#include <string_view>

#include "actors/feeds/binance_stream_state.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace tickline;

namespace {

void check(const binance_stream_state& st, const stream_batches& out) {
  for (std::size_t i = 0; i < out.trades.size(); ++i) {
    for (const auto& t : out.trades[i]) {
      fuzz::require(t.symbol == st.symbols()[i], "a trade filed under another symbol");
      fuzz::require(fuzz::positive(t.price), "a trade without a positive price");
    }
    for (const auto& b : out.bars[i]) {
      fuzz::require(b.symbol == st.symbols()[i], "a bar filed under another symbol");
      fuzz::require(fuzz::positive(b.low) && b.low <= b.high, "a bar with a bad range");
    }
    for (const auto& q : out.tops[i])
      fuzz::require(q.symbol == st.symbols()[i], "a book top filed under another symbol");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  binance_stream_state st{"fuzz", {"BTCUSDT", "ETHUSDT"}};
  st.on_connected();
  stream_batches out;
  out.reset(st.symbols().size());
  std::string_view all{reinterpret_cast<const char*>(data), size};
  std::uint64_t frames = 0;
  while (!all.empty()) {
    const auto nl = all.find('\n');
    const auto line = all.substr(0, nl);
    all = nl == std::string_view::npos ? std::string_view{} : all.substr(nl + 1);
    constexpr std::string_view snapshot = "@depth ";
    if (line.substr(0, snapshot.size()) == snapshot) {
      st.take_snapshot_requests();
      st.on_snapshot(0, line.substr(snapshot.size()), out);
    } else {
      st.on_frame(line, out);
      ++frames;
    }
    check(st, out);
    st.take_problems();
    st.take_fresh();
  }
  fuzz::require(st.counts().frames == frames, "frames not counted one by one");
  return 0;
}
