#pragma once

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of the metrics render benchmark.
struct metrics_options {
  int symbols = 1000;         ///< Symbols, each with a scanner and three detectors. Default: 1000.
  int renders = 50;           ///< Renders timed. Default: 50.
};

/// GET /metrics' work for a node of `symbols` symbols: render() of a node_metrics holding
/// every family a running node fills (ticks, signals, mailboxes, restarts and handler
/// latency per actor); milliseconds per render against the 10 ms target.
nlohmann::json run_metrics(const metrics_options& o);

/// Options of the WebSocket fan-out benchmark.
struct ws_options {
  int clients = 10;           ///< Loopback WebSocket clients. Default: 10.
  double rate = 10'000;       ///< Messages published per second. Default: 10,000.
  double seconds = 2;         ///< How long messages are published. Default: 2 s.
  int queue = 1024;           ///< Per-client queue of the server (http_server_options::ws_queue). Default: 1024.
};

/// An http_server's WebSocket broadcast to `clients` loopback clients while messages of
/// a signal's size are published at `rate`: deliveries per second, and drops.
nlohmann::json run_ws(const ws_options& o);

} // namespace tickline::bench
