// The TOML config loader with its validation on any bytes: it must never throw, and every
// problem it reports must name the file and say what is wrong.

#include <cstdint>
#include <string_view>

#include "config/loader.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace tickline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto r = load_config_string(text, "fuzz.toml");
  for (const auto& p : r.problems) {
    fuzz::require(p.file == "fuzz.toml", "a problem that does not name the file");
    fuzz::require(!p.message.empty(), "a problem without a message");
  }
  return 0;
}
