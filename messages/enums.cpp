#include "messages/enums.hpp"

#include <array>

namespace tickline {

namespace {

// One table per enum, indexed by the underlying value, so that to_string and
// from_string cannot drift apart.
template <class Enum> struct names;
template <> struct names<side> {
  static constexpr std::array<const char*, 2> v{"buy", "sell"};
};
template <> struct names<signal_kind> {
  static constexpr std::array<const char*, 4> v{"whale", "pattern", "volatility", "external"};
};
template <> struct names<direction> {
  static constexpr std::array<const char*, 3> v{"neutral", "long", "short"};
};
template <> struct names<order_type> {
  static constexpr std::array<const char*, 4> v{"market", "limit", "stop", "stop_limit"};
};
template <> struct names<time_in_force> {
  static constexpr std::array<const char*, 4> v{"gtc", "ioc", "fok", "day"};
};
template <> struct names<risk_verdict> {
  static constexpr std::array<const char*, 3> v{"approve", "reduce", "deny"};
};
template <> struct names<trading_state> {
  static constexpr std::array<const char*, 4> v{"active", "reducing", "paused", "halted"};
};
template <> struct names<control_kind> {
  static constexpr std::array<const char*, 8> v{"pause",         "resume",         "halt",
                                                "emergency_stop", "close_all",     "enable_symbol",
                                                "disable_symbol", "shutdown"};
};
template <> struct names<order_state> {
  static constexpr std::array<const char*, 7> v{"unknown",          "pending_new", "open",
                                                "partially_filled", "filled",      "cancelled",
                                                "rejected"};
};

template <class Enum>
std::string name_of(Enum x) {
  auto i = static_cast<std::size_t>(x);
  return i < names<Enum>::v.size() ? names<Enum>::v[i] : "unknown";
}

} // namespace

std::string to_string(side x) { return name_of(x); }
std::string to_string(signal_kind x) { return name_of(x); }
std::string to_string(direction x) { return name_of(x); }
std::string to_string(order_type x) { return name_of(x); }
std::string to_string(time_in_force x) { return name_of(x); }
std::string to_string(risk_verdict x) { return name_of(x); }
std::string to_string(trading_state x) { return name_of(x); }
std::string to_string(control_kind x) { return name_of(x); }
std::string to_string(order_state x) { return name_of(x); }

template <class Enum>
std::optional<Enum> from_string(std::string_view text) {
  for (std::size_t i = 0; i < names<Enum>::v.size(); ++i)
    if (text == names<Enum>::v[i])
      return static_cast<Enum>(i);
  return std::nullopt;
}

template std::optional<side> from_string<side>(std::string_view);
template std::optional<signal_kind> from_string<signal_kind>(std::string_view);
template std::optional<direction> from_string<direction>(std::string_view);
template std::optional<order_type> from_string<order_type>(std::string_view);
template std::optional<time_in_force> from_string<time_in_force>(std::string_view);
template std::optional<risk_verdict> from_string<risk_verdict>(std::string_view);
template std::optional<trading_state> from_string<trading_state>(std::string_view);
template std::optional<control_kind> from_string<control_kind>(std::string_view);
template std::optional<order_state> from_string<order_state>(std::string_view);

} // namespace tickline
