#pragma once

// What `GET /api/v1/actors/feed:NAME` and `tickline-inspect show` show of the feeds'
// states: JSON with named fields (the auditor's is in auditor_view.hpp, the synthetic
// market's in actors/market_data/synthetic_market_view.hpp). Secrets are never shown.
// No CAF.

#include <string>

namespace tickline {

class csv_replay_state;
class binance_stream_state;
class webhook_state;

/// {"symbols", "replayed" (events handed out), "skipped" (rows), "done", "next_ns",
/// "problems": [{"where", "message"}] (the first kept)}.
std::string view_json(const csv_replay_state& s);
/// {"symbols", "counts": {counter: n}} (stream_counts::by_name()).
std::string view_json(const binance_stream_state& s);
/// {"counts": {outcome: n}} (webhook_counts::by_name()); never the shared secret.
std::string view_json(const webhook_state& s);

} // namespace tickline
