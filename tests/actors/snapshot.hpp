#pragma once

// Snapshot round trips for state-class tests: through cereal's portable binary archive,
// the format the snapshot store uses.

#include <cstdint>
#include <sstream>
#include <string>

#include <cereal/archives/portable_binary.hpp>
#include "messages/decode_limit.hpp"

namespace tickline::test {

template <class T>
std::string save_state(const T& x) {
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(x);
  }
  return os.str();
}

template <class T>
void load_state(const std::string& bytes, T& x) {
  std::istringstream is{bytes};
  cereal::PortableBinaryInputArchive ar{is};
  ar(x);
}

/// What a writer of an older `version` of a class stored, made from a current snapshot of
/// it: the version rewritten and the last `dropped` bytes (the fields appended since)
/// removed. Only for classes whose newer fields all come at the end. The portable archive
/// starts with one byte of byte order, then the class version (4 bytes, little endian).
inline std::string as_version(std::string bytes, std::uint32_t version, std::size_t dropped) {
  for (int i = 0; i < 4; ++i)
    bytes[1 + i] = static_cast<char>((version >> (8 * i)) & 0xff);
  bytes.resize(bytes.size() - dropped);
  return bytes;
}

} // namespace tickline::test
