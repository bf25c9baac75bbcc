#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace tickline {

/// The parts of a `ws://` or `wss://` URL.
struct ws_url {
  bool tls = false;
  std::string host;
  std::string port;             ///< Default: "80" for ws, "443" for wss.
  std::string target = "/";     ///< Path and query.
};

/// Parses `url`; on failure returns nullopt and says why in `error`.
std::optional<ws_url> parse_ws_url(const std::string& url, std::string& error);

/// Options of a WebSocket client.
struct ws_client_options {
  std::string url;                                   ///< ws:// or wss://. Required.
  std::chrono::milliseconds backoff_min{500};        ///< First reconnect delay. Default: 500 ms.
  std::chrono::milliseconds backoff_max{30'000};     ///< Cap of the delay. Default: 30 s.
  std::chrono::milliseconds connect_timeout{5'000};  ///< Resolve+connect+handshake. Default: 5 s.
  /// A connection with neither data nor an answered ping for this long is dropped and
  /// made again. Default: 20 s.
  std::chrono::milliseconds idle_timeout{20'000};
  std::size_t max_message = 1 << 20;                 ///< Larger frames drop the connection. Default: 1 MiB.
  std::uint64_t seed = 1;                            ///< Jitter of the backoff. Default: 1.
  std::string origin;                                ///< Sent as `Origin`; "" = none. Default: "".
};

/// What a client reports to its sink, on the client's own thread.
struct ws_client_event {
  enum class kind { connected, disconnected, text };
  kind what = kind::text;
  std::string text;             ///< The frame (text), or why the connection ended.
};

/// A WebSocket client with its own I/O thread that keeps one connection open: it
/// connects, hands every text frame to the sink, and after any failure or close connects
/// again after an exponential backoff with jitter (reset by a successful handshake). The
/// sink runs on the client thread and must not block. Destruction stops the thread; no
/// sink call happens after the destructor returns.
class ws_client {
public:
  using sink = std::function<void(ws_client_event)>;

  /// Starts connecting at once; throws std::invalid_argument on a malformed URL.
  ws_client(ws_client_options opts, sink s);
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  /// Sends `text` as one text message on the open connection, after those sent before;
  /// dropped when there is none (a sender resends what matters on `connected`). Callable
  /// from any thread, the sink included.
  void send(std::string text);
  /// Handshakes that succeeded after the first one.
  std::uint64_t reconnects() const;
  /// Connection attempts that failed (resolve, connect, handshake).
  std::uint64_t failed_attempts() const;

  struct impl;

private:
  std::shared_ptr<impl> impl_;
};

} // namespace tickline
