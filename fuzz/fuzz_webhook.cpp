// The webhook (TradingView alert) body on any bytes. An accepted alert must carry a
// signal for a served symbol at a positive price with strength and confidence in [0, 1];
// a refused one a 4xx status and a reason.

#include <cstdint>
#include <string>

#include "actors/feeds/webhook_state.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace tickline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  webhook_state st{"hook", "s3cret", {"BTCUSDT", "ETHUSDT"}};
  const std::string body{reinterpret_cast<const char*>(data), size};
  // Half of the inputs carry the secret in the header, as TradingView may not.
  const std::string header = size % 2 == 0 ? "s3cret" : "";
  const auto out = st.on_alert(body, header, 1'700'000'000'000'000'000);
  if (out.sig) {
    fuzz::require(out.status >= 200 && out.status < 300, "a signal with a refusal status");
    const auto& s = *out.sig;
    fuzz::require(s.symbol == "BTCUSDT" || s.symbol == "ETHUSDT", "a signal for a symbol not served");
    fuzz::require(fuzz::positive(s.price), "a signal without a positive price");
    fuzz::require(s.strength >= 0 && s.strength <= 1, "strength outside [0, 1]");
    fuzz::require(s.confidence >= 0 && s.confidence <= 1, "confidence outside [0, 1]");
  } else {
    fuzz::require(out.status >= 400 && out.status < 500, "a refusal without a 4xx status");
    fuzz::require(!out.message.empty(), "a refusal without a reason");
  }
  return 0;
}
