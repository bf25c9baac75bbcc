#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of `tickline-bench control`.
struct control_options {
  int symbols = 50;             ///< Symbols of the node under load. Default: 50.
  int requests = 2'000;         ///< HTTP requests timed. Default: 2,000.
  int threads = 0;              ///< Scheduler threads; 0 = core count. Default: 0.
};

/// The demo node (strategy and paper broker on) with its HTTP API, its synthetic market
/// replayed as fast as the actors take it (simulated time, a slice as soon as the feed
/// has taken the one before), and a client on one keep-alive connection sending
/// `requests` requests in turn: GET /api/v1/status, POST /api/v1/control/pause, GET
/// /api/v1/status, POST /api/v1/control/resume. Reports latency percentiles (µs) of all of
/// them, of the GETs and of the POSTs (each an audited, synced control command), and the
/// ticks/s replayed meanwhile. Throws std::runtime_error when a request fails.
nlohmann::json run_control(const control_options& opts);

} // namespace tickline::bench
