#pragma once

// What `GET /api/v1/actors/broker:NAME` and `tickline-inspect show broker:NAME` show of
// the paper broker's books, with named fields. No CAF.

#include <string>

namespace tickline {

class paper_broker_state;

/// {"cash", "starting_cash", "positions": {symbol: qty}, "last_prices": {symbol: price},
/// "working_orders": [client order ids, oldest first], "orders", "fills" (counts),
/// "last_exec_id", "seen": {symbol: {"trade_id", "bar_close_ns", "quote_ns"}},
/// "replayed"}.
std::string view_json(const paper_broker_state& b);

} // namespace tickline
