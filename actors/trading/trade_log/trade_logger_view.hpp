#pragma once

// What `GET /api/v1/actors/trade_log` and `tickline-inspect show` show of the trade
// logger's state: JSON with named fields. No CAF.

#include <string>

namespace tickline {

class trade_logger_state;

/// {"entries", "exits", "denied" (intents the risk supervisor refused), "last_seq",
/// "pending": [{"intent_id", "symbol", "decided"}] (intents whose context waits for
/// their fills)}.
std::string view_json(const trade_logger_state& s);

} // namespace tickline
