#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/ops/http_api_state.hpp"
#include "config/config.hpp"
#include "runtime/net/http_server.hpp"
#include "runtime/inbox.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"
#include "storage/journal.hpp"

namespace tickline {

/// The WebSocket stream of the HTTP API: whichever server the HTTP actor has bound takes
/// the upgrades at /api/v1/stream from its allowed Origins, and `publish` reaches its clients
/// from any thread.
class http_stream_hub {
public:
  /// Sends `text` to every WebSocket client of the bound server; nothing while unbound.
  void publish(std::string text);
  /// Whether an upgrade from `origin` may connect: one of the bound server's allowed
  /// Origins; a missing Origin ("") never.
  bool origin_ok(const std::string& origin) const;
  /// Called by the HTTP actor with each server it binds and the Origins it allows.
  void attach(std::weak_ptr<http_server> server, std::vector<std::string> origins);

private:
  mutable std::mutex mu_;
  std::weak_ptr<http_server> server_;
  std::vector<std::string> origins_;
};

/// How the node's HTTP API runs; shared, read-only, by every incarnation of the actor.
struct http_api_options {
  http_config http;                          ///< [http]: listen, lists, static_dir, timeout.
  std::string token;                         ///< Resolved control token (resolve_api_token).
  std::vector<std::string> symbols;          ///< The node's symbols (enable/disable).
  std::string node_name = "tickline";
  std::string mode = "paper";                ///< "live", "paper" or "backtest".
  std::int64_t started_ns = 0;               ///< Node start, for uptime; 0 = the actor's start.
  std::shared_ptr<journal> audit;            ///< Control requests; null = not journaled.
  /// The node's database: /readyz and /api/v1/status report a failing write. Null = none.
  std::shared_ptr<const store> db;
  /// Renders GET /metrics (Prometheus text format 0.0.4), called on the actor's thread;
  /// unset = 503.
  std::function<std::string()> metrics_text;
  /// True: the server thread wakes the actor for each batch of requests. False (tests on
  /// the deterministic scheduler): requests wait for a `frames_atom` sent to the actor.
  bool wake_from_server = true;
  /// The WebSocket stream at /api/v1/stream; null = no WebSocket. Default: null.
  std::shared_ptr<http_stream_hub> stream;
};

/// One request waiting for the actor, with the way to answer it.
struct api_request {
  http_request req;
  http_reply reply;
};

/// Actor state of the HTTP API.
struct http_api_actor {
  http_api_state api;
  std::shared_ptr<const http_api_options> opts;
  std::shared_ptr<inbox<api_request>> requests;   ///< Filled by the server thread.
  std::vector<api_request> drained;
  std::shared_ptr<actor_registry> registry;
  std::shared_ptr<node_counters> counters;
  clock_ptr clk;
  std::int64_t started_ns = 0;
  bool bind_failed = false;                       ///< Logged once; retried every second.
  snapshotter snap;
  std::shared_ptr<http_server> server;            ///< Last: stopped first on exit.
  const http_api_state& persistent() const { return api; }
  static inline const char* name = "http";
};

/// Spawn arguments of the HTTP API actor.
struct http_api_args {
  std::string name = "http";
  std::shared_ptr<const http_api_options> opts;
  snapshot_env env;
};

/// The node's HTTP API on one port (`opts->http.listen`): /healthz, /readyz, /metrics,
/// /api/v1/... (docs/operations.md) and the dashboard's static files. The server thread
/// only queues requests; the actor routes them (http_api_state), asks the actors that
/// know (request/response with `request_timeout_ms`, answering 503 when one does not
/// answer) and replies asynchronously. Control requests go to the risk supervisor as
/// control_commands; each one, accepted or refused, is appended to the audit journal. A
/// port it cannot bind is logged, naming the address, and retried every second: the node
/// keeps trading without its API. Keeps the closed trades the portfolio reports.
caf::behavior http_api(caf::stateful_actor<http_api_actor>* self, http_api_args args);

/// The control token: `configured` when set, else $TICKLINE_API_TOKEN, else the one in
/// `<data_dir>/api_token`, else 32 random bytes (hex) written there with mode 0600.
/// Throws std::runtime_error naming the file when it cannot be read or written.
std::string resolve_api_token(const std::string& configured, const std::string& data_dir);

} // namespace tickline
