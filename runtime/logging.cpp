#include "runtime/logging.hpp"

#include <stdexcept>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace tickline {

void setup_logging(const logging_config& cfg) {
  spdlog::drop("tickline");
  std::shared_ptr<spdlog::logger> logger;
  if (cfg.file.empty()) {
    logger = spdlog::stderr_color_mt("tickline");
  } else {
    try {
      logger = spdlog::basic_logger_mt("tickline", cfg.file);
    } catch (const spdlog::spdlog_ex& e) {
      throw std::runtime_error("cannot open log file " + cfg.file + ": " + e.what());
    }
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
  logger->set_level(spdlog::level::from_str(cfg.level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

void flush_logs() {
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
}

} // namespace tickline
