#include "actors/ops/chaos_state.hpp"

#include <cmath>

namespace tickline {

chaos_state::chaos_state(double rate, std::uint64_t seed) : rate_(rate > 0 ? rate : 1), rng_(seed) {}

std::int64_t chaos_state::next_delay_ns() {
  double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
  return static_cast<std::int64_t>(-std::log1p(-u) / rate_ * 1e9) + 1;
}

std::size_t chaos_state::pick(std::size_t n) {
  ++crashes_;
  return static_cast<std::size_t>(rng_() % n);
}

} // namespace tickline
