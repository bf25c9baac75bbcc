#pragma once

#include <string>

#include <caf/behavior.hpp>

namespace tickline {

class node_metrics;

/// `b` with every message it handles timed (steady_clock) into the handler latency
/// histogram of `actor` in `metrics`. With null `metrics`, `b` itself: no wrapper, no
/// clock read, nothing added to the hot path.
caf::behavior timed_behavior(caf::behavior b, node_metrics* metrics, const std::string& actor);

} // namespace tickline
