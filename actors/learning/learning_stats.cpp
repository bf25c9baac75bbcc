#include "actors/learning/learning_stats.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

double beta_posterior::variance() const {
  const double s = alpha + beta;
  return alpha * beta / (s * s * (s + 1));
}

void beta_posterior::discount(double keep) {
  keep = std::clamp(keep, 0.0, 1.0);
  // Back to the prior plus a share of the evidence on each side: the mean moves toward
  // 1/2 only as much as the evidence shrinks.
  alpha = 1 + (alpha - 1) * keep;
  beta = 1 + (beta - 1) * keep;
}

void running_mean::update(double x) {
  ++n;
  const double d = x - mean;
  mean += d / static_cast<double>(n);
  m2 += d * (x - mean);
}

double running_mean::std_error() const {
  return n > 1 ? std::sqrt(variance() / static_cast<double>(n)) : 0;
}

bool page_hinkley::update(double x) {
  seen.update(x);
  cumulative += x - seen.mean + delta;
  peak = std::max(peak, cumulative);
  if (peak - cumulative <= lambda)
    return false;
  seen = {};
  cumulative = 0;
  peak = 0;
  return true;
}

} // namespace tickline
