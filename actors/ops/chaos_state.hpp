#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

namespace tickline {

/// Chaos mode's choices: when the next crash comes (Poisson arrivals at `rate` per
/// second) and which of n candidates it hits. The same seed gives the same sequence.
class chaos_state {
public:
  chaos_state(double rate, std::uint64_t seed);

  /// Nanoseconds until the next crash.
  std::int64_t next_delay_ns();
  /// An index in [0, n); n must be > 0.
  std::size_t pick(std::size_t n);
  std::uint64_t crashes() const { return crashes_; }

private:
  double rate_;
  std::mt19937_64 rng_;
  std::uint64_t crashes_ = 0;
};

} // namespace tickline
