#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace tickline {

class ws_client;

/// Options of the Binance user data stream.
struct binance_user_stream_options {
  std::string url;          ///< The WebSocket API, e.g. wss://ws-api.binance.com:443/ws-api/v3.
  std::string api_key;
  std::string secret;       ///< HMAC secret: signs the subscription, never logged.
  std::int64_t recv_window_ms = 5000;
  std::chrono::milliseconds backoff_min{500}, backoff_max{30'000};
  /// The venue's time as the adapter knows it (wall clock plus the measured offset).
  std::function<std::int64_t()> now_ms;
};

/// What the stream tells its owner, on the stream's own thread.
struct binance_stream_event {
  enum class kind {
    subscribed,    ///< A subscription took (after every (re)connect).
    refused,       ///< The venue refused it: `text` has its code and message.
    down,          ///< The connection is gone (a reconnect follows with backoff).
    report,        ///< An executionReport: `report` is its event object.
  };
  kind what = kind::report;
  nlohmann::json report;
  std::string text;
};

/// Binance's user data stream over the WebSocket API (the listenKey stream is gone since
/// 2026-02): it connects, subscribes with `userDataStream.subscribe.signature` (HMAC over
/// the parameters sorted by name) on every (re)connect, hands each executionReport to the
/// sink, and after any drop connects again with backoff (runtime/ws_client). While it is
/// down the owner must poll what it needs (the order tracker does).
class binance_user_stream {
public:
  using sink = std::function<void(binance_stream_event)>;
  binance_user_stream(binance_user_stream_options opts, sink s);
  ~binance_user_stream();
  binance_user_stream(const binance_user_stream&) = delete;
  binance_user_stream& operator=(const binance_user_stream&) = delete;

  /// Subscriptions that took, over all connections.
  std::uint64_t subscriptions() const;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

} // namespace tickline
