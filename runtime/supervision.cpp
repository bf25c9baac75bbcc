#include "runtime/supervision.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

std::string to_string(restart_type x) {
  switch (x) {
    case restart_type::permanent: return "permanent";
    case restart_type::transient: return "transient";
    case restart_type::temporary: return "temporary";
  }
  return "unknown";
}

std::string to_string(restart_strategy x) {
  switch (x) {
    case restart_strategy::one_for_one: return "one_for_one";
    case restart_strategy::one_for_all: return "one_for_all";
    case restart_strategy::rest_for_one: return "rest_for_one";
  }
  return "unknown";
}

std::optional<restart_strategy> parse_strategy(const std::string& text) {
  for (auto s : {restart_strategy::one_for_one, restart_strategy::one_for_all,
                 restart_strategy::rest_for_one})
    if (to_string(s) == text)
      return s;
  return std::nullopt;
}

supervisor_flags supervisor_flags::from_config(const restart_policy_config& cfg) {
  supervisor_flags f;
  f.strategy = parse_strategy(cfg.strategy).value_or(restart_strategy::one_for_one);
  f.intensity = cfg.intensity;
  f.period_ns = std::llround(cfg.period_s * 1e9);
  f.backoff_min_ns = cfg.backoff_min_ms * 1'000'000;
  f.backoff_max_ns = cfg.backoff_max_ms * 1'000'000;
  return f;
}

bool should_restart(restart_type t, bool abnormal) {
  switch (t) {
    case restart_type::permanent: return true;
    case restart_type::transient: return abnormal;
    case restart_type::temporary: return false;
  }
  return false;
}

std::vector<std::size_t> affected_children(restart_strategy s, std::size_t failed,
                                           std::size_t count) {
  std::vector<std::size_t> out;
  std::size_t first = s == restart_strategy::one_for_all ? 0 : failed;
  std::size_t last = s == restart_strategy::one_for_one ? failed + 1 : count;
  for (auto i = first; i < last && i < count; ++i)
    out.push_back(i);
  return out;
}

bool restart_intensity::record(std::int64_t now_ns) {
  times_.push_back(now_ns);
  // OTP keeps restarts with now - t < period: a restart exactly one period ago has left.
  while (!times_.empty() && now_ns - times_.front() >= period_ns_)
    times_.pop_front();
  return static_cast<int>(times_.size()) <= intensity_;
}

std::int64_t backoff_delay_ns(const supervisor_flags& f, int attempt, double random01) {
  if (f.backoff_min_ns <= 0 || attempt <= 0)
    return 0;
  auto cap = std::max(f.backoff_max_ns, f.backoff_min_ns);
  double delay = static_cast<double>(f.backoff_min_ns) * std::pow(2.0, std::min(attempt - 1, 62));
  delay = std::min(delay, static_cast<double>(cap));
  double jittered = delay / 2 + (delay / 2) * std::clamp(random01, 0.0, 1.0);
  return static_cast<std::int64_t>(jittered);
}

} // namespace tickline
