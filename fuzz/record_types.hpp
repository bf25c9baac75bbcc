#pragma once

// The state classes a snapshot can hold, in the order fuzz_records' second byte picks
// them (tools/inspect/inspect_decode.cpp decodes each).

#include <string>
#include <vector>

namespace tickline::fuzz {

inline const std::vector<std::string> record_types = {
  "alerts_state", "auditor_state", "binance_stream_state", "csv_replay_state",
  "http_api_state", "learning_model", "order_manager_state", "paper_broker_state",
  "pattern_detector_state", "portfolio_state", "risk_control_record", "risk_state",
  "scanner_state", "signal_log_state", "stream_state", "strategy_state",
  "synthetic_market_state", "trade_logger_state", "volatility_detector_state",
  "webhook_state", "whale_detector_state",
};

} // namespace tickline::fuzz
