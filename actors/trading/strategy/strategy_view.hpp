#pragma once

// What `GET /api/v1/actors/strategy` and `tickline-inspect show strategy` show of the
// strategy's state: JSON with named fields. No CAF.

#include <string>

namespace tickline {

class strategy_state;

/// {"wins", "losses", "weights": {key: weight}, "last_sizing" (its one-line account),
/// "symbols": {symbol: {"open_intent" (empty when none), "atr" (null while unknown),
/// "realized_vol", "regime"}}}.
std::string view_json(const strategy_state& s);

} // namespace tickline
