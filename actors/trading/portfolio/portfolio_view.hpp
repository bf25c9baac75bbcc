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

/// The whole book with named fields (GET /api/v1/actors/portfolio, tickline-inspect):
/// {"cash", "starting_cash", "equity", "realized_pnl", "unrealized_pnl", "fees",
/// "gross_exposure", "net_exposure", "peak_equity", "max_drawdown_pct", "day_pnl",
/// "ignored_fills", "duplicate_fills", "holdings": {symbol: {"qty", "avg_price", "mark",
/// "mark_ns", "realized_pnl", "fees"}} (every symbol ever held, flat ones too)}.
std::string view_json(const portfolio_state& book);

} // namespace tickline
