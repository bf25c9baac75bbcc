#pragma once

#include <cstdint>
#include <string>

namespace tickline {

/// `x` as 8 bytes big-endian: keys with such a suffix sort by number.
inline std::string be64(std::uint64_t x) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, x >>= 8)
    out[static_cast<std::size_t>(i)] = static_cast<char>(x & 0xff);
  return out;
}

} // namespace tickline
