#include "actors/trading/orders/orders_checkpoint.hpp"
#include "messages/decode_limit.hpp"

#include <exception>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>

namespace tickline {

namespace {

constexpr char checkpoint_version = 1;

} // namespace

std::string encode_orders_checkpoint(const order_manager_state& om, const portfolio_state& ledger) {
  std::ostringstream os;
  os.put(checkpoint_version);
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(om, ledger);
  }
  return os.str();
}

bool decode_orders_checkpoint(const std::string& blob, order_manager_state& om,
                              portfolio_state& ledger, std::string& error) {
  if (blob.empty() || blob[0] != checkpoint_version) {
    error = blob.empty() ? "orders checkpoint: empty"
                         : "orders checkpoint: version " + std::to_string(int(blob[0])) +
                             ", this build reads version " + std::to_string(checkpoint_version);
    return false;
  }
  try {
    decode_limit limit{blob.size()};
    std::istringstream is{blob.substr(1)};
    cereal::PortableBinaryInputArchive ar{is};
    ar(om, ledger);
    return true;
  } catch (const std::exception& e) {
    error = std::string{"orders checkpoint: does not decode: "} + e.what();
    return false;
  }
}

} // namespace tickline
