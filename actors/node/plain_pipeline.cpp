#include "actors/node/plain_pipeline.hpp"

#include <algorithm>
#include <vector>

#include "config/durations.hpp"

#include "actors/feeds/csv_replay_state.hpp"
#include "actors/market_data/synthetic_market_state.hpp"
#include "actors/signals/pattern_detector_state.hpp"
#include "actors/signals/scanner_state.hpp"
#include "actors/signals/signal_log_state.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "actors/signals/whale_detector_state.hpp"

namespace tickline {

namespace {

// The per-symbol stages of the graph, by hand: scanner, detectors, one signal log.
class stages {
public:
  stages(const engine_config& cfg, const std::vector<std::string>& syms)
    : d_(cfg.detectors), settings_(scanner_settings::from_config(cfg.scanner)) {
    for (const auto& s : syms) {
      scanners_.emplace_back(s, settings_);
      whales_.emplace_back(d_.whale, s, "detector:whale:" + s);
      patterns_.emplace_back(d_.pattern, s, "detector:pattern:" + s);
      vols_.emplace_back(d_.volatility, s, "detector:volatility:" + s);
    }
    auto longest = *std::max_element(settings_.timeframes_s.begin(), settings_.timeframes_s.end());
    auto tf_of = [&](const std::string& tf) {
      auto ns = parse_duration_ns(tf);
      return tf.empty() || !ns ? longest : *ns / 1'000'000'000;
    };
    pattern_tf_ = tf_of(d_.pattern.timeframe);
    vol_tf_ = tf_of(d_.volatility.timeframe);
  }

  void on_trade(std::size_t k, const trade_tick& t, plain_pipeline_result& r) {
    closed_.clear();
    scanners_[k].on_trade(t, closed_);
    if (d_.whale.enabled)
      for (const auto& s : whales_[k].on_trade(t))
        add(s, r);
    on_closed(k, r);
  }

  void on_bar(std::size_t k, const bar& b, plain_pipeline_result& r) {
    closed_.clear();
    scanners_[k].on_bar(b, closed_);
    on_closed(k, r);
  }

private:
  void on_closed(std::size_t k, plain_pipeline_result& r) {
    r.bars += closed_.size();
    for (const auto& b : closed_) {
      if (d_.pattern.enabled && b.timeframe_s == pattern_tf_)
        for (const auto& s : patterns_[k].on_bar(b))
          add(s, r);
      if (d_.volatility.enabled && b.timeframe_s == vol_tf_)
        for (const auto& s : vols_[k].on_bar(b))
          add(s, r);
    }
  }

  void add(const signal& s, plain_pipeline_result& r) {
    log_.add(s);
    ++r.signals;
  }

  const detectors_config& d_;
  scanner_settings settings_;
  std::vector<scanner_state> scanners_;
  std::vector<whale_detector_state> whales_;
  std::vector<pattern_detector_state> patterns_;
  std::vector<volatility_detector_state> vols_;
  std::int64_t pattern_tf_ = 0, vol_tf_ = 0;
  signal_log_state log_;
  std::vector<bar> closed_;
};

} // namespace

plain_pipeline_result run_plain_pipeline(const engine_config& cfg, std::int64_t start_ns,
                                         std::int64_t slice_ns, std::int64_t slices) {
  const auto& feed = cfg.feeds.at(0);
  const auto& syms = feed.symbols.empty() ? cfg.market.symbols : feed.symbols;
  synthetic_market_state market{feed, syms, start_ns};
  stages st{cfg, syms};
  std::vector<std::vector<trade_tick>> batches;
  plain_pipeline_result r;
  for (std::int64_t i = 1; i <= slices; ++i) {
    r.ticks += market.generate_until(start_ns + i * slice_ns, batches);
    for (std::size_t k = 0; k < batches.size(); ++k)
      for (const auto& t : batches[k])
        st.on_trade(k, t, r);
  }
  return r;
}

plain_pipeline_result run_plain_replay(
  const engine_config& cfg,
  const std::vector<std::pair<std::string, std::vector<std::string>>>& files,
  std::int64_t from_ns, std::int64_t to_ns) {
  csv_replay_state replay{files, from_ns, to_ns};
  stages st{cfg, replay.symbols()};
  plain_pipeline_result r;
  csv_replay_state::event ev;
  while (replay.next_event(ev)) {
    ++r.events;
    if (ev.is_bar) {
      st.on_bar(ev.symbol, ev.candle, r);
    } else {
      ++r.ticks;
      st.on_trade(ev.symbol, ev.trade, r);
    }
  }
  return r;
}

} // namespace tickline
