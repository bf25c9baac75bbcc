#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tickline {

/// One HTTP request as the server read it.
struct http_request {
  std::string method;                          ///< "GET", "POST", ...
  std::string target;                          ///< Path and query, as sent.
  std::map<std::string, std::string> headers;  ///< Names in lower case.
  std::string body;
  std::string remote;                          ///< Peer address "ip:port".

  /// The header `lower_name`, or "" when absent.
  const std::string& header(const std::string& lower_name) const;
  /// The target's path, without the query.
  std::string path() const;
};

/// The answer to a request.
struct http_response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< Extra headers.

  /// A JSON body `{"error": message}` with `status`.
  static http_response error(unsigned status, const std::string& message);
};

/// Sends the response of one request; call it once, from any thread. Dropping it
/// without a call answers 503, so a handler that dies never leaves a client hanging.
using http_reply = std::function<void(http_response)>;
/// Called on the server thread for each well-formed request; must not block.
using http_handler = std::function<void(http_request, http_reply)>;

/// Options of an HTTP server.
struct http_server_options {
  std::string listen = "127.0.0.1:0";               ///< host:port; port 0 = any. Default: "127.0.0.1:0".
  std::size_t body_limit = 64 * 1024;               ///< Larger bodies get 413. Default: 64 KiB.
  std::size_t header_limit = 16 * 1024;             ///< Larger headers get 431. Default: 16 KiB.
  std::chrono::milliseconds read_timeout{10'000};   ///< Per request read. Default: 10 s.
  /// Path where a WebSocket upgrade is accepted (e.g. "/api/v1/stream"); "" = none. An
  /// upgrade elsewhere goes to the handler as a plain request. Default: "".
  std::string ws_path;
  /// More paths where an upgrade is accepted: exact, or a prefix when one ends in '/'
  /// (e.g. "/ws/" takes "/ws/btcusdt@trade"). Default: [].
  std::vector<std::string> ws_more_paths;
  /// Whether an upgrade's `Origin` header (exactly as sent, "" when absent) may connect;
  /// refused upgrades get 403. Unset: every upgrade is refused. Default: unset.
  std::function<bool(const std::string& origin)> ws_origin_ok;
  /// Largest message a client may send; a larger one closes it with 1009. Default: 4 KiB.
  std::size_t ws_max_message = 4 * 1024;
  /// Messages waiting to go to one client; a client with this many waiting when another
  /// is published is dropped (closed, counted). Default: 1024.
  std::size_t ws_queue = 1024;
  /// Called on the I/O thread with each text message a WebSocket client sends, and that
  /// client's id (for send_to); must not block. Unset: client messages are discarded.
  /// Default: unset.
  std::function<void(std::uint64_t client, std::string text)> ws_on_message;
  /// Called on the I/O thread when a WebSocket client is connected, with its id and the
  /// upgrade's target (path and query, as sent); must not block. Default: unset.
  std::function<void(std::uint64_t client, const std::string& target)> ws_on_open;
  /// Called on the I/O thread when a WebSocket client is gone. Default: unset.
  std::function<void(std::uint64_t client)> ws_on_close;
  /// Called on the server's I/O thread with the status of each request refused before
  /// the handler saw it (400, 413, 431). Default: unset.
  std::function<void(unsigned status)> on_refused;
};

/// A small HTTP/1.1 server (Boost.Beast) with its own I/O thread. Malformed requests get
/// 400, oversize bodies 413, oversize headers 431, each answered without calling the
/// handler. Keep-alive is honoured. Destruction closes the listener and every connection.
class http_server {
public:
  /// Binds and starts serving; throws std::runtime_error naming `listen` when it cannot.
  http_server(http_server_options opts, http_handler handler);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// The bound port (useful with port 0).
  std::uint16_t port() const;
  /// Requests answered so far, and those refused before reaching the handler.
  std::uint64_t answered() const;
  std::uint64_t refused() const;

  // -- WebSocket ----------------------------------------------------------------------

  /// Sends `text` as one text message to every WebSocket client. Callable from any thread;
  /// never waits for a client: each has its own bounded queue (ws_queue) and one that is
  /// full is dropped instead. Messages published from one thread arrive in order.
  void publish(std::string text);
  /// Sends `text` to the one client `client` (ids as ws_on_message gives them); nothing
  /// when it is gone. Callable from any thread.
  void send_to(std::uint64_t client, std::string text);
  /// Closes every WebSocket client (fault injection; a client may connect again).
  void close_ws_clients();
  /// WebSocket clients connected now.
  std::size_t ws_clients() const;
  /// Clients dropped for a full queue, and those closed for an oversize message.
  std::uint64_t ws_dropped() const;
  std::uint64_t ws_oversize() const;

  struct impl;

private:
  std::shared_ptr<impl> impl_;
};

/// Splits "host:port" (IPv6 in brackets); returns false when it is not that shape.
bool split_host_port(const std::string& text, std::string& host, std::uint16_t& port);

/// What the server makes of the bytes of one request (see parse_http_request).
struct http_parsed {
  unsigned refusal = 0;   ///< 0: `request` holds it; else the status answered (400, 413, 431).
  std::string why;        ///< The refusal's reason.
  bool complete = true;   ///< False when the bytes end before the request does (no refusal).
  bool upgrade = false;   ///< A WebSocket upgrade (taken on the server's upgrade paths).
  http_request request;
};

/// Reads one request from `bytes` as a server with `opts`'s limits reads it from a
/// connection, without a socket: for tests and fuzzing.
http_parsed parse_http_request(std::string_view bytes, const http_server_options& opts);

/// Compares two secrets in time that depends only on their lengths.
bool constant_time_equal(const std::string& a, const std::string& b);

} // namespace tickline
