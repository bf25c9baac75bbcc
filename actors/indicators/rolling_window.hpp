#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <cereal/types/vector.hpp>

namespace tickline {

/// The last n values of a stream with their mean and sum of squared deviations, kept
/// incrementally (Welford's update for a sliding window, O(1) per value) and recomputed
/// exactly once per n values so that rounding error cannot build up.
class rolling_moments {
public:
  explicit rolling_moments(int n = 1);

  /// Adds `x`; once n values are held, the oldest is dropped first and returned.
  std::optional<double> push(double x);

  /// The window length n.
  int period() const { return n_; }
  /// Values held now, at most n.
  std::size_t size() const { return count_; }
  /// True once n values are held.
  bool full() const { return count_ == ring_.size(); }
  /// Mean of the held values; 0 when empty.
  double mean() const { return count_ > 0 ? mean_ : 0.0; }
  /// Population variance (divided by size()); exactly 0 when every held value is equal.
  double pvariance() const;
  /// Sample variance (divided by size() - 1, as R's var and TTR's runSD); 0 below 2 values.
  double svariance() const;
  /// Square roots of the two variances.
  double pstdev() const;
  double sstdev() const;
  /// The value the next push() drops; meaningful only when full().
  double oldest() const { return ring_[pos_]; }
  /// True when every held value is equal (so the deviations are exactly 0).
  bool constant() const { return run_ >= count_; }
  /// The ring: its first size() entries are the held values, in no particular order.
  const std::vector<double>& values() const { return ring_; }

  /// Rebuilds from a ring written by an older snapshot (`count` values, next slot `pos`).
  void assign(std::vector<double> ring, std::size_t pos, std::size_t count);

  template <class Archive>
  void save(Archive& ar) const { ar(n_, ring_, pos_, count_, mean_, m2_, run_); }
  /// Throws (cereal::Exception) for a stored window that breaks its own shape: a corrupt
  /// snapshot is refused, not read past its ring.
  template <class Archive>
  void load(Archive& ar) {
    ar(n_, ring_, pos_, count_, mean_, m2_, run_);
    check_loaded();
  }

private:
  void recompute();
  void check_loaded() const;

  int n_;
  std::vector<double> ring_;
  std::size_t pos_ = 0;
  std::size_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;            ///< Sum of squared deviations from the mean.
  std::size_t run_ = 0;      ///< How many of the latest values equal the latest one.
};

/// The last n values of a stream, also kept sorted so that the rank of a value (how many
/// held values lie below it) and the median are exact and cost O(log n) to find. Adding a
/// value costs two binary searches plus one shift of the sorted values between the
/// dropped value and the new one (a few nanoseconds per hundred values); nothing is ever
/// re-sorted. Non-finite values are ignored, so that the order stays total.
class rolling_distribution {
public:
  explicit rolling_distribution(int n = 1);

  /// Adds `x`, dropping the oldest value once n are held. Returns how many of the values
  /// held before were below `x` (count_below(x) just before the call).
  std::size_t push(double x);

  /// Count, mean and deviations of the held values.
  const rolling_moments& moments() const { return moments_; }
  /// Values held now, at most n.
  std::size_t size() const { return moments_.size(); }
  /// Held values strictly below `x`.
  std::size_t count_below(double x) const;
  /// The share of held values strictly below `x`, in [0, 1]; 0 when empty. This is the
  /// percentile rank used by the whale detector: 1 means above every held value.
  double share_below(double x) const;
  /// The median of the held values (mean of the two middle ones for an even count);
  /// 0 when empty.
  double median() const;

  /// Rebuilds from a ring written by an older snapshot (see rolling_moments::assign).
  void assign(std::vector<double> ring, std::size_t pos, std::size_t count);

  template <class Archive>
  void save(Archive& ar) const { ar(moments_); }
  template <class Archive>
  void load(Archive& ar) {
    ar(moments_);
    rebuild();
  }

private:
  void rebuild();

  rolling_moments moments_;
  std::vector<double> sorted_;
};

} // namespace tickline
