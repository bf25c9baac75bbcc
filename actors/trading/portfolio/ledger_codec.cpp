#include "actors/trading/portfolio/ledger_codec.hpp"
#include "messages/decode_limit.hpp"

#include <exception>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>

namespace tickline {

std::string encode_ledger(const portfolio_state& ledger) {
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(ledger);
  }
  return os.str();
}

bool decode_ledger(const std::string& blob, portfolio_state& ledger, std::string& error) {
  try {
    decode_limit limit{blob.size()};
    std::istringstream is{blob};
    cereal::PortableBinaryInputArchive ar{is};
    ar(ledger);
    return true;
  } catch (const std::exception& e) {
    error = std::string{"ledger: does not decode: "} + e.what();
    return false;
  }
}

} // namespace tickline
