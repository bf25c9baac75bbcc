#pragma once

// Small pieces of the Binance wire format shared by binance_session's files.

#include <cstdint>
#include <string>
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
