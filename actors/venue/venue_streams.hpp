#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "messages/market.hpp"

namespace tickline {

/// The market-data streams one WebSocket client of the venue asked for, as Binance names
/// them: `/ws/<symbol>@trade` (one raw stream) or `/stream?streams=a/b` (combined: each
/// event wrapped as {"stream", "data"}); kinds `trade` and `aggTrade`, symbols lower-case.
struct venue_stream_request {
  bool combined = false;
  std::set<std::string> streams;   ///< e.g. "btcusdt@trade".
};

/// Reads an upgrade target of the market streams; nullopt (and `why`) when it names none
/// the venue serves (an unknown symbol or kind, or another path).
std::optional<venue_stream_request> parse_stream_target(const std::string& target,
                                                        const std::vector<std::string>& symbols,
                                                        std::string& why);

/// The frames of one trade for a client that asked `req`: its trade and/or aggTrade event
/// in Binance's shape (prices and quantities as 8-place decimal strings), wrapped when
/// combined. Empty when the client asked for neither stream of that symbol.
std::vector<std::string> stream_frames(const venue_stream_request& req, const trade_tick& t,
                                       std::int64_t event_ms);

} // namespace tickline
