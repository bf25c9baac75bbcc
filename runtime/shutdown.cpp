#include "runtime/shutdown.hpp"

#include <cerrno>
#include <csignal>
#include <ctime>

#include <pthread.h>
#include <unistd.h>

namespace tickline {

namespace {

sigset_t stop_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  return set;
}

} // namespace

void block_stop_signals() {
  auto set = stop_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A write past the file-size limit (RLIMIT_FSIZE) fails with EFBIG, which the store
  // reports and the node fails closed on, instead of the signal's default: death.
  std::signal(SIGXFSZ, SIG_IGN);
}

stop_reason wait_for_stop(std::optional<std::chrono::nanoseconds> limit) {
  using namespace std::chrono;
  auto set = stop_set();
  auto deadline = steady_clock::now() + limit.value_or(nanoseconds::zero());
  for (;;) {
    if (!limit) {
      int sig = 0;
      if (sigwait(&set, &sig) == 0)
        return sig == SIGUSR1 ? stop_reason::requested : stop_reason::signal_received;
      continue;
    }
    auto left = deadline - steady_clock::now();
    if (left <= nanoseconds::zero())
      return stop_reason::time_limit;
    auto ns = duration_cast<nanoseconds>(left).count();
    timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    int sig = sigtimedwait(&set, nullptr, &ts);
    if (sig > 0)
      return sig == SIGUSR1 ? stop_reason::requested : stop_reason::signal_received;
    // EAGAIN: timed out; EINTR: another signal; both loop back to re-check the deadline.
  }
}

void request_stop() { ::kill(::getpid(), SIGUSR1); }

} // namespace tickline
