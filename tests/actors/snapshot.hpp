#pragma once

// Snapshot round trips for state-class tests: through cereal's portable binary archive,
// the format the snapshot store uses.

#include <sstream>
#include <string>

#include <cereal/archives/portable_binary.hpp>

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

} // namespace tickline::test
