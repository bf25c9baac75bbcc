#include "runtime/system_config.hpp"

#include <chrono>
#include <thread>

#include <caf/message.hpp>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"

#if defined(__SANITIZE_THREAD__)
#define TICKLINE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TICKLINE_TSAN 1
#endif
#endif

namespace tickline {

int resolve_threads(int configured) {
  if (configured > 0)
    return configured;
  auto hw = static_cast<int>(std::thread::hardware_concurrency());
  return hw > 0 ? hw : 1;
}

node_system_config::node_system_config(int threads) : threads_(resolve_threads(threads)) {
  add_message_types<caf::id_block::tickline>();
  add_error_category(error_category, [](std::uint8_t code, caf::atom_value,
                                        const caf::message& context) {
    std::string out = "tickline: " + to_string(static_cast<errc>(code));
    if (context.match_elements<std::string>())
      out += " (" + context.get_as<std::string>(0) + ")";
    return out;
  });
  set("scheduler.max-threads", static_cast<size_t>(threads_));
  // An idle worker sleeps on its own queue and steals from busy ones only when its wait
  // times out: CAF's 10 ms default shows up as 10 ms of tick-to-signal latency whenever
  // one worker is busy and the other sleeps. 200 us keeps the tail short for about 5,000
  // wake-ups per second per idle worker.
  set("work-stealing.relaxed-sleep-duration", caf::timespan{std::chrono::microseconds{200}});
  // Before that wait, a worker that ran out of work polls its queue 500 times; CAF naps
  // 50 us between polls (about 110 us on this VM's timers), so a message arriving then
  // waits for the nap to end. Polling without naps, then sleeping on the condition
  // variable that an enqueue signals, took signal -> order accepted from p99 150 us to
  // 80 us and tick -> signal p50 from 146 to 124 us, for about the same CPU time
  // (tickline-bench trading and latency, docs/trading.md).
  set("work-stealing.moderate-sleep-duration", caf::timespan{0});
  // Our own logging is spdlog; CAF's would only print to the console.
  set("logger.console", caf::atom("none"));
#if TICKLINE_TSAN
  // Under ThreadSanitizer: Debian's libcaf_core is not instrumented, so the atomics with
  // which work stealing hands an actor from one worker to the next are invisible to it,
  // and every handler would race with the one before it. The sharing policy hands jobs
  // over through a mutex, which TSan sees in any library.
  set("scheduler.policy", caf::atom("sharing"));
#endif
}

node_system_config node_system_config::testing() {
  node_system_config cfg{1};
  cfg.set("scheduler.policy", caf::atom("testing"));
  return cfg;
}

} // namespace tickline
