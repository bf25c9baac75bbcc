#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "process.hpp"
#include "runtime/net/ws_client.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

// End to end: a real node serves GET /metrics (checked by promtool) and the WebSocket
// stream on its http.listen port.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

std::string node_config(std::uint16_t port) {
  return R"toml(
[node]
name = "ops"
data_dir = "state"
[logging]
level = "info"
[market]
symbols = ["AAA", "BBB"]
[[feeds]]
name = "syn"
ticks_per_second = 1000
slice_ms = 20
whale_probability = 0.02
[scanner]
timeframes = ["1s"]
indicators = ["sma(5)", "rsi(5)"]
[detectors.whale]
min_samples = 20
[http]
listen = "127.0.0.1:)toml" + std::to_string(port) + "\"\n";
}

// Waits (bounded) until `done()`; the assertions that follow say what was expected.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = 20s) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(10ms);
  return done();
}

} // namespace

TEST_CASE("a running node serves Prometheus metrics that promtool accepts", "[ops][metrics]") {
  REQUIRE(run({"/bin/sh", "-c", "command -v promtool"}, ".").status == 0);  // apt: prometheus
  temp_dir dir;
  const auto port = free_port();
  dir.write("node.toml", node_config(port));
  child node({tickline_bin, "run", "--config", "node.toml", "--for", "30s"}, dir.path());
  REQUIRE(node.wait_for_stderr("http: API on", 20s));
  std::string text;
  // Once both symbols have ticks and signals, every family a node fills has shown up.
  REQUIRE(eventually([&] {
    auto r = http_call(port, "GET", "/metrics");
    text = r.body;
    return r.status == 200 && text.find(R"(tickline_signals_total{kind="whale",symbol="AAA"})") != std::string::npos
           && text.find(R"(tickline_ticks_total{symbol="BBB"})") != std::string::npos;
  }));
  CHECK(text.find(R"(tickline_mailbox_size{actor="scanner:AAA"})") != std::string::npos);
  CHECK(text.find(R"(tickline_actor_restarts{actor="detector:whale:BBB"} 0)") != std::string::npos);
  CHECK(text.find(R"(tickline_handler_latency_seconds_count{kind="scanner"})") != std::string::npos);
  CHECK(text.find(R"(tickline_connection_up{source="feed:syn"} 1)") != std::string::npos);
  CHECK(text.find("tickline_journal_append_seconds_count{journal=\"signals\"}") != std::string::npos);
  CHECK(http_call(port, "POST", "/metrics").status == 405);
  CHECK(http_call(port, "GET", "/nowhere").status == 404);
  auto file = dir.write("metrics.txt", text);
  auto check = run({"/bin/sh", "-c", "promtool check metrics < " + file}, dir.path());
  INFO(check.out << check.err);
  CHECK(check.status == 0);
  node.signal(SIGTERM);
  CHECK(node.wait(60s).status == 0);
}

TEST_CASE("a running node streams its signals over the WebSocket to its own origin", "[ops][stream]") {
  temp_dir dir;
  const auto port = free_port();
  dir.write("node.toml", node_config(port));
  child node({tickline_bin, "run", "--config", "node.toml", "--for", "30s"}, dir.path());
  REQUIRE(node.wait_for_stderr("http: API on", 20s));
  std::mutex mtx;
  std::vector<std::string> got;
  ws_client_options o;
  o.url = "ws://127.0.0.1:" + std::to_string(port) + "/api/v1/stream";
  o.origin = "http://127.0.0.1:" + std::to_string(port);
  ws_client client{o, [&](ws_client_event e) {
                     if (e.what == ws_client_event::kind::text) {
                       std::lock_guard<std::mutex> g{mtx};
                       got.push_back(e.text);
                     }
                   }};
  nlohmann::json signal;
  REQUIRE(eventually([&] {
    std::lock_guard<std::mutex> g{mtx};
    for (const auto& m : got) {
      auto j = nlohmann::json::parse(m);
      if (j["type"] == "signal")
        signal = j;
    }
    return !signal.is_null();
  }));
  CHECK(signal["ts_ns"].get<std::int64_t>() > 0);
  CHECK(signal["data"]["kind"] == "whale");
  auto sym = signal["data"]["symbol"].get<std::string>();
  CHECK((sym == "AAA" || sym == "BBB"));
  // A page of another site may not read the stream.
  const std::string upgrade = "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                              "Sec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n";
  CHECK(http_raw(port, upgrade) == 403);
  node.signal(SIGTERM);
  CHECK(node.wait(60s).status == 0);
}
