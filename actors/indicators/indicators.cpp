#include "actors/indicators/indicators.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

// -- sma ----------------------------------------------------------------------------------

sma::sma(int n) : n_(std::max(n, 1)), ring_(static_cast<std::size_t>(n_), 0.0) {}

std::optional<double> sma::update(double x) {
  if (count_ >= ring_.size()) {
    sum_ -= ring_[pos_];
    sumsq_ -= ring_[pos_] * ring_[pos_];
  } else {
    ++count_;
  }
  ring_[pos_] = x;
  sum_ += x;
  sumsq_ += x * x;
  pos_ = (pos_ + 1) % ring_.size();
  if (pos_ == 0) {
    // Once per window, drop the rounding error the running sums have collected.
    sum_ = sumsq_ = 0;
    for (double v : ring_) {
      sum_ += v;
      sumsq_ += v * v;
    }
  }
  if (count_ < ring_.size())
    return std::nullopt;
  return sum_ / static_cast<double>(n_);
}

double sma::pstdev() const {
  if (count_ < ring_.size())
    return 0;
  double mean = sum_ / n_;
  // Two-pass over a small window is exact enough and immune to cancellation.
  double acc = 0;
  for (double v : ring_)
    acc += (v - mean) * (v - mean);
  return std::sqrt(acc / n_);
}

// -- ema ----------------------------------------------------------------------------------

ema::ema(int n, double ratio)
  : n_(std::max(n, 1)), ratio_(ratio > 0 ? ratio : 2.0 / (std::max(n, 1) + 1)) {}

std::optional<double> ema::update(double x) {
  ++count_;
  if (count_ < n_) {
    seed_sum_ += x;
    return std::nullopt;
  }
  if (count_ == n_)
    value_ = (seed_sum_ + x) / n_;
  else
    value_ += ratio_ * (x - value_);
  return value_;
}

std::optional<double> ema::value() const {
  if (count_ < n_)
    return std::nullopt;
  return value_;
}

// -- rsi ----------------------------------------------------------------------------------

rsi::rsi(int n) : up_(n, 1.0 / std::max(n, 1)), down_(n, 1.0 / std::max(n, 1)) {}

std::optional<double> rsi::update(double close) {
  if (!prev_) {
    prev_ = close;
    return std::nullopt;
  }
  double change = close - *prev_;
  prev_ = close;
  auto up = up_.update(std::max(change, 0.0));
  auto down = down_.update(std::max(-change, 0.0));
  if (!up || !down)
    return std::nullopt;
  double total = *up + *down;
  return total > 0 ? 100.0 * *up / total : 50.0;
}

// -- atr ----------------------------------------------------------------------------------

atr::atr(int n) : tr_(n, 1.0 / std::max(n, 1)) {}

std::optional<double> atr::update(double high, double low, double close) {
  if (!prev_close_) {
    prev_close_ = close;
    return std::nullopt;
  }
  double tr = std::max(high, *prev_close_) - std::min(low, *prev_close_);
  prev_close_ = close;
  return tr_.update(tr);
}

// -- vwap ---------------------------------------------------------------------------------

std::optional<double> vwap::update(double close, double volume) {
  auto pv = pv_.update(close * volume);
  auto v = v_.update(volume);
  if (!pv || !v || *v <= 0)
    return std::nullopt;
  return *pv / *v;
}

// -- bbands -------------------------------------------------------------------------------

bbands::bbands(int n, double k) : k_(k), mid_(n) {}

std::optional<bbands::bands> bbands::update(double close) {
  auto mid = mid_.update(close);
  if (!mid)
    return std::nullopt;
  double sd = mid_.pstdev();
  return bands{*mid + k_ * sd, *mid, *mid - k_ * sd};
}

// -- macd ---------------------------------------------------------------------------------

macd::macd(int fast, int slow, int signal) : fast_(fast), slow_(slow), signal_(signal) {}

std::optional<macd::lines> macd::update(double close) {
  auto f = fast_.update(close);
  auto s = slow_.update(close);
  if (!f || !s)
    return std::nullopt;
  double line = *f - *s;
  auto sig = signal_.update(line);
  if (!sig)
    return lines{line, std::nullopt, std::nullopt};
  return lines{line, *sig, line - *sig};
}

// -- volz ---------------------------------------------------------------------------------

std::optional<double> volz::update(double volume) {
  volumes_.push(volume);
  if (!volumes_.full() || volumes_.constant())
    return std::nullopt;
  return (volume - volumes_.mean()) / volumes_.sstdev();
}

// -- rv -----------------------------------------------------------------------------------

std::optional<double> rv::update(double close) {
  auto prev = prev_;
  prev_ = close;
  if (!prev || !(*prev > 0) || !(close > 0))
    return std::nullopt;
  returns_.push(std::log(close / *prev));
  if (!returns_.full())
    return std::nullopt;
  return returns_.sstdev();
}

// -- regime -------------------------------------------------------------------------------

const char* to_string(market_regime r) {
  switch (r) {
    case market_regime::trending:
      return "trending";
    case market_regime::volatile_:
      return "volatile";
    case market_regime::ranging:
      break;
  }
  return "ranging";
}

regime::regime(int n)
  : closes_(static_cast<std::size_t>(std::max(n, 1)) + 1, 0.0), atr_(n), atr_pcts_(n) {}

std::optional<market_regime> regime::update(double high, double low, double close) {
  // The last n + 1 closes and the length of the path between them.
  const std::size_t size = closes_.size();
  if (count_ > 0)
    path_ += std::fabs(close - closes_[(pos_ + size - 1) % size]);
  if (count_ == size)
    path_ -= std::fabs(closes_[(pos_ + 1) % size] - closes_[pos_]);
  else
    ++count_;
  closes_[pos_] = close;
  pos_ = (pos_ + 1) % size;
  if (pos_ == 0) {
    // Once per window, drop the rounding error the running path has collected.
    path_ = 0;
    for (std::size_t i = 1; i < count_; ++i)
      path_ += std::fabs(closes_[i] - closes_[i - 1]);
  }
  auto a = atr_.update(high, low, close);
  if (!a || !(close > 0))
    return std::nullopt;
  const double atr_pct = *a / close * 100;
  atr_pcts_.push(atr_pct);
  if (count_ < size || !atr_pcts_.moments().full())
    return std::nullopt;
  // Once full, pos_ is the slot of the oldest close.
  efficiency_ = path_ > 0 ? std::fabs(close - closes_[pos_]) / path_ : 0.0;
  if (atr_pct > volatile_ratio * atr_pcts_.median())
    return market_regime::volatile_;
  return efficiency_ >= trending_efficiency ? market_regime::trending : market_regime::ranging;
}

} // namespace tickline
