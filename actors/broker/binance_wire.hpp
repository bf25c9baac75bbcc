#pragma once

// Small pieces of the Binance wire format shared by binance_session's files.

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/broker/binance_rest.hpp"
#include "actors/broker/exchange_filters.hpp"
#include "messages/enums.hpp"

namespace tickline::binance_wire {

using params_t = std::vector<std::pair<std::string, std::string>>;

inline std::int64_t ns(std::int64_t ms) { return ms * 1'000'000; }

inline std::string venue_side(side sd) { return sd == side::buy ? "BUY" : "SELL"; }

/// The field `key` of a venue answer as a T, or `fallback` when the answer is not an
/// object, lacks the field, or holds another type there: an answer of an unexpected shape
/// reads as one without the field, never as an exception (nlohmann's value() throws).
template <class T>
T field(const nlohmann::json& j, const char* key, T fallback) {
  if (!j.is_object())
    return fallback;
  const auto it = j.find(key);
  if (it == j.end())
    return fallback;
  if constexpr (std::is_same_v<T, nlohmann::json>)
    return *it;
  else if constexpr (std::is_same_v<T, bool>)
    return it->is_boolean() ? it->template get<bool>() : fallback;
  else if constexpr (std::is_integral_v<T>)
    return it->is_number_integer() ? it->template get<T>() : fallback;
  else if constexpr (std::is_same_v<T, std::string>)
    return it->is_string() ? it->template get<std::string>() : fallback;
  else
    static_assert(std::is_same_v<T, nlohmann::json>, "field: bool, integers, strings or json");
}

inline decimal8 dec_of(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string())
    return decimal8{};
  return decimal8::parse(j[key].get<std::string>()).value_or(decimal8{});
}

inline order_state state_of(const std::string& status) {
  if (status == "NEW" || status == "PENDING_NEW")
    return order_state::open;
  if (status == "PARTIALLY_FILLED")
    return order_state::partially_filled;
  if (status == "FILLED")
    return order_state::filled;
  if (status == "REJECTED")
    return order_state::rejected;
  return order_state::cancelled;  // CANCELED, EXPIRED, EXPIRED_IN_MATCH, PENDING_CANCEL
}

// One order report of an OCO answer, as a reply of its own.
inline rest_reply leg_reply(const rest_reply& whole, const nlohmann::json& report) {
  rest_reply r = whole;
  r.body = report;
  return r;
}

} // namespace tickline::binance_wire
