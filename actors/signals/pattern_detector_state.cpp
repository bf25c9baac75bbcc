#include "actors/signals/pattern_detector_state.hpp"

#include <algorithm>
#include <cmath>

#include "actors/signals/signal_builder.hpp"
#include "actors/signals/threshold_check.hpp"

namespace tickline {

namespace {

void push(std::deque<double>& xs, double x, std::size_t cap) {
  xs.push_back(x);
  while (xs.size() > cap)
    xs.pop_front();
}

} // namespace

pattern_detector_state::pattern_detector_state(pattern_detector_config cfg, std::string symbol,
                                               std::string source)
  : cfg_(std::move(cfg)),
    thresholds_{cfg_.volume_z, cfg_.squeeze_quantile},
    symbol_(std::move(symbol)),
    source_(std::move(source)),
    fast_(cfg_.ema_fast),
    slow_(cfg_.ema_slow),
    bands_(cfg_.squeeze_period, 2.0),
    rsi_(cfg_.rsi_period) {}

signal pattern_detector_state::make(const bar& b, const char* name, direction dir,
                                    double strength, std::map<std::string, double> features) const {
  return bar_signal(signal_kind::pattern, name, symbol_, source_, b, dir, strength,
                    std::move(features));
}

bool pattern_detector_state::set_thresholds(const pattern_thresholds& t, std::string* error) {
  if (!threshold_in_range(t.volume_z, "volume_z", 0, HUGE_VAL, false, error)
      || !threshold_in_range(t.squeeze_quantile, "squeeze_quantile", 0, 0.999, false, error))
    return false;
  thresholds_ = t;
  return true;
}

std::vector<signal> pattern_detector_state::on_bar(const bar& b) {
  std::vector<signal> out;
  // A bar without a time (close_ns 0) carries no sequence and is never taken for one.
  if (b.close_ns > 0) {
    if (b.close_ns <= last_close_ns_) {
      ++replayed_;
      return out;
    }
    last_close_ns_ = b.close_ns;
  }
  ++bars_;
  // EMA crossover: the sign of fast - slow flips.
  auto f = fast_.update(b.close);
  auto s = slow_.update(b.close);
  if (f && s) {
    double diff = *f - *s;
    if (has_prev_diff_ && (prev_diff_ <= 0) != (diff <= 0) && diff != 0) {
      double rel = std::fabs(diff) / *s;
      out.push_back(make(b, "ema_cross", diff > 0 ? direction::long_ : direction::short_,
                         rel * 1000, {{"ema_fast", *f}, {"ema_slow", *s}, {"gap_pct", rel * 100}}));
    }
    prev_diff_ = diff;
    has_prev_diff_ = true;
  }
  // Breakout of the previous range.
  auto n = static_cast<std::size_t>(cfg_.breakout_lookback);
  if (highs_.size() == n) {
    double hi = *std::max_element(highs_.begin(), highs_.end());
    double lo = *std::min_element(lows_.begin(), lows_.end());
    double range = hi - lo;
    if (range > 0 && b.close > hi)
      out.push_back(make(b, "breakout", direction::long_, (b.close - hi) / range * 4,
                         {{"range_high", hi}, {"range_low", lo}, {"close", b.close}}));
    else if (range > 0 && b.close < lo)
      out.push_back(make(b, "breakout", direction::short_, (lo - b.close) / range * 4,
                         {{"range_high", hi}, {"range_low", lo}, {"close", b.close}}));
  }
  // Volume spike against the previous bars.
  auto vn = static_cast<std::size_t>(cfg_.volume_window);
  if (volumes_.size() == vn) {
    double mean = 0, var = 0;
    for (double v : volumes_)
      mean += v;
    mean /= static_cast<double>(vn);
    for (double v : volumes_)
      var += (v - mean) * (v - mean);
    double sd = std::sqrt(var / static_cast<double>(vn));
    double z = sd > 0 ? (b.volume - mean) / sd : 0;
    if (z >= thresholds_.volume_z)
      out.push_back(make(b, "volume_spike", b.close >= b.open ? direction::long_ : direction::short_,
                         1 - thresholds_.volume_z / z, {{"volume", b.volume}, {"mean_volume", mean}, {"z_score", z}}));
  }
  // Bollinger squeeze, then its release: the previous bar was in a squeeze and this close
  // leaves that bar's bands (a close can hardly leave bands computed with itself).
  if (prev_squeeze_ && (b.close > prev_upper_ || b.close < prev_lower_)) {
    bool up = b.close > prev_upper_;
    double width = prev_upper_ - prev_lower_;
    double beyond = up ? b.close - prev_upper_ : prev_lower_ - b.close;
    out.push_back(make(b, "squeeze_release", up ? direction::long_ : direction::short_,
                       width > 0 ? beyond / width : 1,
                       {{"bb_upper", prev_upper_}, {"bb_lower", prev_lower_}, {"close", b.close}}));
  }
  prev_squeeze_ = false;
  if (auto band = bands_.update(b.close)) {
    double width = band->mid != 0 ? (band->upper - band->lower) / band->mid : 0;
    auto m = static_cast<std::size_t>(cfg_.squeeze_lookback);
    if (widths_.size() == m) {
      auto below = std::count_if(widths_.begin(), widths_.end(), [&](double w) { return w < width; });
      prev_squeeze_ = static_cast<double>(below) / static_cast<double>(m) < thresholds_.squeeze_quantile;
    }
    push(widths_, width, m);
    prev_upper_ = band->upper;
    prev_lower_ = band->lower;
  }
  // RSI divergence: a new extreme close the RSI does not confirm.
  auto r = rsi_.update(b.close);
  auto dn = static_cast<std::size_t>(cfg_.divergence_lookback);
  if (r && rsis_.size() == dn) {
    auto hi = std::max_element(closes_.begin(), closes_.end());
    auto lo = std::min_element(closes_.begin(), closes_.end());
    double rsi_at_hi = rsis_[static_cast<std::size_t>(hi - closes_.begin())];
    double rsi_at_lo = rsis_[static_cast<std::size_t>(lo - closes_.begin())];
    if (b.close > *hi && *r < rsi_at_hi)
      out.push_back(make(b, "rsi_divergence", direction::short_, (rsi_at_hi - *r) / 20,
                         {{"rsi", *r}, {"rsi_at_previous_high", rsi_at_hi}, {"previous_high", *hi}}));
    else if (b.close < *lo && *r > rsi_at_lo)
      out.push_back(make(b, "rsi_divergence", direction::long_, (*r - rsi_at_lo) / 20,
                         {{"rsi", *r}, {"rsi_at_previous_low", rsi_at_lo}, {"previous_low", *lo}}));
  }
  push(highs_, b.high, n);
  push(lows_, b.low, n);
  push(volumes_, b.volume, vn);
  if (r) {
    push(closes_, b.close, dn);
    push(rsis_, *r, dn);
  }
  return out;
}

} // namespace tickline
