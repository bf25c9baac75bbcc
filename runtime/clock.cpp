#include "runtime/clock.hpp"

#include <chrono>

namespace tickline {

std::int64_t wall_clock::now_ns() const {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

void sim_clock::set_ns(std::int64_t ns) {
  auto cur = now_.load(std::memory_order_relaxed);
  while (ns > cur && !now_.compare_exchange_weak(cur, ns, std::memory_order_acq_rel)) {
  }
}

void sim_clock::advance_ns(std::int64_t delta_ns) {
  if (delta_ns > 0)
    now_.fetch_add(delta_ns, std::memory_order_acq_rel);
}

} // namespace tickline
