#pragma once

// What `GET /api/v1/actors/feed:synthetic` and `tickline-inspect show` show of the
// synthetic market: JSON with named fields. No CAF.

#include <string>

namespace tickline {

class synthetic_market_state;

/// {"cursor_ns", "prices": {symbol: price}, "whales", "gaps", "bursts"} (the last three
/// count the events generated so far).
std::string view_json(const synthetic_market_state& s);

} // namespace tickline
