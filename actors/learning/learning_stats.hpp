#pragma once

#include <cstdint>

namespace tickline {

/// A hit rate as a Beta(alpha, beta) posterior, from a uniform Beta(1, 1) prior: each
/// hit adds 1 to alpha, each miss 1 to beta. Mean alpha / (alpha + beta); variance
/// alpha beta / ((alpha + beta)^2 (alpha + beta + 1)).
struct beta_posterior {
  double alpha = 1;
  double beta = 1;

  void update(bool hit) { (hit ? alpha : beta) += 1; }
  double mean() const { return alpha / (alpha + beta); }
  double variance() const;
  /// Outcomes seen (the prior's two pseudo-counts not counted).
  double count() const { return alpha + beta - 2; }
  /// Keeps the mean but only `keep` (0..1) of the evidence: after a drift, the past
  /// weighs less than what comes next.
  void discount(double keep);

  template <class Archive>
  void serialize(Archive& ar) {
    ar(alpha, beta);
  }
};

/// Mean and variance of a stream in one pass (Welford): n, mean, and M2 = the sum of
/// squared deviations from the running mean; variance M2 / (n - 1), standard error of
/// the mean sqrt(variance / n).
struct running_mean {
  std::uint64_t n = 0;
  double mean = 0;
  double m2 = 0;

  void update(double x);
  double variance() const { return n > 1 ? m2 / static_cast<double>(n - 1) : 0; }
  double std_error() const;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(n, mean, m2);
  }
};

/// Page-Hinkley test for a fall in the mean of a stream: with x̄_t the running mean,
/// U_t = sum_{i <= t} (x_i - x̄_i + delta) and M_t = max_{i <= t} U_i, a drift is
/// signalled when M_t - U_t > lambda; the test then starts again. `delta` is the size
/// of change tolerated per observation, `lambda` the evidence needed.
struct page_hinkley {
  double delta = 0.005;
  double lambda = 5;
  running_mean seen;
  double cumulative = 0;
  double peak = 0;

  /// Adds `x`; true when it completes a drift (the test is then reset).
  bool update(double x);

  template <class Archive>
  void serialize(Archive& ar) {
    ar(delta, lambda, seen, cumulative, peak);
  }
};

} // namespace tickline
