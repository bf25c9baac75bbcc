#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/feeds/feed_core.hpp"
#include "actors/feeds/webhook_state.hpp"
#include "runtime/net/http_server.hpp"

namespace tickline {

/// One alert request waiting for the actor, with the way to answer it.
struct webhook_request {
  http_request req;
  http_reply reply;
};

/// Actor state of a webhook feed.
struct webhook_feed_actor : feed_core {
  webhook_state alerts;
  routes signal_sinks;                               ///< Accepted alerts go to the last one up.
  std::shared_ptr<inbox<webhook_request>> requests;  ///< Filled by the server thread.
  std::shared_ptr<inbox<unsigned>> refused;          ///< Statuses the server refused.
  std::vector<unsigned> refused_drained;
  std::vector<webhook_request> drained;
  std::unique_ptr<http_server> server;               ///< Last: stopped first on exit.
  const webhook_state& persistent() const { return alerts; }
  static inline const char* name = "feed";
};

/// Spawn arguments of a webhook feed.
struct webhook_feed_args {
  std::string name;                      ///< Stable name, e.g. "feed:tradingview".
  std::string listen = "127.0.0.1:0";    ///< host:port of its HTTP server.
  std::string path = "/webhook";         ///< The one path that takes alerts.
  std::string secret;
  std::vector<std::string> symbols;
  std::vector<std::string> signal_sinks; ///< e.g. {"signal_log"}.
  std::string auditor;
  std::int64_t heartbeat_ms = 250;
  snapshot_env env;
};

/// TradingView-style alerts by HTTP POST on its own port. The server thread queues each
/// request; the actor judges it with webhook_state, sends an accepted alert on as a
/// signal, and only then answers 202 (401 wrong secret, 400 bad JSON, 422 bad fields,
/// 404 other paths, 405 other methods, 503 when no signal sink is up). A port it cannot
/// bind stops the actor with an error naming the address.
caf::behavior webhook_feed(caf::stateful_actor<webhook_feed_actor>* self, webhook_feed_args args);

} // namespace tickline
