#include "actors/trading/orders/managed_order.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace tickline {

namespace {

constexpr std::array<const char*, 5> role_names{"entry", "stop", "take_profit", "close",
                                                "flatten"};
constexpr std::array<const char*, 8> lifecycle_names{
  "new", "sent", "acked", "partially_filled", "filled", "cancelled", "rejected", "unknown"};

} // namespace

std::string to_string(order_role x) {
  const auto i = static_cast<std::size_t>(x);
  return i < role_names.size() ? role_names[i] : "unknown";
}

std::string to_string(lifecycle x) {
  const auto i = static_cast<std::size_t>(x);
  return i < lifecycle_names.size() ? lifecycle_names[i] : "unknown";
}

bool parse_role(const std::string& text, order_role& out) {
  for (std::size_t i = 0; i < role_names.size(); ++i) {
    if (text == role_names[i]) {
      out = static_cast<order_role>(i);
      return true;
    }
  }
  return false;
}

bool nearly_equal(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::vector<double> target_shares(const std::vector<double>& configured, std::size_t n) {
  return configured.size() == n ? configured : std::vector<double>(n, 1.0 / n);
}

double managed_order::remaining() const {
  return std::max(0.0, spec.request.qty - filled_qty);
}

bool managed_order::terminal() const {
  return state == lifecycle::filled || state == lifecycle::cancelled
         || state == lifecycle::rejected;
}

} // namespace tickline
