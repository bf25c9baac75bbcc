#pragma once

// What `GET /api/v1/actors/NAME` and `tickline-inspect show NAME` show of the ops
// actors' states (HTTP API, operator stream, alerts): JSON with named fields. Tokens and
// alert destinations are never shown. No CAF.

#include <string>

namespace tickline {

class alerts_state;
class http_api_state;
class stream_state;

/// {"trading_state", "rules": {name: {"sent", "held"}}}.
std::string view_json(const alerts_state& s);
/// {"requests", "refused", "controls_accepted", "controls_refused", "trades_kept"}.
std::string view_json(const http_api_state& s);
/// {"risk_state", "counts": {event type: n}}.
std::string view_json(const stream_state& s);

} // namespace tickline
