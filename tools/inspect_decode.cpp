#include "tools/inspect_decode.hpp"

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
#include "actors/broker/paper_broker_view.hpp"
#include "actors/signals/pattern_detector_state.hpp"
#include "actors/trading/portfolio/portfolio_state.hpp"
#include "actors/trading/risk/risk_state.hpp"
#include "actors/signals/scanner_state.hpp"
#include "actors/backtest/sequencer_state.hpp"
#include "actors/signals/signal_log_state.hpp"
#include "actors/trading/strategy/strategy_state.hpp"
#include "actors/market_data/synthetic_market_state.hpp"
#include "actors/trading/trade_log/trade_logger_state.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "actors/feeds/webhook_state.hpp"
#include "actors/signals/whale_detector_state.hpp"

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

json positions_json(const std::vector<position>& ps) {
  auto out = json::array();
  for (const auto& p : ps)
    out.push_back({{"symbol", p.symbol}, {"qty", p.qty}, {"avg_price", p.avg_price},
                   {"realized_pnl", p.realized_pnl}, {"unrealized_pnl", p.unrealized_pnl}});
  return out;
}

json summary(const portfolio_state& s) {
  return {{"cash", s.cash()}, {"equity", s.equity()}, {"realized_pnl", s.realized_pnl()},
          {"unrealized_pnl", s.unrealized_pnl()}, {"fees", s.fees()},
          {"peak_equity", s.peak_equity()}, {"max_drawdown_pct", s.max_drawdown_pct()},
          {"positions", positions_json(s.positions())}};
}

json summary(const risk_state& s) {
  auto recent = json::array();
  for (const auto& d : s.decisions())
    recent.push_back({{"intent_id", d.intent_id}, {"symbol", d.symbol},
                      {"verdict", to_string(d.verdict)}, {"reason", d.reason}});
  return {{"state", to_string(s.state())}, {"reason", s.state_reason()},
          {"entries_today", s.entries_today()}, {"consecutive_losses", s.consecutive_losses()},
          {"peak_equity", s.peak_equity()}, {"day_pnl", s.day_pnl()}, {"decisions", recent}};
}

json summary(const order_manager_state& s) {
  auto orders = json::array();
  for (const auto& [id, o] : s.orders())
    orders.push_back({{"client_id", id}, {"symbol", o.spec.request.symbol},
                      {"state", to_string(o.state)}, {"filled_qty", o.filled_qty},
                      {"avg_price", o.avg_price}});
  return {{"orders", orders}, {"positions", positions_json(s.positions())},
          {"reconciling", s.reconciling()}};
}

json summary(const paper_broker_state& s) { return json::parse(broker_view_json(s)); }

json summary(const signal_log_state& s) {
  auto recent = json::array();
  const auto& r = s.recent();
  // The newest ten: a whole log would drown the summary.
  for (auto i = r.size() > 10 ? r.size() - 10 : 0; i < r.size(); ++i)
    recent.push_back(json::parse(signal_log_state::to_json(r[i])));
  return {{"total", s.total()}, {"kept", r.size()}, {"newest", recent}};
}

json summary(const auditor_state& s) {
  auto sources = json::object();
  for (const auto& [name, src] : s.sources())
    sources[name] = {{"connected", src.connected}, {"last_heartbeat", format_utc(src.last_ns)},
                     {"heartbeats", src.heartbeats}, {"reconnects", src.reconnects}};
  return {{"sources", sources}};
}

json summary(const scanner_state& s) {
  return {{"symbol", s.symbol()}, {"last_price", s.last_price()}, {"timeframes", s.timeframes().size()}};
}

json summary(const whale_detector_state& s) {
  return {{"samples", s.samples()}, {"mean_size", s.mean()}, {"stdev_size", s.stdev()}};
}

json summary(const strategy_state& s) { return {{"wins", s.wins()}, {"losses", s.losses()}}; }

json summary(const trade_logger_state& s) { return {{"pending_entries", s.pending().size()}}; }

json summary(const alerts_state& s) {
  auto rules = json::object();
  for (const auto& r : s.rules())
    rules[r.name] = {{"sent", s.sent(r.name)}, {"held", s.held(r.name)}};
  return {{"trading_state", s.trading_state()}, {"rules", rules}};
}

json summary(const sequencer_state& s) { return {{"held", s.held()}}; }

json summary(const csv_replay_state& s) { return {{"done", s.done()}}; }

json summary(const risk_control_record& r) {
  return {{"state", to_string(r.state)}, {"reason", r.reason}, {"after_seq", r.after_seq},
          {"disabled", r.disabled}};
}

// States whose summary is only that they decode (their internals are indicator windows).
template <class State>
json summary(const State&) {
  return json::object();
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
    {"order_manager_state", decoder_for<order_manager_state>()},
    {"paper_broker_state", decoder_for<paper_broker_state>()},
    {"pattern_detector_state", decoder_for<pattern_detector_state>()},
    {"portfolio_state", decoder_for<portfolio_state>()},
    {"risk_control_record", decoder_for<risk_control_record>()},
    {"risk_state", decoder_for<risk_state>()},
    {"scanner_state", decoder_for<scanner_state>()},
    {"sequencer_state", decoder_for<sequencer_state>()},
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
