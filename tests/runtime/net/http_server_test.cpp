#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "../../tools/http_client.hpp"
#include "runtime/net/http_server.hpp"

using namespace tickline;
using namespace tickline::test;

TEST_CASE("the http server passes requests to its handler and answers", "[http_server]") {
  std::atomic<int> calls{0};
  http_server server{{}, [&calls](http_request req, http_reply reply) {
                       ++calls;
                       if (req.path() == "/drop")
                         return;  // dropped unanswered: the server answers 503
                       if (req.path() == "/later") {
                         // Answered from another thread, as actors do.
                         std::thread{[reply] { reply({201, "text/plain", "later", {}}); }}.detach();
                         return;
                       }
                       http_response r;
                       r.body = req.method + " " + req.target + " " + req.header("x-a") + " " + req.body;
                       reply(r);
                     }};
  auto port = server.port();
  REQUIRE(port != 0);
  auto r = http_call(port, "POST", "/echo?x=1", "hello", {{"X-A", "b"}});
  CHECK(r.status == 200);
  CHECK(r.body == "POST /echo?x=1 b hello");
  auto later = http_call(port, "GET", "/later");
  CHECK(later.status == 201);
  CHECK(later.body == "later");
  auto dropped = http_call(port, "GET", "/drop");
  CHECK(dropped.status == 503);
  CHECK(dropped.body.find("dropped unanswered") != std::string::npos);
  CHECK(calls == 3);
}

TEST_CASE("the http server refuses malformed and oversize requests itself", "[http_server]") {
  std::atomic<int> calls{0};
  http_server_options opts;
  opts.body_limit = 100;
  opts.header_limit = 1024;
  std::atomic<int> too_large{0}, other{0};
  opts.on_refused = [&](unsigned status) { ++(status == 413 ? too_large : other); };
  http_server server{opts, [&calls](http_request, http_reply reply) {
                       ++calls;
                       reply({});
                     }};
  auto port = server.port();
  CHECK(http_call(port, "POST", "/", std::string(101, 'x')).status == 413);
  CHECK(http_call(port, "POST", "/", std::string(100, 'x')).status == 200);
  CHECK(http_call(port, "GET", "/", "", {{"X-Big", std::string(2000, 'y')}}).status == 431);
  CHECK(http_raw(port, "GARBAGE\r\n\r\n") == 400);
  CHECK(http_raw(port, "GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n") == 400);
  // Two Host headers: which host is meant is ambiguous, so nothing is served.
  CHECK(http_raw(port, "GET / HTTP/1.1\r\nHost: a.example\r\nHost: 127.0.0.1\r\n\r\n") == 400);
  CHECK(calls == 1);
  CHECK(server.refused() == 5);
  CHECK(too_large == 1);
  CHECK(other == 4);
}

TEST_CASE("an http server that cannot bind says where", "[http_server]") {
  http_server first{{}, [](http_request, http_reply r) { r({}); }};
  http_server_options taken;
  taken.listen = "127.0.0.1:" + std::to_string(first.port());
  try {
    http_server second{taken, [](http_request, http_reply r) { r({}); }};
    FAIL("bound a port in use");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("cannot listen on " + taken.listen) == 0);
  }
  http_server_options bad;
  bad.listen = "nowhere";
  CHECK_THROWS_WITH((http_server{bad, [](http_request, http_reply r) { r({}); }}),
                    "listen address nowhere: expected host:port");
}

TEST_CASE("secrets compare equal only when equal", "[http_server]") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "ab"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK_FALSE(constant_time_equal("", "a"));
  CHECK(constant_time_equal("", ""));
}
