#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "../../tools/ws_test_server.hpp"
#include "runtime/net/ws_client.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

namespace {

// Collects what a client reports, for a test thread to wait on.
struct recorder {
  std::mutex mtx;
  std::condition_variable cv;
  std::vector<ws_client_event> events;

  ws_client::sink sink() {
    return [this](ws_client_event e) {
      std::lock_guard<std::mutex> g{mtx};
      events.push_back(std::move(e));
      cv.notify_all();
    };
  }
  bool wait_for(std::size_t n) {
    std::unique_lock<std::mutex> g{mtx};
    return cv.wait_for(g, 20s, [&] { return events.size() >= n; });
  }
};

} // namespace

TEST_CASE("parse_ws_url splits ws and wss urls", "[ws_client]") {
  std::string err;
  auto a = parse_ws_url("wss://stream.binance.com:9443/stream?streams=btcusdt@trade", err);
  REQUIRE(a);
  CHECK(a->tls);
  CHECK(a->host == "stream.binance.com");
  CHECK(a->port == "9443");
  CHECK(a->target == "/stream?streams=btcusdt@trade");
  auto b = parse_ws_url("ws://127.0.0.1", err);
  REQUIRE(b);
  CHECK_FALSE(b->tls);
  CHECK(b->port == "80");
  CHECK(b->target == "/");
  auto c = parse_ws_url("ws://[::1]:8080?x=1", err);
  REQUIRE(c);
  CHECK(c->host == "::1");
  CHECK(c->target == "/?x=1");
  CHECK_FALSE(parse_ws_url("http://x", err));
  CHECK(err == "must start with ws:// or wss://");
  CHECK_FALSE(parse_ws_url("ws://host:99999", err));
  CHECK_FALSE(parse_ws_url("ws://:80", err));
}

TEST_CASE("a ws client reads frames and reconnects after its server went away", "[ws_client]") {
  auto server = std::make_unique<ws_test_server>();
  auto port = server->port();
  recorder rec;
  ws_client_options opts;
  opts.url = "ws://127.0.0.1:" + std::to_string(port) + "/feed";
  opts.backoff_min = 20ms;
  opts.backoff_max = 100ms;
  ws_client client{opts, rec.sink()};
  REQUIRE(server->wait_client(20s));
  CHECK(server->target() == "/feed");
  REQUIRE(server->send("one"));
  REQUIRE(server->send("two"));
  REQUIRE(rec.wait_for(3));
  server->stop();
  REQUIRE(rec.wait_for(4));
  // Down for a while: attempts fail and are retried with backoff.
  std::this_thread::sleep_for(300ms);
  server = std::make_unique<ws_test_server>(port);
  REQUIRE(server->wait_client(20s));
  REQUIRE(server->send("three"));
  REQUIRE(rec.wait_for(6));
  std::lock_guard<std::mutex> g{rec.mtx};
  using k = ws_client_event::kind;
  CHECK(rec.events[0].what == k::connected);
  CHECK(rec.events[1].text == "one");
  CHECK(rec.events[2].text == "two");
  CHECK(rec.events[3].what == k::disconnected);
  CHECK(rec.events[4].what == k::connected);
  CHECK(rec.events[5].text == "three");
  CHECK(client.reconnects() == 1);
  CHECK(client.failed_attempts() >= 1);
}

TEST_CASE("a ws client with a bad url is refused", "[ws_client]") {
  ws_client_options opts;
  opts.url = "tcp://x";
  CHECK_THROWS_AS((ws_client{opts, [](ws_client_event) {}}), std::invalid_argument);
}
