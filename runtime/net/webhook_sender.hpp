#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/http_url.hpp"

namespace tickline {

/// Options of a webhook sender.
struct webhook_sender_options {
  std::vector<http_url> urls;                ///< Every body is POSTed to each. Default: none.
  std::size_t queue = 256;                   ///< Bodies waiting; more are dropped. Default: 256.
  std::chrono::milliseconds timeout{2000};   ///< Per request. Default: 2 s.
};

/// POSTs JSON bodies to webhook URLs from its own thread, so that the caller (an actor)
/// never waits on the network: post() only queues. A full queue drops the body and counts
/// it; a failed request (refused, timeout, a non-2xx status) is logged and counted, not
/// retried. Destruction finishes the request in flight and drops what still waits.
class webhook_sender {
public:
  explicit webhook_sender(webhook_sender_options opts);
  ~webhook_sender();
  webhook_sender(const webhook_sender&) = delete;
  webhook_sender& operator=(const webhook_sender&) = delete;

  /// Queues `json_body` for every URL; false (and counted as dropped) when the queue is full.
  bool post(std::string json_body);

  /// Requests answered 2xx, requests that failed, and bodies dropped by a full queue.
  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t failed() const { return failed_.load(); }
  std::uint64_t dropped() const { return dropped_.load(); }

private:
  void run();

  webhook_sender_options opts_;
  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::thread thread_;
};

} // namespace tickline
