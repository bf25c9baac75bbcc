#pragma once

// What the HTTP API shows of risk_state: JSON in the shapes of docs/operations.md, and
// the API's names of trading states. The actor answers `(query_atom, topic, arg)` with
// it. No CAF.

#include <cstddef>
#include <cstdint>
#include <string>

namespace tickline {

class risk_state;

/// The API's name of a trading state: "ACTIVE", "REDUCING", "PAUSED", "HALTED".
std::string api_state_name(const std::string& lower);
/// The risk authority: {"state" (ACTIVE|REDUCING|PAUSED|HALTED), "reason", "limits":
/// {...[risk]...}, "daily": {"pnl","entries","consecutive_losses","peak_equity"},
/// "overrides": [the latest operator commands]}.
std::string risk_json(const risk_state& risk);

} // namespace tickline
