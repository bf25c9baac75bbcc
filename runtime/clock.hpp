#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace tickline {

/// The source of "now" for actors. Actor state never reads the system clock: it takes
/// timestamps from messages or from the clock its actor was given, so the same actors
/// run live (wall clock) and in backtest (simulated clock).
class clock {
public:
  virtual ~clock() = default;
  /// Nanoseconds since the Unix epoch.
  virtual std::int64_t now_ns() const = 0;
  /// True for a simulated clock that only moves when told.
  virtual bool simulated() const = 0;
};

/// The system's real-time clock.
class wall_clock final : public clock {
public:
  std::int64_t now_ns() const override;
  bool simulated() const override { return false; }
};

/// A clock that stands still until set or advanced; safe to read from any thread.
class sim_clock final : public clock {
public:
  /// Starts at `start_ns`. Default: 0.
  explicit sim_clock(std::int64_t start_ns = 0) : now_(start_ns) {}
  std::int64_t now_ns() const override { return now_.load(std::memory_order_acquire); }
  bool simulated() const override { return true; }
  /// Moves the clock to `ns`; a time earlier than now is ignored (time never runs back).
  void set_ns(std::int64_t ns);
  /// Moves the clock forward by `delta_ns` (>= 0).
  void advance_ns(std::int64_t delta_ns);

private:
  std::atomic<std::int64_t> now_;
};

using clock_ptr = std::shared_ptr<const clock>;

} // namespace tickline
