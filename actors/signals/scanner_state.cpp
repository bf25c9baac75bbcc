#include "actors/signals/scanner_state.hpp"

#include <algorithm>
#include <stdexcept>

#include "config/durations.hpp"

namespace tickline {

namespace {

constexpr std::int64_t ns_per_s = 1'000'000'000;

std::int64_t floor_to(std::int64_t ts_ns, std::int64_t len_ns) {
  auto q = ts_ns / len_ns;
  if (ts_ns % len_ns < 0)
    --q;
  return q * len_ns;
}

} // namespace

scanner_settings scanner_settings::from_config(const scanner_config& cfg) {
  scanner_settings s;
  for (const auto& tf : cfg.timeframes) {
    auto ns = parse_duration_ns(tf);
    if (!ns || *ns % ns_per_s != 0)
      throw std::invalid_argument("scanner.timeframes: not a whole number of seconds: " + tf);
    s.timeframes_s.push_back(*ns / ns_per_s);
  }
  for (const auto& text : cfg.indicators) {
    std::string err;
    auto spec = parse_indicator_spec(text, &err);
    if (!spec)
      throw std::invalid_argument("scanner.indicators: " + err);
    s.indicators.push_back(*spec);
  }
  return s;
}

scanner_state::scanner_state(std::string symbol, const scanner_settings& settings)
  : symbol_(std::move(symbol)) {
  frames_.reserve(settings.timeframes_s.size());
  for (auto len : settings.timeframes_s) {
    timeframe tf;
    tf.length_s = len;
    tf.indicators = indicator_set{settings.indicators};
    frames_.push_back(std::move(tf));
  }
}

void scanner_state::on_trade(const trade_tick& t, std::vector<bar>& closed) {
  if (t.trade_id > 0) {
    if (t.trade_id <= last_trade_id_) {
      ++replayed_;
      return;
    }
    last_trade_id_ = t.trade_id;
  }
  ++trades_;
  last_price_ = t.price;
  for (auto& tf : frames_) {
    auto len_ns = tf.length_s * ns_per_s;
    if (tf.open_bar && t.ts_ns >= tf.open_bar->close_ns)
      close(tf, closed);
    if (!tf.open_bar) {
      bar b;
      b.symbol = symbol_;
      b.timeframe_s = tf.length_s;
      b.open_ns = floor_to(t.ts_ns, len_ns);
      b.close_ns = b.open_ns + len_ns;
      b.open = b.high = b.low = t.price;
      tf.open_bar = std::move(b);
    } else if (t.ts_ns < tf.open_bar->open_ns && &tf == &frames_.front()) {
      ++late_;
    }
    auto& b = *tf.open_bar;
    b.high = std::max(b.high, t.price);
    b.low = std::min(b.low, t.price);
    b.close = t.price;
    b.volume += t.qty;
    b.quote_volume += t.qty * t.price;
    if (t.aggressor == side::buy)
      b.buy_volume += t.qty;
    ++b.trades;
  }
}

void scanner_state::on_bar(const bar& b, std::vector<bar>& closed) {
  if (b.close_ns > 0) {
    auto& last = last_kline_[b.timeframe_s];
    if (b.close_ns <= last) {
      ++replayed_;
      return;
    }
    last = b.close_ns;
  }
  last_price_ = b.close;
  for (auto& tf : frames_) {
    if (tf.length_s == b.timeframe_s) {
      tf.open_bar = b;
      tf.open_bar->symbol = symbol_;
      close(tf, closed);
      continue;
    }
    if (b.timeframe_s <= 0 || tf.length_s < b.timeframe_s || tf.length_s % b.timeframe_s != 0)
      continue;
    auto len_ns = tf.length_s * ns_per_s;
    if (tf.open_bar && b.open_ns >= tf.open_bar->close_ns)
      close(tf, closed);
    if (!tf.open_bar) {
      bar agg;
      agg.symbol = symbol_;
      agg.timeframe_s = tf.length_s;
      agg.open_ns = floor_to(b.open_ns, len_ns);
      agg.close_ns = agg.open_ns + len_ns;
      agg.open = b.open;
      agg.high = b.high;
      agg.low = b.low;
      tf.open_bar = std::move(agg);
    }
    auto& a = *tf.open_bar;
    a.high = std::max(a.high, b.high);
    a.low = std::min(a.low, b.low);
    a.close = b.close;
    a.volume += b.volume;
    a.quote_volume += b.quote_volume;
    a.buy_volume += b.buy_volume;
    a.trades += b.trades;
    if (b.close_ns >= a.close_ns)
      close(tf, closed);
  }
}

void scanner_state::advance(std::int64_t now_ns, std::vector<bar>& closed) {
  for (auto& tf : frames_)
    if (tf.open_bar && now_ns >= tf.open_bar->close_ns)
      close(tf, closed);
}

void scanner_state::close(timeframe& tf, std::vector<bar>& closed) {
  tf.indicators.update(*tf.open_bar);
  // Bar sinks (the order manager's trailing stops) read the regime off the bar.
  if (auto r = tf.indicators.regime())
    tf.open_bar->regime = static_cast<std::int8_t>(*r);
  tf.last_closed = std::move(tf.open_bar);
  tf.open_bar.reset();
  closed.push_back(*tf.last_closed);
}

} // namespace tickline
