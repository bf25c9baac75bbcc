#include "actors/indicators/rolling_window.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <cereal/details/helpers.hpp>

namespace tickline {

// -- rolling_moments ----------------------------------------------------------------------

rolling_moments::rolling_moments(int n)
  : n_(std::max(n, 1)), ring_(static_cast<std::size_t>(n_), 0.0) {}

std::optional<double> rolling_moments::push(double x) {
  const std::size_t n = ring_.size();
  if (count_ > 0 && x == ring_[pos_ == 0 ? n - 1 : pos_ - 1])
    run_ = std::min(run_ + 1, n);
  else
    run_ = 1;
  std::optional<double> dropped;
  if (count_ == n) {
    // Slide: replace the oldest value y by x.
    const double y = ring_[pos_];
    const double old_mean = mean_;
    mean_ += (x - y) / static_cast<double>(n);
    m2_ += (x - y) * (x - mean_ + y - old_mean);
    dropped = y;
  } else {
    ++count_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(count_);
    m2_ += d * (x - mean_);
  }
  ring_[pos_] = x;
  if (++pos_ == n) {
    pos_ = 0;
    recompute();  // once per window: O(1) amortized
  }
  return dropped;
}

void rolling_moments::recompute() {
  double sum = 0;
  for (std::size_t i = 0; i < count_; ++i)
    sum += ring_[i];
  mean_ = count_ > 0 ? sum / static_cast<double>(count_) : 0.0;
  double m2 = 0;
  for (std::size_t i = 0; i < count_; ++i)
    m2 += (ring_[i] - mean_) * (ring_[i] - mean_);
  m2_ = m2;
}

double rolling_moments::pvariance() const {
  if (count_ < 2 || constant())
    return 0;
  return std::max(m2_, 0.0) / static_cast<double>(count_);
}

double rolling_moments::svariance() const {
  if (count_ < 2 || constant())
    return 0;
  return std::max(m2_, 0.0) / static_cast<double>(count_ - 1);
}

double rolling_moments::pstdev() const { return std::sqrt(pvariance()); }

double rolling_moments::sstdev() const { return std::sqrt(svariance()); }

void rolling_moments::assign(std::vector<double> ring, std::size_t pos, std::size_t count) {
  n_ = static_cast<int>(std::max<std::size_t>(ring.size(), 1));
  ring_ = std::move(ring);
  ring_.resize(static_cast<std::size_t>(n_));
  count_ = std::min(count, ring_.size());
  pos_ = pos % ring_.size();
  // The order of the values is lost in an old ring: count equal values from any one.
  run_ = 1;
  for (std::size_t i = 1; i < count_; ++i)
    run_ += ring_[i] == ring_[0] ? 1 : 0;
  if (run_ < count_)
    run_ = 1;
  recompute();
}

void rolling_moments::check_loaded() const {
  if (n_ < 1 || ring_.size() != static_cast<std::size_t>(n_) || pos_ >= ring_.size()
      || count_ > ring_.size() || run_ > ring_.size() || !std::isfinite(mean_) || !std::isfinite(m2_))
    throw cereal::Exception("rolling window of " + std::to_string(n_) + " with " +
                            std::to_string(ring_.size()) + " slots, " + std::to_string(count_) +
                            " held at " + std::to_string(pos_) + ": not a window");
}

// -- rolling_distribution -----------------------------------------------------------------

rolling_distribution::rolling_distribution(int n) : moments_(n) {}

namespace {

// std::lower_bound without branches on the data (the comparisons become conditional
// moves): the index of the first value not below `x`.
std::size_t lower_index(const std::vector<double>& v, double x) {
  std::size_t n = v.size();
  if (n == 0)
    return 0;
  const double* base = v.data();
  while (n > 1) {
    const std::size_t half = n / 2;
    base = base[half] < x ? base + half : base;
    n -= half;
  }
  return static_cast<std::size_t>(base - v.data()) + (*base < x ? 1 : 0);
}

// lower_index for two values at once: the two searches take the same steps, and running
// them side by side overlaps their memory latencies.
std::pair<std::size_t, std::size_t> lower_indices(const std::vector<double>& v, double x,
                                                  double y) {
  std::size_t n = v.size();
  const double* bx = v.data();
  const double* by = v.data();
  while (n > 1) {
    const std::size_t half = n / 2;
    bx = bx[half] < x ? bx + half : bx;
    by = by[half] < y ? by + half : by;
    n -= half;
  }
  return {static_cast<std::size_t>(bx - v.data()) + (*bx < x ? 1 : 0),
          static_cast<std::size_t>(by - v.data()) + (*by < y ? 1 : 0)};
}

} // namespace

std::size_t rolling_distribution::push(double x) {
  if (!std::isfinite(x))
    return 0;
  if (!moments_.full() || sorted_.empty()) {
    // Filling up: take the room for the whole window at once, not by doubling.
    if (sorted_.capacity() < static_cast<std::size_t>(moments_.period()))
      sorted_.reserve(static_cast<std::size_t>(moments_.period()));
    const std::size_t rank = lower_index(sorted_, x);
    moments_.push(x);
    sorted_.insert(sorted_.begin() + static_cast<long>(rank), x);
    return rank;
  }
  // Remove the oldest value and insert x with one shift of the values between them.
  const auto [rank, gone] = lower_indices(sorted_, x, moments_.oldest());
  moments_.push(x);
  double* v = sorted_.data();
  if (gone < rank) {
    std::copy(v + gone + 1, v + rank, v + gone);
    v[rank - 1] = x;
  } else {
    std::copy_backward(v + rank, v + gone, v + gone + 1);
    v[rank] = x;
  }
  return rank;
}

std::size_t rolling_distribution::count_below(double x) const { return lower_index(sorted_, x); }

double rolling_distribution::share_below(double x) const {
  if (sorted_.empty())
    return 0;
  return static_cast<double>(count_below(x)) / static_cast<double>(sorted_.size());
}

double rolling_distribution::median() const {
  const auto n = sorted_.size();
  if (n == 0)
    return 0;
  return n % 2 == 1 ? sorted_[n / 2] : (sorted_[n / 2 - 1] + sorted_[n / 2]) / 2;
}

void rolling_distribution::assign(std::vector<double> ring, std::size_t pos, std::size_t count) {
  moments_.assign(std::move(ring), pos, count);
  rebuild();
}

void rolling_distribution::rebuild() {
  const auto& ring = moments_.values();
  sorted_.assign(ring.begin(), ring.begin() + static_cast<long>(moments_.size()));
  std::sort(sorted_.begin(), sorted_.end());
  sorted_.reserve(static_cast<std::size_t>(moments_.period()));
}

} // namespace tickline
