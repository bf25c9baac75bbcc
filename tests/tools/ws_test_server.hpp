#pragma once

// A WebSocket server for tests, on a loopback port: it accepts one client at a time and
// sends it the frames the test gives. Stopping it drops the client, as a venue that goes
// away would; a new server on the same port plays the venue coming back.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace tickline::test {

class ws_test_server {
public:
  /// Listens on 127.0.0.1:`port` (0 = any free port).
  explicit ws_test_server(std::uint16_t port = 0);
  ~ws_test_server();
  ws_test_server(const ws_test_server&) = delete;
  ws_test_server& operator=(const ws_test_server&) = delete;

  std::uint16_t port() const;
  /// Waits until a client completed its handshake; false after `limit`.
  bool wait_client(std::chrono::milliseconds limit);
  /// The request target of the current client ("/stream?streams=...").
  std::string target() const;
  /// Clients accepted so far.
  int clients() const;
  /// Sends one text frame to the current client; false when there is none or it fails.
  bool send(const std::string& text);
  /// Closes the client (without a close handshake) and the listener.
  void stop();

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

} // namespace tickline::test
