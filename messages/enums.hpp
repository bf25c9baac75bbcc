#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tickline {

/// The aggressor side of a trade, or the side of an order.
enum class side : std::uint8_t { buy, sell };

/// What produced a signal.
enum class signal_kind : std::uint8_t { whale, pattern, volatility, external };

/// Which way a signal points.
enum class direction : std::uint8_t { neutral, long_, short_ };

/// How an order executes.
enum class order_type : std::uint8_t { market, limit, stop, stop_limit };

/// How long an order stays working.
enum class time_in_force : std::uint8_t { gtc, ioc, fok, day };

/// The risk supervisor's verdict on an intent.
enum class risk_verdict : std::uint8_t { approve, reduce, deny };

/// The trading state kept by the risk supervisor.
enum class trading_state : std::uint8_t { active, reducing, paused, halted };

/// Where an order stands at the broker; the answer to an order query.
enum class order_state : std::uint8_t {
  unknown, pending_new, open, partially_filled, filled, cancelled, rejected
};

/// What a control command asks for.
enum class control_kind : std::uint8_t {
  pause, resume, halt, emergency_stop, close_all, enable_symbol, disable_symbol, shutdown
};

// Text forms are used in logs, JSON and CAF's to_string; each from_string accepts
// exactly what the matching to_string prints.

std::string to_string(side x);
std::string to_string(signal_kind x);
std::string to_string(direction x);
std::string to_string(order_type x);
std::string to_string(time_in_force x);
std::string to_string(risk_verdict x);
std::string to_string(trading_state x);
std::string to_string(control_kind x);
std::string to_string(order_state x);

/// Parses an enum from its to_string form; nullopt when unknown.
template <class Enum>
std::optional<Enum> from_string(std::string_view text);

} // namespace tickline
