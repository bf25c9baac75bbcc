#pragma once

// What `GET /api/v1/actors/sequencer` and `tickline-inspect show` show of the backtest
// sequencer: JSON with named fields. No CAF.

#include <string>

namespace tickline {

class sequencer_state;

/// {"held" (events waiting for their release), "releases"}.
std::string view_json(const sequencer_state& s);

} // namespace tickline
