#pragma once

// What the HTTP API shows of the actors' state: JSON built from the state classes, in
// the shapes of docs/operations.md. An actor answers `(query_atom, topic, arg)` with one
// of these; the http actor passes it on. No CAF.

#include <cstddef>
#include <cstdint>
#include <string>

namespace tickline {

class auditor_state;
class order_manager_state;
class portfolio_state;
class risk_state;
class signal_log_state;

/// Open positions: [{"symbol","qty","avg_price","last_price","unrealized_pnl",
/// "realized_pnl"}], by symbol.
std::string positions_json(const portfolio_state& book);

/// Every open order, then the latest `recent` finished ones (newest last):
/// [{"client_id","symbol","side","type","qty","filled_qty","price","status","role",
/// "avg_fill_price","reason","updated_ns"}]. `price` is the limit price, else the stop
/// price, else 0 (market).
std::string orders_json(const order_manager_state& om, std::size_t recent = 100);

/// The signals logged after sequence `since` still in memory: {"next": the last
/// sequence, "signals": [{"seq", "kind", "name", "symbol", "direction", "strength",
/// "confidence", "price", "ts_ns", "source", "features"}]}. Sequences count every signal
/// since the log began (1 = the first).
std::string signals_json(const signal_log_state& log, std::uint64_t since);

/// The risk authority: {"state" (ACTIVE|REDUCING|PAUSED|HALTED), "reason", "limits":
/// {...[risk]...}, "daily": {"pnl","entries","consecutive_losses","peak_equity"},
/// "overrides": [the latest operator commands]}.
std::string risk_json(const risk_state& risk);

/// Each watched connection: [{"source","status" ("up"|"lost"|"waiting"),"reason",
/// "reconnects","last_ns"}].
std::string connections_json(const auditor_state& audit);

/// The API's name of a trading state: "ACTIVE", "REDUCING", "PAUSED", "HALTED".
std::string api_state_name(const std::string& lower);

} // namespace tickline
