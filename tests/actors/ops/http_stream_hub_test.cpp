#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../../tools/http_client.hpp"
#include "actors/ops/http_api.hpp"
#include "runtime/net/ws_client.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

// The hub between the node's stream and whichever server the HTTP actor has bound.

namespace {

template <class F>
bool eventually(F done) {
  auto until = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  return done();
}

std::shared_ptr<http_server> stream_server(const std::shared_ptr<http_stream_hub>& hub) {
  http_server_options o;
  o.ws_path = "/api/v1/stream";
  o.ws_origin_ok = [hub](const std::string& origin) { return hub->origin_ok(origin); };
  return std::make_shared<http_server>(o, [](http_request, http_reply reply) {
    reply(http_response::error(404, "no"));
  });
}

} // namespace

TEST_CASE("the stream hub accepts only the attached server's origins", "[http_api][stream]") {
  http_stream_hub hub;
  CHECK_FALSE(hub.origin_ok("http://127.0.0.1:8080"));  // nothing attached yet
  hub.attach({}, {"http://127.0.0.1:8080", "http://localhost:8080"});
  CHECK(hub.origin_ok("http://127.0.0.1:8080"));
  CHECK(hub.origin_ok("http://localhost:8080"));
  CHECK_FALSE(hub.origin_ok("http://evil.example"));
  CHECK_FALSE(hub.origin_ok("http://127.0.0.1:8081"));
  CHECK_FALSE(hub.origin_ok(""));                        // a browser always sends one
  hub.publish("nobody listens");                         // no server: nothing happens
}

TEST_CASE("the stream hub publishes to the bound server's clients, and safely once it is gone",
          "[http_api][stream]") {
  auto hub = std::make_shared<http_stream_hub>();
  auto server = stream_server(hub);
  const auto origin = "http://127.0.0.1:" + std::to_string(server->port());
  hub->attach(server, {origin});
  std::mutex mtx;
  std::vector<std::string> got;
  ws_client_options o;
  o.url = "ws://127.0.0.1:" + std::to_string(server->port()) + "/api/v1/stream";
  o.origin = origin;
  ws_client client{o, [&](ws_client_event e) {
                     if (e.what == ws_client_event::kind::text) {
                       std::lock_guard<std::mutex> g{mtx};
                       got.push_back(e.text);
                     }
                   }};
  REQUIRE(eventually([&] { return server->ws_clients() == 1; }));
  hub->publish(R"({"type":"signal","ts_ns":1,"data":{}})");
  REQUIRE(eventually([&] { std::lock_guard<std::mutex> g{mtx}; return got.size() == 1; }));
  CHECK(got[0] == R"({"type":"signal","ts_ns":1,"data":{}})");
  // The HTTP actor stopped: its server is gone, and publishing must touch nothing of it
  // (the sanitizer build runs this test).
  server.reset();
  hub->publish("after the server");
}
