#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/feeds/binance_stream_state.hpp"
#include "actors/feeds/feed_core.hpp"
#include "config/http_url.hpp"
#include "runtime/net/ws_client.hpp"

namespace tickline {

/// Actor state of a WebSocket feed.
struct ws_feed_actor : feed_core {
  binance_stream_state stream;
  routes scanners;                                  ///< By symbol index.
  std::shared_ptr<inbox<ws_client_event>> events;   ///< Filled by the client thread.
  std::vector<ws_client_event> drained;             ///< Reused between wakes.
  stream_batches batches;                           ///< Kept while a scanner is down.
  bool connected = false;
  std::uint64_t disconnects = 0;
  std::uint64_t dropped = 0;                        ///< Events over the cap of a down scanner.
  std::uint64_t problems_logged = 0;
  caf::actor depth_fetcher;                         ///< Fetches REST depth snapshots.
  std::vector<std::int64_t> snapshot_backoff_ms;    ///< By symbol: wait before the next fetch.
  std::function<std::string(std::size_t)> depth_target;  ///< GET target of a symbol's snapshot.
  std::unique_ptr<ws_client> client;                ///< Last: stopped first on exit.
  const binance_stream_state& persistent() const { return stream; }
  static inline const char* name = "feed";
};

/// Spawn arguments of a WebSocket feed.
struct ws_feed_args {
  std::string name;                       ///< Stable name, e.g. "feed:binance".
  ws_client_options client;               ///< URL (streams included), backoff.
  std::vector<std::string> symbols;
  std::vector<std::string> scanners;      ///< Parallel to symbols.
  std::string auditor;                    ///< Empty = none.
  std::int64_t heartbeat_ms = 250;        ///< Heartbeat period while connected.
  /// Binance's REST API, where depth books fetch their snapshots; none = depth diffs
  /// stay buffered (the book cannot sync) and the fetch is reported as failing.
  std::optional<http_url> rest;
  int depth_limit = 1000;                 ///< Levels per snapshot.
  snapshot_env env;
};

/// A Binance-format market-data stream over WebSocket. A client thread keeps the
/// connection (reconnecting with backoff) and queues frames; the actor, woken once per
/// queued batch, parses them with binance_stream_state and sends one batch of trades,
/// bars and book tops per symbol to the scanners. A depth book's REST snapshot is
/// fetched by a linked detached actor (one request at a time, 5 s timeout, retried with
/// a backoff of 1 s doubling to 30 s while it fails). Heartbeats go to the auditor only while
/// connected, so a lost connection shows as a lost feed. Counts go to the node counters.
caf::behavior ws_feed(caf::stateful_actor<ws_feed_actor>* self, ws_feed_args args);

/// The URL of Binance's combined stream of `kinds` (e.g. "aggTrade", "kline_1m",
/// "depth@100ms") for `symbols` on `base` (e.g. "wss://stream.binance.com:9443"); `base`
/// alone when `kinds` is empty.
std::string binance_stream_url(const std::string& base, const std::vector<std::string>& symbols,
                               const std::vector<std::string>& kinds);

} // namespace tickline
