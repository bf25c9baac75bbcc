#pragma once

// What the HTTP API shows of portfolio_state: JSON in the shapes of docs/operations.md.
// The actor answers `(query_atom, topic, arg)` with it. No CAF.

#include <cstddef>
#include <cstdint>
#include <string>

namespace tickline {

class portfolio_state;

/// Open positions: [{"symbol","qty","avg_price","last_price","unrealized_pnl",
/// "realized_pnl"}], by symbol.
std::string positions_json(const portfolio_state& book);

} // namespace tickline
