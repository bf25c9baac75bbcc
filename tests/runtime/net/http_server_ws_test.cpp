#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "../../tools/http_client.hpp"
#include "runtime/net/http_server.hpp"

using namespace tickline;
using namespace tickline::test;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

const std::string good_origin = "http://127.0.0.1:8080";

http_server_options ws_options() {
  http_server_options o;
  o.ws_path = "/api/v1/stream";
  o.ws_origin_ok = [](const std::string& origin) { return origin == good_origin; };
  return o;
}

// Everything but the stream is 404: a plain GET of the stream path reaches the handler.
void not_found(http_request req, http_reply reply) {
  reply(http_response::error(404, "no " + req.path()));
}

// A blocking WebSocket client on loopback; `rcvbuf` > 0 shrinks its receive buffer.
struct test_client {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};

  test_client(std::uint16_t port, const std::string& origin, int rcvbuf = 0) {
    auto& sock = ws.next_layer();
    sock.open(tcp::v4());
    if (rcvbuf > 0)
      sock.set_option(net::socket_base::receive_buffer_size(rcvbuf));
    sock.connect({net::ip::make_address("127.0.0.1"), port});
    ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
      req.set(beast::http::field::origin, origin);
    }));
    ws.handshake("127.0.0.1:" + std::to_string(port), "/api/v1/stream");
  }

  std::string read() {
    beast::flat_buffer b;
    ws.read(b);
    return beast::buffers_to_string(b.data());
  }
};

// Waits (bounded) until `done()`; the assertions that follow say what was expected.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 5000 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  return done();
}

std::string upgrade_request(const std::string& origin_line) {
  return "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: 13\r\n" + origin_line + "\r\n";
}

} // namespace

TEST_CASE("a WebSocket upgrade with an allowed Origin receives what is published", "[http_server][ws]") {
  http_server server{ws_options(), not_found};
  test_client c{server.port(), good_origin};
  REQUIRE(eventually([&] { return server.ws_clients() == 1; }));
  server.publish(R"({"type":"signal"})");
  server.publish("second");
  CHECK(c.read() == R"({"type":"signal"})");
  CHECK(c.read() == "second");
  // The same path without an upgrade is an ordinary request for the handler.
  CHECK(http_call(server.port(), "GET", "/api/v1/stream").status == 404);
  CHECK(server.ws_dropped() == 0);
}

TEST_CASE("an upgrade from a foreign or missing Origin is refused with 403", "[http_server][ws]") {
  http_server server{ws_options(), not_found};
  CHECK(http_raw(server.port(), upgrade_request("Origin: http://evil.example\r\n")) == 403);
  CHECK(http_raw(server.port(), upgrade_request("")) == 403);
  // A near miss is as foreign as any other.
  CHECK(http_raw(server.port(), upgrade_request("Origin: http://127.0.0.1:8081\r\n")) == 403);
  CHECK(server.refused() == 3);
  CHECK(server.ws_clients() == 0);
  // With no origin check configured, nobody may upgrade.
  auto o = ws_options();
  o.ws_origin_ok = nullptr;
  http_server closed{o, not_found};
  CHECK(http_raw(closed.port(), upgrade_request("Origin: " + good_origin + "\r\n")) == 403);
}

TEST_CASE("a client message over the cap closes that client with 1009", "[http_server][ws]") {
  auto o = ws_options();
  o.ws_max_message = 1000;
  http_server server{o, not_found};
  test_client small{server.port(), good_origin};
  test_client big{server.port(), good_origin};
  REQUIRE(eventually([&] { return server.ws_clients() == 2; }));
  small.ws.write(net::buffer(std::string(1000, 'a')));  // at the cap: ignored
  big.ws.write(net::buffer(std::string(1001, 'b')));
  beast::flat_buffer b;
  beast::error_code ec;
  big.ws.read(b, ec);
  CHECK(ec == websocket::error::closed);
  CHECK(big.ws.reason().code == websocket::close_code::too_big);  // 1009
  REQUIRE(eventually([&] { return server.ws_clients() == 1; }));
  CHECK(server.ws_oversize() == 1);
  // The other client is untouched.
  server.publish("still here");
  CHECK(small.read() == "still here");
}

TEST_CASE("a client that never reads is dropped while a fast one gets everything", "[http_server][ws]") {
  auto o = ws_options();
  o.ws_queue = 64;
  http_server server{o, not_found};
  test_client slow{server.port(), good_origin, 4096};
  test_client fast{server.port(), good_origin};
  REQUIRE(eventually([&] { return server.ws_clients() == 2; }));
  // 3,000 messages of 8 KiB (24 MiB): far more than the slow client's socket buffers and
  // queue hold. The fast one reads each batch of 32 before the next is published, so its
  // queue never holds more than 32.
  const std::string pad(8192, 'x');
  int received = 0;
  bool in_order = true;
  for (int batch = 0; batch < 3000 / 32 + 1; ++batch) {
    int n = std::min(32, 3000 - batch * 32);
    for (int i = 0; i < n; ++i)
      server.publish(std::to_string(batch * 32 + i) + ":" + pad);
    for (int i = 0; i < n; ++i) {
      auto m = fast.read();
      in_order = in_order && m.substr(0, m.find(':')) == std::to_string(received);
      ++received;
    }
  }
  CHECK(received == 3000);
  CHECK(in_order);
  // Every publish reached both queues before the fast client read the last message.
  CHECK(server.ws_dropped() == 1);
  CHECK(server.ws_clients() == 1);
}

TEST_CASE("publish from several threads delivers every message, each thread's in order", "[http_server][ws]") {
  auto o = ws_options();
  o.ws_queue = 5000;
  http_server server{o, not_found};
  test_client c{server.port(), good_origin};
  REQUIRE(eventually([&] { return server.ws_clients() == 1; }));
  constexpr int threads = 4;
  constexpr int each = 500;
  std::vector<std::thread> pubs;
  for (int t = 0; t < threads; ++t)
    pubs.emplace_back([&server, t] {
      for (int i = 0; i < each; ++i)
        server.publish(std::to_string(t) + ":" + std::to_string(i));
    });
  std::vector<int> next(threads, 0);
  bool ordered = true;
  for (int k = 0; k < threads * each; ++k) {
    auto m = c.read();
    auto colon = m.find(':');
    int t = std::stoi(m.substr(0, colon));
    int i = std::stoi(m.substr(colon + 1));
    ordered = ordered && i == next.at(static_cast<std::size_t>(t));
    next.at(static_cast<std::size_t>(t)) = i + 1;
  }
  for (auto& p : pubs)
    p.join();
  CHECK(ordered);
  CHECK(next == std::vector<int>(threads, each));
  CHECK(server.ws_dropped() == 0);
}
