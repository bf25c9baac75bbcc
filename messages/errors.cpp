#include "messages/errors.hpp"

#include <caf/make_message.hpp>

namespace tickline {

std::string to_string(errc x) {
  switch (x) {
    case errc::none: return "none";
    case errc::escalation: return "escalation";
    case errc::start_failed: return "start_failed";
    case errc::chaos_crash: return "chaos_crash";
    case errc::storage_failure: return "storage_failure";
    case errc::crashed: return "crashed";
  }
  return "unknown";
}

caf::error make_error(errc x, std::string context) {
  if (context.empty())
    return caf::error{static_cast<std::uint8_t>(x), error_category};
  return caf::error{static_cast<std::uint8_t>(x), error_category,
                    caf::make_message(std::move(context))};
}

} // namespace tickline
