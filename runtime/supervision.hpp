#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace tickline {

// The decision logic of a supervisor, after Erlang/OTP's `supervisor`, kept apart from
// the actor so that it can be tested without an actor system. Times are nanoseconds.

/// When a child is restarted (OTP restart types).
enum class restart_type : std::uint8_t {
  permanent,  ///< Always restarted.
  transient,  ///< Restarted only after an abnormal exit.
  temporary,  ///< Never restarted; removed from the supervisor when it exits.
};

/// Which children are restarted when one exits (OTP strategies).
enum class restart_strategy : std::uint8_t {
  one_for_one,   ///< Only the child that exited.
  one_for_all,   ///< Every child: the others are stopped first.
  rest_for_one,  ///< The child and every child started after it.
};

std::string to_string(restart_type x);
std::string to_string(restart_strategy x);
/// Parses "one_for_one", "one_for_all" or "rest_for_one".
std::optional<restart_strategy> parse_strategy(const std::string& text);

/// A supervisor's restart policy.
struct supervisor_flags {
  restart_strategy strategy = restart_strategy::one_for_one;
  int intensity = 1;                          ///< Max restarts within `period_ns` (OTP: 1).
  std::int64_t period_ns = 5'000'000'000;     ///< OTP default: 5 s.
  std::int64_t backoff_min_ns = 0;            ///< First restart delay; 0 = immediate.
  std::int64_t backoff_max_ns = 0;            ///< Cap of the exponential delay.

  /// From the config section of one subtree.
  static supervisor_flags from_config(const restart_policy_config& cfg);
};

/// True when a child of type `t` that exited (abnormally or not) must be restarted.
bool should_restart(restart_type t, bool abnormal);

/// The children to stop and restart, in start order, when the child at `failed` (an
/// index in start order among `count` children) exits and must be restarted.
std::vector<std::size_t> affected_children(restart_strategy s, std::size_t failed,
                                           std::size_t count);

/// Counts restarts in a sliding window: more than `intensity` restarts within `period`
/// means the supervisor gives up (OTP's MaxR/MaxT).
class restart_intensity {
public:
  explicit restart_intensity(int intensity = 1, std::int64_t period_ns = 5'000'000'000)
    : intensity_(intensity), period_ns_(period_ns) {}

  /// Records a restart at `now_ns`; returns false when it exceeds the limit (escalate).
  bool record(std::int64_t now_ns);
  /// Restarts inside the window as of the last record().
  std::size_t recent() const { return times_.size(); }

private:
  int intensity_;
  std::int64_t period_ns_;
  std::deque<std::int64_t> times_;
};

/// Delay before the `attempt`-th consecutive restart (1-based): min * 2^(attempt-1), capped
/// at max, then "equal jitter": a uniform draw in [delay/2, delay] from `random01` in
/// [0,1). Always within [min/2, max]; 0 when backoff is off.
std::int64_t backoff_delay_ns(const supervisor_flags& f, int attempt, double random01);

} // namespace tickline
