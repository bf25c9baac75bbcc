#pragma once

// What the HTTP API shows of risk_state: JSON in the shapes of docs/operations.md, and
// the API's names of trading states. The actor answers `(query_atom, topic, arg)` with
// it. No CAF.

#include <cstddef>
#include <cstdint>
#include <string>

namespace tickline {

class risk_state;
struct risk_control_record;

/// The API's name of a trading state: "ACTIVE", "REDUCING", "PAUSED", "HALTED".
std::string api_state_name(const std::string& lower);
/// The risk authority: {"state" (ACTIVE|REDUCING|PAUSED|HALTED), "reason", "limits":
/// {...[risk]...}, "daily": {"pnl","entries","consecutive_losses","peak_equity"},
/// "overrides": [the latest operator commands]}.
std::string risk_json(const risk_state& risk);

/// The whole state with named fields (GET /api/v1/actors/risk_supervisor,
/// tickline-inspect): risk_json()'s fields, then "decisions": the latest verdicts
/// [{"intent_id", "symbol", "verdict", "requested_qty", "approved_qty", "reason",
/// "ts_ns"}], oldest first, and "pending_entries": {intent id: {"symbol", "qty" (signed),
/// "price", "ts_ns"}} (approved entries not yet settled, counted against the caps).
std::string view_json(const risk_state& risk);
/// A command's control record: {"state", "reason", "limit", "since_ns", "after_seq",
/// "disabled": {symbol: reason}, "consecutive_losses", "peak_equity",
/// "day_start_equity"}.
std::string view_json(const risk_control_record& r);

} // namespace tickline
