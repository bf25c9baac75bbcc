#include "actors/market_data/synthetic_market_state.hpp"
#include "messages/decode_limit.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <cereal/archives/binary.hpp>
#include <cereal/archives/portable_binary.hpp>

namespace tickline {

namespace {

// Distributions written out here because libstdc++'s carry hidden state (a cached
// second normal) that a snapshot would miss, and their output may differ across
// standard libraries. These are pure functions of the generator.
double uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

double standard_normal(std::mt19937_64& rng) {
  double u1 = uniform01(rng);
  double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * M_PI * u2);
}

double exponential(std::mt19937_64& rng, double rate) {
  return -std::log1p(-uniform01(rng)) / rate;
}

constexpr double ns_per_s = 1e9;
constexpr double mean_notional = 1000;  // of an ordinary trade

// The period of the gap grid.
std::int64_t slice_ns(const feed_config& cfg) {
  return std::max<std::int64_t>(cfg.slice_ms, 1) * 1'000'000;
}

} // namespace

synthetic_market_state::synthetic_market_state(const feed_config& cfg,
                                               std::vector<std::string> symbols,
                                               std::int64_t start_ns,
                                               std::size_t first_index)
  : cfg_(cfg), symbols_(std::move(symbols)), cursor_ns_(start_ns) {
  walks_.resize(symbols_.size());
  for (std::size_t k = 0; k < walks_.size(); ++k) {
    auto& w = walks_[k];
    auto i = first_index + k;
    std::seed_seq seq{static_cast<std::uint32_t>(cfg.seed), static_cast<std::uint32_t>(cfg.seed >> 32),
                      static_cast<std::uint32_t>(i)};
    w.rng.seed(seq);
    // Spread the symbols over a range of price levels.
    w.log_price = std::log(cfg.start_price * (1.0 + 0.5 * static_cast<double>(i)));
    w.next_ns = start_ns + static_cast<std::int64_t>(exponential(w.rng, cfg.ticks_per_second) * ns_per_s);
    w.next_slice_ns = start_ns + slice_ns(cfg);
  }
}

double synthetic_market_state::price(std::size_t i) const {
  return std::exp(walks_.at(i).log_price);
}

std::size_t synthetic_market_state::generate_until(std::int64_t to_ns,
                                                   std::vector<std::vector<trade_tick>>& out) {
  out.resize(symbols_.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < walks_.size(); ++i) {
    out[i].clear();
    while (walks_[i].next_ns < to_ns) {
      out[i].push_back(next_trade(i));
      ++n;
    }
  }
  if (to_ns > cursor_ns_)
    cursor_ns_ = to_ns;
  return n;
}

void synthetic_market_state::fast_forward(std::int64_t to_ns) {
  if (to_ns <= cursor_ns_)
    return;
  const auto slice = slice_ns(cfg_);
  for (auto& w : walks_) {
    if (w.next_ns < to_ns)
      w.next_ns = to_ns + static_cast<std::int64_t>(exponential(w.rng, cfg_.ticks_per_second) * ns_per_s);
    // The skipped span has no trades, so no gaps either: the grid resumes after it.
    if (w.next_slice_ns <= to_ns)
      w.next_slice_ns += ((to_ns - w.next_slice_ns) / slice + 1) * slice;
  }
  cursor_ns_ = to_ns;
}

void synthetic_market_state::cross_slices(walk& w) {
  // One draw per grid boundary before this trade: a gap falls between two trades.
  while (w.next_ns >= w.next_slice_ns) {
    if (cfg_.gap_probability > 0 && uniform01(w.rng) < cfg_.gap_probability) {
      w.log_price += cfg_.gap_sigma * standard_normal(w.rng);
      ++gaps_;
    }
    w.next_slice_ns += slice_ns(cfg_);
  }
}

trade_tick synthetic_market_state::next_trade(std::size_t i) {
  auto& w = walks_[i];
  cross_slices(w);
  if (uniform01(w.rng) < cfg_.regime_switch_probability) {
    auto next = static_cast<regime>((static_cast<int>(w.reg) + 1 + (w.rng() % 2)) % 3);
    w.reg = next;
    w.drift = next == regime::trending
                ? (uniform01(w.rng) < 0.5 ? -1.0 : 1.0) * 0.2 * cfg_.volatility
                : 0.0;
  }
  double sigma = cfg_.volatility * (w.reg == regime::volatile_ ? 4.0 : 1.0);
  w.log_price += w.drift + sigma * standard_normal(w.rng);

  trade_tick t;
  t.symbol = symbols_[i];
  t.price = std::exp(w.log_price);
  // Sizes around a notional of 1,000, log-normal with mean 1 (exp(0.6 Z - 0.6^2 / 2));
  // a whale is many times larger.
  t.qty = (mean_notional / t.price) * std::exp(0.6 * standard_normal(w.rng) - 0.18);
  if (w.burst_left == 0 && cfg_.burst_probability > 0
      && uniform01(w.rng) < cfg_.burst_probability) {
    w.burst_left = cfg_.burst_length;
    w.burst_side = uniform01(w.rng) < 0.5 ? side::buy : side::sell;
    ++bursts_;
  }
  if (w.burst_left > 0) {
    --w.burst_left;
    t.qty = cfg_.whale_multiplier * mean_notional / t.price;
    t.aggressor = w.burst_side;
  } else {
    if (uniform01(w.rng) < cfg_.whale_probability) {
      t.qty *= cfg_.whale_multiplier;
      ++whales_;
    }
    double buy_bias = w.drift > 0 ? 0.6 : (w.drift < 0 ? 0.4 : 0.5);
    t.aggressor = uniform01(w.rng) < buy_bias ? side::buy : side::sell;
  }
  t.trade_id = ++w.trade_id;
  t.ts_ns = w.next_ns;
  w.next_ns += 1 + static_cast<std::int64_t>(exponential(w.rng, cfg_.ticks_per_second) * ns_per_s);
  return t;
}

template <class Archive>
void synthetic_market_state::walk::save(Archive& ar) const {
  std::ostringstream os;
  os << rng;
  ar(os.str(), log_price, reg, drift, next_ns, trade_id);
}

template <class Archive>
void synthetic_market_state::walk::load(Archive& ar) {
  std::string engine;
  ar(engine, log_price, reg, drift, next_ns, trade_id);
  std::istringstream is(engine);
  is >> rng;
}

template <class Archive>
void synthetic_market_state::serialize(Archive& ar, std::uint32_t version) {
  ar(cfg_.seed, cfg_.ticks_per_second, cfg_.volatility, cfg_.regime_switch_probability,
     cfg_.whale_probability, cfg_.whale_multiplier, symbols_, walks_, cursor_ns_, whales_);
  if (version >= 2) {
    ar(cfg_.slice_ms, cfg_.gap_probability, cfg_.gap_sigma, cfg_.burst_probability,
       cfg_.burst_length, gaps_, bursts_);
    for (auto& w : walks_)
      ar(w.next_slice_ns, w.burst_left, w.burst_side);
  } else {
    // Version 1 had neither gaps nor bursts: the configured ones start, on a grid from the
    // restored cursor.
    for (auto& w : walks_)
      w.next_slice_ns = cursor_ns_ + slice_ns(cfg_);
  }
}

// Snapshots use the binary archives; instantiate for them here.
template void synthetic_market_state::serialize(cereal::BinaryOutputArchive&, std::uint32_t);
template void synthetic_market_state::serialize(cereal::BinaryInputArchive&, std::uint32_t);
template void synthetic_market_state::serialize(cereal::PortableBinaryOutputArchive&, std::uint32_t);
template void synthetic_market_state::serialize(cereal::PortableBinaryInputArchive&, std::uint32_t);

} // namespace tickline
