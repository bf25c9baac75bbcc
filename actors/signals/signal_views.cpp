#include "actors/signals/signal_views.hpp"

#include <nlohmann/json.hpp>

#include "actors/signals/pattern_detector_state.hpp"
#include "actors/signals/scanner_state.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "actors/signals/whale_detector_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

using json = nlohmann::ordered_json;

json bar_json(const std::optional<bar>& b) {
  if (!b)
    return nullptr;
  return {{"open_ns", b->open_ns}, {"open", b->open}, {"high", b->high}, {"low", b->low},
          {"close", b->close}, {"volume", b->volume}, {"trades", b->trades}};
}

json optional_number(const std::optional<double>& x) {
  return x ? json(*x) : json(nullptr);
}

} // namespace

std::string view_json(const scanner_state& s) {
  auto frames = json::array();
  for (const auto& tf : s.timeframes()) {
    auto indicators = json::object();
    const auto& columns = tf.indicators.columns();
    const auto& values = tf.indicators.values();
    for (std::size_t i = 0; i < columns.size() && i < values.size(); ++i)
      indicators[columns[i]] = optional_number(values[i]);
    frames.push_back({{"length_s", tf.length_s}, {"open_bar", bar_json(tf.open_bar)},
                      {"last_closed", bar_json(tf.last_closed)}, {"indicators", indicators}});
  }
  return json{{"symbol", s.symbol()}, {"last_price", s.last_price()},
              {"trades_seen", s.trades_seen()}, {"late_trades", s.late_trades()},
              {"replayed", s.replayed()}, {"timeframes", frames}}
    .dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const whale_detector_state& s) {
  const auto& cfg = s.config();
  return json{{"samples", s.samples()}, {"mean_size", s.mean()}, {"stdev_size", s.stdev()},
              {"signals", s.signals_emitted()}, {"replayed", s.replayed()},
              {"window", cfg.window}, {"z_threshold", cfg.z_threshold},
              {"min_samples", cfg.min_samples}}
    .dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const pattern_detector_state& s) {
  const auto& t = s.thresholds();
  return json{{"bars_seen", s.bars_seen()}, {"replayed", s.replayed()},
              {"thresholds", {{"volume_z", t.volume_z}, {"squeeze_quantile", t.squeeze_quantile}}}}
    .dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const volatility_detector_state& s) {
  const auto& t = s.thresholds();
  return json{{"atr_pct", optional_number(s.atr_pct())}, {"replayed", s.replayed()},
              {"thresholds", {{"z_threshold", t.z_threshold}, {"rv_ratio", t.rv_ratio}}}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
