#pragma once

#include "config/config.hpp"
#include "config/reader.hpp"

// Reading and validation of [alerts] and its [[alerts.rules]] (kept apart from
// config/loader.cpp for its size).
namespace tickline::detail {

/// Reads [alerts]: sinks, limits and every rule. A rule's kind-specific key under another
/// kind, a missing `amount` for daily_loss, a duplicate name and a webhook URL that is not
/// "http://host:port/path" are each reported at the key.
void read_alerts(table_reader r, alerts_config& c);

} // namespace tickline::detail
