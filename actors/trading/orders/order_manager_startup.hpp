#pragma once

#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "actors/trading/orders/order_manager.hpp"

namespace tickline {

using om_self_ptr = caf::stateful_actor<order_manager_actor>*;

/// Once per start, after reconciliation (session 2 on): asks the broker what it holds
/// and compares it with the journal's net positions; a difference pauses new entries,
/// or halts the node with `on_mismatch = "halt"`, naming each symbol.
void om_check_books(om_self_ptr self, const std::string& on_mismatch);

/// The venue's trades of the last day (from the broker, once after a start) against the
/// journal: a trade on an order with this engine's `prefix` that the journal neither
/// holds nor retired was made by no order this node knows (a lost data directory,
/// another node on the same prefix). Its fills are not booked, as no one knows what they
/// were for; new entries pause (or the node halts) for an operator, naming the orders.
void om_compare_venue_trades(om_self_ptr self, const std::vector<fill>& trades, const std::string& prefix,
                             const std::string& on_mismatch);

} // namespace tickline
