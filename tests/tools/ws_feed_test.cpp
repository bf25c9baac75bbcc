#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "ws_test_server.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

// A node on a Binance-format WebSocket stream served by a local server that goes away
// mid-stream and comes back.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";
const long long t0 = 1767225600000LL;  // 2026-01-01T00:00:00Z in ms

std::string trade(const std::string& sym, int i) {
  nlohmann::json d{{"e", "trade"}, {"E", t0 + i * 100}, {"s", sym}, {"t", i},
                   {"p", std::to_string(100 + i % 7)}, {"q", "0.5"}, {"T", t0 + i * 100},
                   {"m", i % 2 == 0}};
  std::string lower = sym == "BTCUSDT" ? "btcusdt" : "ethusdt";
  return nlohmann::json{{"stream", lower + "@trade"}, {"data", d}}.dump();
}

std::string node_config(std::uint16_t port) {
  return "[node]\ndata_dir = \"state\"\n[market]\nsymbols = [\"BTCUSDT\", \"ETHUSDT\"]\n"
         "[[feeds]]\nname = \"binance\"\nkind = \"websocket\"\n"
         "url = \"ws://127.0.0.1:" + std::to_string(port) + "\"\n"
         "streams = [\"trade\", \"depth@100ms\"]\n"
         "reconnect_min_ms = 50\nreconnect_max_ms = 200\nstale_after_ms = 400\n"
         "[scanner]\ntimeframes = [\"1s\", \"1m\"]\n";
}

} // namespace

TEST_CASE("a websocket feed survives its server restarting mid-stream", "[ws_feed]") {
  temp_dir dir;
  auto server = std::make_unique<ws_test_server>();
  const auto port = server->port();
  dir.write("node.toml", node_config(port));
  child node({tickline_bin, "run", "--config", "node.toml", "--for", "60s", "--summary", "s.json"},
             dir.path());
  REQUIRE(server->wait_client(20s));
  CHECK(server->target() == "/stream?streams=btcusdt@trade/btcusdt@depth@100ms/ethusdt@trade/ethusdt@depth@100ms");

  // First half of the stream, with bad input in it that must be skipped and counted.
  for (int i = 0; i < 200; ++i)
    REQUIRE(server->send(trade(i % 2 ? "ETHUSDT" : "BTCUSDT", i)));
  REQUIRE(server->send("this is not json"));
  REQUIRE(server->send(R"({"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","s":"BTCUSDT"}})"));
  REQUIRE(server->send(R"({"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"NaN","q":"1","T":1,"m":true})"));
  REQUIRE(server->send(R"({"e":"trade","E":1,"s":"XRPUSDT","t":1,"p":"1","q":"1","T":1,"m":true})"));
  // An older trade than what was passed on.
  REQUIRE(server->send(R"({"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1","q":"1","T":1767225600000,"m":true})"));
  REQUIRE(server->send(R"({"result":null,"id":1})"));
  REQUIRE(node.wait_for_stderr("message 205: trade time goes back", 20s));

  // The venue goes away: the feed is reported lost, and reconnects when it is back.
  server->stop();
  if (!node.wait_for_stderr("connection feed:binance lost", 20s)) {
    node.signal(SIGTERM);
    FAIL(node.wait(30s).err);
  }
  server = std::make_unique<ws_test_server>(port);
  REQUIRE(server->wait_client(20s));
  for (int i = 200; i < 400; ++i)
    REQUIRE(server->send(trade(i % 2 ? "ETHUSDT" : "BTCUSDT", i)));
  // A kline closing, and a last bad frame as a marker that everything before was handled.
  REQUIRE(server->send(R"({"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1767225660000,"s":"BTCUSDT","k":{"t":1767225600000,"T":1767225659999,"s":"BTCUSDT","i":"1m","o":"100","c":"101","h":"102","l":"99","v":"12","n":40,"x":true,"q":"1212","V":"6","Q":"606"}}})"));
  REQUIRE(server->send("[1,2,3]"));
  REQUIRE(node.wait_for_stderr("message 202: not a JSON object", 20s));
  // Data again: the feed is back (its heartbeat comes with the next tick after data).
  REQUIRE(node.wait_for_stderr("(reconnects 1)", 20s));

  node.signal(SIGTERM);
  auto r = node.wait(30s);
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto s = nlohmann::json::parse(read_file(dir.path() + "/s.json"));
  auto f = s["feeds"]["feed:binance"];
  INFO(f.dump());
  CHECK(f["trades"] == 400);
  CHECK(s["ticks"] == 400);
  CHECK(f["klines"] == 1);
  CHECK(f["bad_json"] == 2);
  CHECK(f["unknown_stream"] == 1);
  CHECK(f["bad_value"] == 1);
  CHECK(f["unknown_symbol"] == 1);
  CHECK(f["non_monotonic"] == 1);
  CHECK(f["control"] == 1);
  CHECK(f["reconnects"] == 1);
  CHECK(f["disconnects"] == 1);
  CHECK(server->clients() == 1);
  CHECK(r.err.find("reconnects 1") != std::string::npos);
}

TEST_CASE("a websocket feed with a bad url is refused before start", "[ws_feed]") {
  temp_dir dir;
  dir.write("node.toml", "[market]\nsymbols = [\"BTCUSDT\"]\n[[feeds]]\nname = \"b\"\n"
                         "kind = \"websocket\"\nurl = \"http://example.com\"\n");
  auto r = run({tickline_bin, "config", "check", "node.toml"}, dir.path(), 30s);
  CHECK(r.status == 2);
  CHECK(r.err.find("node.toml:6:7: feeds[0].url: expected a ws:// or wss:// URL") != std::string::npos);
}

TEST_CASE("liveness is data arriving per symbol, not an open socket", "[ws_feed][liveness]") {
  temp_dir dir;
  ws_test_server server;
  dir.write("node.toml", node_config(server.port()));
  child node({tickline_bin, "run", "--config", "node.toml", "--for", "60s"}, dir.path());
  REQUIRE(server.wait_client(20s));
  // BTCUSDT trades every 50 ms for 2 s; ETHUSDT never has any.
  for (int i = 0; i < 40; ++i) {
    REQUIRE(server.send(trade("BTCUSDT", i)));
    std::this_thread::sleep_for(50ms);
  }
  CHECK(node.wait_for_stderr("connection feed:binance/BTCUSDT up", 20s));
  CHECK(node.wait_for_stderr("connection feed:binance/ETHUSDT lost: no data within 0.4 s of the start",
                             20s));
  // The socket stays open but nothing comes: the feed and BTCUSDT are lost too.
  CHECK(node.wait_for_stderr("connection feed:binance/BTCUSDT lost: silent for", 20s));
  CHECK(node.wait_for_stderr("connection feed:binance lost: silent for", 20s));
  CHECK(server.clients() == 1);  // never disconnected
  node.signal(SIGTERM);
  auto r = node.wait(30s);
  INFO(r.err);
  CHECK(r.status == 0);
  // While BTCUSDT traded it was never lost.
  const auto up = r.err.find("connection feed:binance/BTCUSDT up");
  const auto lost = r.err.find("connection feed:binance/BTCUSDT lost");
  REQUIRE(up != std::string::npos);
  REQUIRE(lost != std::string::npos);
  CHECK(up < lost);
  CHECK(r.err.find("connection feed:binance/BTCUSDT lost", lost + 1) == std::string::npos);
}
