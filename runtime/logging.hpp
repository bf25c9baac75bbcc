#pragma once

#include <string>

#include "config/config.hpp"

namespace tickline {

/// Installs the process-wide spdlog logger described by `cfg` (level; stderr or a file).
/// Throws std::runtime_error naming the file when a log file cannot be opened.
void setup_logging(const logging_config& cfg);

/// Flushes every sink; called on graceful shutdown.
void flush_logs();

} // namespace tickline
