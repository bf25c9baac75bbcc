#pragma once

#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

/// Asks a broker where an order stands, e.g. after a restart left its outcome unknown;
/// order_manager -> broker, answered with an order_status.
struct order_query {
  std::string client_order_id;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_query& x) {
  return f(caf::meta::type_name("order_query"), x.client_order_id, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, order_query& x) {
  ar(x.client_order_id, x.ts_ns);
}

/// The start of an order_status reason when a venue changed an order because another
/// order of its exit group filled (see order_request::exit_group): "exit group: ...".
inline constexpr const char* exit_group_reason = "exit group";

/// A broker's account of one order: the answer to an order_query or an order_cancel, and
/// the notice that an order ended without filling completely (cancelled, expired IOC/FOK
/// remainder), and of a change its exit group made (a stop reduced by a
/// take-profit's fill: `qty` is then the order's new quantity); broker -> order_manager.
struct order_status {
  std::string client_order_id;
  std::string symbol;
  order_state state = order_state::unknown; ///< `unknown` when the broker never saw it.
  double qty = 0;                  ///< Ordered quantity.
  double filled_qty = 0;
  double avg_price = 0;            ///< Average fill price; 0 when nothing filled.
  std::string venue_order_id;
  std::string reason;              ///< Why it was rejected or cancelled; empty otherwise.
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_status& x) {
  return f(caf::meta::type_name("order_status"), x.client_order_id, x.symbol, x.state, x.qty,
           x.filled_qty, x.avg_price, x.venue_order_id, x.reason, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, order_status& x) {
  ar(x.client_order_id, x.symbol, x.state, x.qty, x.filled_qty, x.avg_price, x.venue_order_id,
     x.reason, x.ts_ns);
}

} // namespace tickline
