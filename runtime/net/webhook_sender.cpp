#include "runtime/net/webhook_sender.hpp"

#include <spdlog/spdlog.h>

#include "runtime/net/http_client.hpp"

namespace tickline {

webhook_sender::webhook_sender(webhook_sender_options opts)
  : opts_(std::move(opts)), thread_([this] { run(); }) {}

webhook_sender::~webhook_sender() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool webhook_sender::post(std::string json_body) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (queue_.size() >= opts_.queue) {
      ++dropped_;
      return false;
    }
    queue_.push_back(std::move(json_body));
  }
  cv_.notify_one();
  return true;
}

void webhook_sender::run() {
  for (;;) {
    std::string body;
    {
      std::unique_lock<std::mutex> lock{mtx_};
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_)
        return;
      body = std::move(queue_.front());
      queue_.pop_front();
    }
    http_client_request req;
    req.method = "POST";
    req.body = body;
    for (const auto& url : opts_.urls) {
      req.target = url.target;
      auto res = http_fetch(url, req, opts_.timeout);
      if (res.status >= 200 && res.status < 300) {
        ++delivered_;
        continue;
      }
      ++failed_;
      spdlog::warn("alerts: webhook http://{}:{}{} failed: {}", url.host, url.port, url.target,
                   res.error.empty() ? "status " + std::to_string(res.status) : res.error);
    }
  }
}

} // namespace tickline
