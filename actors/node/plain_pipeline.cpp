#include "actors/node/plain_pipeline.hpp"

#include <algorithm>
#include <vector>

#include "config/durations.hpp"

#include "actors/signals/pattern_detector_state.hpp"
#include "actors/signals/scanner_state.hpp"
#include "actors/signals/signal_log_state.hpp"
#include "actors/market_data/synthetic_market_state.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "actors/signals/whale_detector_state.hpp"

namespace tickline {

plain_pipeline_result run_plain_pipeline(const engine_config& cfg, std::int64_t start_ns,
                                         std::int64_t slice_ns, std::int64_t slices) {
  const auto& feed = cfg.feeds.at(0);
  const auto& syms = feed.symbols.empty() ? cfg.market.symbols : feed.symbols;
  synthetic_market_state market{feed, syms, start_ns};
  auto settings = scanner_settings::from_config(cfg.scanner);
  std::vector<scanner_state> scanners;
  std::vector<whale_detector_state> whales;
  std::vector<pattern_detector_state> patterns;
  std::vector<volatility_detector_state> vols;
  for (const auto& s : syms) {
    scanners.emplace_back(s, settings);
    whales.emplace_back(cfg.detectors.whale, s, "detector:whale:" + s);
    patterns.emplace_back(cfg.detectors.pattern, s, "detector:pattern:" + s);
    vols.emplace_back(cfg.detectors.volatility, s, "detector:volatility:" + s);
  }
  auto longest = *std::max_element(settings.timeframes_s.begin(), settings.timeframes_s.end());
  auto tf_of = [&](const std::string& tf) {
    auto ns = parse_duration_ns(tf);
    return tf.empty() || !ns ? longest : *ns / 1'000'000'000;
  };
  const auto pattern_tf = tf_of(cfg.detectors.pattern.timeframe);
  const auto vol_tf = tf_of(cfg.detectors.volatility.timeframe);
  const auto& d = cfg.detectors;
  signal_log_state log;
  std::vector<std::vector<trade_tick>> batches;
  std::vector<bar> closed;
  plain_pipeline_result r;
  for (std::int64_t i = 1; i <= slices; ++i) {
    r.ticks += market.generate_until(start_ns + i * slice_ns, batches);
    for (std::size_t k = 0; k < batches.size(); ++k) {
      closed.clear();
      for (const auto& t : batches[k])
        scanners[k].on_trade(t, closed);
      r.bars += closed.size();
      if (d.whale.enabled)
        for (const auto& t : batches[k])
          for (const auto& s : whales[k].on_trade(t)) {
            log.add(s);
            ++r.signals;
          }
      for (const auto& b : closed) {
        if (d.pattern.enabled && b.timeframe_s == pattern_tf)
          for (const auto& s : patterns[k].on_bar(b)) {
            log.add(s);
            ++r.signals;
          }
        if (d.volatility.enabled && b.timeframe_s == vol_tf)
          for (const auto& s : vols[k].on_bar(b)) {
            log.add(s);
            ++r.signals;
          }
      }
    }
  }
  return r;
}

} // namespace tickline
