#pragma once

#include <variant>

#include "messages/broker.hpp"
#include "messages/orders.hpp"

namespace tickline {

/// What a broker tells the order manager, in the order it happened: an order accepted
/// (ack) or refused (reject), a fill, or an order's status (the answer to a cancel or a
/// query, and the notice that an order ended without filling completely or was changed by
/// its exit group).
using broker_event = std::variant<order_ack, order_reject, fill, order_status>;

} // namespace tickline
