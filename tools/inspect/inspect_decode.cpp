#include "tools/inspect/inspect_decode.hpp"

#include <ctime>
#include <functional>
#include <map>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "actors/ops/alerts_state.hpp"
#include "actors/ops/http_api_state.hpp"
#include "actors/ops/stream_state.hpp"
#include "actors/feeds/auditor_state.hpp"
#include "actors/feeds/binance_stream_state.hpp"
#include "actors/feeds/csv_replay_state.hpp"
#include "actors/trading/orders/managed_order.hpp"
#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/broker/paper_broker_state.hpp"
#include "actors/signals/pattern_detector_state.hpp"
#include "actors/trading/portfolio/portfolio_state.hpp"
#include "actors/trading/risk/risk_state.hpp"
#include "actors/signals/scanner_state.hpp"
#include "actors/signals/signal_log_state.hpp"
#include "actors/trading/strategy/strategy_state.hpp"
#include "actors/market_data/synthetic_market_state.hpp"
#include "actors/trading/trade_log/trade_logger_state.hpp"
#include "actors/learning/learning_model.hpp"
#include "actors/learning/learning_view.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "actors/feeds/webhook_state.hpp"
#include "actors/signals/whale_detector_state.hpp"
#include "actors/broker/paper_broker_view.hpp"
#include "actors/feeds/auditor_view.hpp"
#include "actors/feeds/feed_views.hpp"
#include "actors/market_data/synthetic_market_view.hpp"
#include "actors/ops/ops_views.hpp"
#include "actors/signals/signal_log_view.hpp"
#include "actors/signals/signal_views.hpp"
#include "actors/trading/orders/order_manager_view.hpp"
#include "actors/trading/portfolio/portfolio_view.hpp"
#include "actors/trading/risk/risk_view.hpp"
#include "actors/trading/strategy/strategy_view.hpp"
#include "actors/trading/trade_log/trade_logger_view.hpp"
#include "messages/decode_limit.hpp"

namespace tickline::cli {

using json = nlohmann::ordered_json;

std::string format_utc(std::int64_t ts_ns) {
  if (ts_ns == 0)
    return "-";
  const std::time_t secs = static_cast<std::time_t>(ts_ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char ms[8];
  std::snprintf(ms, sizeof(ms), ".%03dZ", static_cast<int>((ts_ns / 1'000'000) % 1000));
  return std::string(buf) + ms;
}

namespace {

// Every state's summary is its view: the JSON that GET /api/v1/actors/NAME answers.
template <class State>
json summary(const State& s) {
  return json::parse(view_json(s));
}

using decoder = std::function<std::optional<json>(const snapshot_record&, std::string&)>;

template <class State>
decoder decoder_for() {
  return [](const snapshot_record& r, std::string& error) -> std::optional<json> {
    const auto current = cereal::detail::Version<State>::version;
    if (r.version > current) {
      error = r.type + " v" + std::to_string(r.version) + " is newer than this build reads (v"
              + std::to_string(current) + ")";
      return std::nullopt;
    }
    try {
      State st;
      decode_limit limit{r.payload.size()};
      std::istringstream is{r.payload};
      {
        cereal::PortableBinaryInputArchive ar{is};
        ar(st);
      }
      if (is.peek() != std::char_traits<char>::eof()) {
        error = r.type + ": trailing bytes after the state";
        return std::nullopt;
      }
      return summary(st);
    } catch (const std::exception& e) {
      error = r.type + " does not decode: " + e.what();
      return std::nullopt;
    }
  };
}

const std::map<std::string, decoder>& decoders() {
  static const std::map<std::string, decoder> all{
    {"alerts_state", decoder_for<alerts_state>()},
    {"auditor_state", decoder_for<auditor_state>()},
    {"binance_stream_state", decoder_for<binance_stream_state>()},
    {"csv_replay_state", decoder_for<csv_replay_state>()},
    {"http_api_state", decoder_for<http_api_state>()},
    {"learning_model", decoder_for<learning_model>()},
    {"order_manager_state", decoder_for<order_manager_state>()},
    {"paper_broker_state", decoder_for<paper_broker_state>()},
    {"pattern_detector_state", decoder_for<pattern_detector_state>()},
    {"portfolio_state", decoder_for<portfolio_state>()},
    {"risk_control_record", decoder_for<risk_control_record>()},
    {"risk_state", decoder_for<risk_state>()},
    {"scanner_state", decoder_for<scanner_state>()},
    {"signal_log_state", decoder_for<signal_log_state>()},
    {"stream_state", decoder_for<stream_state>()},
    {"strategy_state", decoder_for<strategy_state>()},
    {"synthetic_market_state", decoder_for<synthetic_market_state>()},
    {"trade_logger_state", decoder_for<trade_logger_state>()},
    {"volatility_detector_state", decoder_for<volatility_detector_state>()},
    {"webhook_state", decoder_for<webhook_state>()},
    {"whale_detector_state", decoder_for<whale_detector_state>()},
  };
  return all;
}

} // namespace

std::optional<json> decode_state(const snapshot_record& r, std::string& error) {
  auto i = decoders().find(r.type);
  if (i == decoders().end()) {
    error = "unknown state type \"" + r.type + "\"";
    return std::nullopt;
  }
  return i->second(r, error);
}

} // namespace tickline::cli
