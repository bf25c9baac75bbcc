#pragma once

#include <string>

#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/trading/portfolio/portfolio_state.hpp"

namespace tickline {

/// What a checkpoint of the orders journal holds: the order manager's state and the
/// ledger of every fill it booked (a portfolio_state that has seen fills only, no
/// marks), both as they were after the last entry the checkpoint replaced. A restart
/// loads them and replays the entries after it; the portfolio starts from the ledger.
/// Encoded as a version byte and cereal's portable binary form of both.
std::string encode_orders_checkpoint(const order_manager_state& om, const portfolio_state& ledger);

/// Decodes `blob` into `om` and `ledger`; false with `error` set (naming what failed)
/// when it is not a checkpoint this build can read.
bool decode_orders_checkpoint(const std::string& blob, order_manager_state& om,
                              portfolio_state& ledger, std::string& error);

} // namespace tickline
