#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include "runtime/shutdown.hpp"

using namespace tickline;
using namespace std::chrono_literals;

TEST_CASE("wait_for_stop returns on the time limit without a signal", "[runtime]") {
  block_stop_signals();
  auto t0 = std::chrono::steady_clock::now();
  CHECK(wait_for_stop(50ms) == stop_reason::time_limit);
  CHECK(std::chrono::steady_clock::now() - t0 >= 50ms);
}

TEST_CASE("wait_for_stop returns on SIGTERM sent to the process", "[runtime]") {
  block_stop_signals();
  std::thread sender{[] {
    std::this_thread::sleep_for(20ms);
    ::kill(::getpid(), SIGTERM);
  }};
  CHECK(wait_for_stop(std::chrono::seconds{30}) == stop_reason::signal_received);
  sender.join();
}
