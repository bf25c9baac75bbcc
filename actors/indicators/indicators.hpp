#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "actors/indicators/rolling_window.hpp"

namespace tickline {

// Incremental indicators, one value in per update, following the definitions of the R
// package TTR: EMA seeded with the SMA of its first n inputs, Wilder smoothing as an EMA
// with ratio 1/n, population standard deviation. Each returns nullopt during warm-up.

/// Simple moving average over the last n inputs.
class sma {
public:
  explicit sma(int n = 1);
  std::optional<double> update(double x);
  int period() const { return n_; }
  template <class Archive>
  void serialize(Archive& ar) { ar(n_, ring_, pos_, count_, sum_, sumsq_); }
  /// Population standard deviation of the window; valid once the window is full.
  double pstdev() const;

private:
  int n_;
  std::vector<double> ring_;
  std::size_t pos_ = 0;
  std::size_t count_ = 0;
  double sum_ = 0;
  double sumsq_ = 0;
};

/// Exponential moving average with ratio `ratio` (default 2/(n+1)), seeded with the SMA of
/// the first n inputs.
class ema {
public:
  explicit ema(int n = 1, double ratio = 0);
  std::optional<double> update(double x);
  std::optional<double> value() const;
  template <class Archive>
  void serialize(Archive& ar) { ar(n_, ratio_, count_, seed_sum_, value_); }

private:
  int n_;
  double ratio_;
  std::int64_t count_ = 0;
  double seed_sum_ = 0;
  double value_ = 0;
};

/// Relative strength index with Wilder smoothing of gains and losses (TTR::RSI).
/// When price did not move at all over the window the value is 50.
class rsi {
public:
  explicit rsi(int n = 14);
  std::optional<double> update(double close);
  template <class Archive>
  void serialize(Archive& ar) { ar(prev_, up_, down_); }

private:
  std::optional<double> prev_;
  ema up_;
  ema down_;
};

/// Average true range with Wilder smoothing (TTR::ATR); the first bar only sets the
/// previous close.
class atr {
public:
  explicit atr(int n = 14);
  std::optional<double> update(double high, double low, double close);
  template <class Archive>
  void serialize(Archive& ar) { ar(prev_close_, tr_); }

private:
  std::optional<double> prev_close_;
  ema tr_;
};

/// Volume-weighted average price over the last n bars: sum(close * volume) / sum(volume)
/// (TTR::VWAP); nullopt while warming up or when the window traded nothing.
class vwap {
public:
  explicit vwap(int n = 20) : pv_(n), v_(n) {}
  std::optional<double> update(double close, double volume);
  template <class Archive>
  void serialize(Archive& ar) { ar(pv_, v_); }

private:
  sma pv_;  // means of the window: their ratio is the ratio of the sums
  sma v_;
};

/// Bollinger bands on closes: SMA ± k population standard deviations (TTR::BBands).
class bbands {
public:
  struct bands { double upper, mid, lower; };
  explicit bbands(int n = 20, double k = 2);
  std::optional<bands> update(double close);
  template <class Archive>
  void serialize(Archive& ar) { ar(k_, mid_); }

private:
  double k_;
  sma mid_;
};

/// MACD line (EMA fast − EMA slow), its signal EMA and the histogram (TTR::MACD with
/// percent = FALSE). The line is there once the slow EMA is; signal and histogram follow
/// `signal` values later.
class macd {
public:
  struct lines {
    double macd;
    std::optional<double> signal;
    std::optional<double> hist;
  };
  macd(int fast = 12, int slow = 26, int signal = 9);
  std::optional<lines> update(double close);
  template <class Archive>
  void serialize(Archive& ar) { ar(fast_, slow_, signal_); }

private:
  ema fast_;
  ema slow_;
  ema signal_;
};

/// Rolling volume z-score: (volume - mean) / sd over the last n volumes, the current one
/// included, with the sample standard deviation (n - 1 in the denominator, TTR::runSD's
/// default). nullopt while warming up and when the n volumes are all equal (sd 0).
class volz {
public:
  explicit volz(int n = 20) : volumes_(n) {}
  /// Adds the volume of a closed bar; returns its z-score against the last n.
  std::optional<double> update(double volume);
  template <class Archive>
  void serialize(Archive& ar) { ar(volumes_); }

private:
  rolling_moments volumes_;
};

/// Realized volatility: the sample standard deviation of the last n close-to-close log
/// returns, not annualized. Equals TTR's runSD(ROC(close, 1), n), and so
/// TTR::volatility(close, n = n + 1, calc = "close", N = 1) (which takes sqrt(N) times the
/// runSD of n - 1 returns). The first value comes with the (n+1)-th close.
class rv {
public:
  explicit rv(int n = 20) : returns_(n) {}
  /// Adds the close of a bar; returns the deviation of the last n log returns.
  std::optional<double> update(double close);
  template <class Archive>
  void serialize(Archive& ar) { ar(prev_, returns_); }

private:
  std::optional<double> prev_;
  rolling_moments returns_;
};

/// The state of a market over the last bars, as `regime` classifies it.
enum class market_regime : std::uint8_t { ranging, trending, volatile_ };

/// "ranging", "trending" or "volatile".
const char* to_string(market_regime r);

/// Market regime over the last n bars (see docs/indicators.md), checked in this order:
/// - volatile: ATR(n) as a percentage of the close is above `volatile_ratio` times the
///   median of its last n values (the current one included): ranges have expanded;
/// - trending: Kaufman's efficiency ratio |close - close n bars ago| / (sum of the n
///   absolute close-to-close changes) is at least `trending_efficiency`;
/// - ranging: otherwise (also when prices did not move at all).
/// The first value comes with the 2n-th bar.
class regime {
public:
  /// Efficiency ratio from which a market trends (Kaufman's ER is 1 for a straight line
  /// and about 1/sqrt(n) for a random walk).
  static constexpr double trending_efficiency = 0.3;
  /// ATR % over its rolling median from which a market is volatile.
  static constexpr double volatile_ratio = 1.2;

  explicit regime(int n = 20);
  /// Adds a closed bar; returns the regime once 2n bars have been seen.
  std::optional<market_regime> update(double high, double low, double close);
  /// The latest efficiency ratio, 0 while warming up.
  double efficiency() const { return efficiency_; }
  template <class Archive>
  void serialize(Archive& ar) { ar(closes_, pos_, count_, path_, efficiency_, atr_, atr_pcts_); }

private:
  std::vector<double> closes_;  // ring of the last n + 1 closes
  std::size_t pos_ = 0;
  std::size_t count_ = 0;
  double path_ = 0;             // sum of |change| between the held closes
  double efficiency_ = 0;
  atr atr_;
  rolling_distribution atr_pcts_;
};

} // namespace tickline
