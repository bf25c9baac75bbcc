#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "runtime/net/http_server.hpp"
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

// `rest_port` serves the depth snapshots (nothing listens there unless a test says so).
std::string node_config(std::uint16_t port, std::uint16_t rest_port = 9) {
  return "[node]\ndata_dir = \"state\"\n[market]\nsymbols = [\"BTCUSDT\", \"ETHUSDT\"]\n"
         "[[feeds]]\nname = \"binance\"\nkind = \"websocket\"\n"
         "url = \"ws://127.0.0.1:" + std::to_string(port) + "\"\n"
         "streams = [\"trade\", \"depth@100ms\"]\n"
         "rest_url = \"http://127.0.0.1:" + std::to_string(rest_port) + "\"\n"
         "reconnect_min_ms = 50\nreconnect_max_ms = 200\nstale_after_ms = 400\n"
         "[scanner]\ntimeframes = [\"1s\", \"1m\"]\n";
}

// Stops the node with SIGTERM, which must exit 0; its stderr and its summary (s.json).
std::pair<process_result, nlohmann::json> stop_with_summary(child& node, const temp_dir& dir) {
  node.signal(SIGTERM);
  auto r = node.wait(30s);
  INFO(r.err);
  REQUIRE(r.status == 0);
  return {r, nlohmann::json::parse(read_file(dir.path() + "/s.json"))};
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

  auto [r, s] = stop_with_summary(node, dir);
  INFO(r.err);
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

namespace {

std::string depth_diff(const std::string& sym, long long first, long long last,
                       const std::string& bids, const std::string& asks) {
  std::string lower = sym == "BTCUSDT" ? "btcusdt" : "ethusdt";
  return R"({"stream":")" + lower + R"(@depth@100ms","data":{"e":"depthUpdate","E":)"
         + std::to_string(t0 + last) + R"(,"s":")" + sym + R"(","U":)" + std::to_string(first)
         + R"(,"u":)" + std::to_string(last) + R"(,"b":)" + bids + R"(,"a":)" + asks + "}}";
}

} // namespace

TEST_CASE("a websocket depth book syncs from the REST snapshot, retrying a failed one",
          "[ws_feed][depth]") {
  using namespace tickline;
  // The REST API: BTCUSDT's first snapshot fails with 503, the next is as of update 101.
  std::mutex mu;
  std::vector<std::string> targets;
  http_server rest{http_server_options{}, [&](http_request req, http_reply reply) {
                     std::lock_guard<std::mutex> lock{mu};
                     targets.push_back(req.target);
                     const bool btc = req.target.find("symbol=BTCUSDT") != std::string::npos;
                     const auto n = std::count_if(targets.begin(), targets.end(), [&](const auto& t) {
                       return t == req.target;
                     });
                     if (req.path() != "/api/v3/depth")
                       return reply(http_response::error(404, "no such path"));
                     if (btc && n == 1)
                       return reply(http_response::error(503, "try later"));
                     http_response r;
                     r.body = btc ? R"({"lastUpdateId":101,"bids":[["100","9"],["98","4"]],"asks":[["102","1"],["101","5"]]})"
                                  : R"({"lastUpdateId":5,"bids":[["20","1"]],"asks":[["21","1"]]})";
                     reply(std::move(r));
                   }};
  temp_dir dir;
  ws_test_server server;
  dir.write("node.toml", node_config(server.port(), rest.port()));
  child node({tickline_bin, "run", "--config", "node.toml", "--for", "60s", "--summary", "s.json"},
             dir.path());
  REQUIRE(server.wait_client(20s));
  // Diffs before the snapshot are held; 98..100 is covered by it, 101..102 spans it.
  REQUIRE(server.send(depth_diff("BTCUSDT", 98, 100, R"([["99","7"]])", "[]")));
  REQUIRE(server.send(depth_diff("BTCUSDT", 101, 102, R"([["100","1"],["99.5","2"]])", R"([["101","3"]])")));
  REQUIRE(server.send(depth_diff("ETHUSDT", 6, 6, R"([["20.5","1"]])", "[]")));
  REQUIRE(node.wait_for_stderr("BTCUSDT depth snapshot: GET /api/v3/depth?symbol=BTCUSDT&limit=1000: status 503", 20s));
  // The retry comes after a second of backoff and syncs the book; diffs then apply live.
  REQUIRE(node.wait_for_stderr("feed:binance: BTCUSDT depth book synced at update 102", 20s));
  REQUIRE(server.send(depth_diff("BTCUSDT", 103, 103, R"([["100","0"]])", "[]")));  // the top moves
  REQUIRE(server.send(depth_diff("BTCUSDT", 104, 104, R"([["50","1"]])", "[]")));     // it does not
  REQUIRE(server.send(depth_diff("BTCUSDT", 110, 110, "[]", "[]")));  // a gap: sync again
  REQUIRE(server.send("[1]"));
  REQUIRE(node.wait_for_stderr("message 7: not a JSON object", 20s));
  auto [r, s] = stop_with_summary(node, dir);
  INFO(r.err);
  auto f = s["feeds"]["feed:binance"];
  INFO(f.dump());
  // BTCUSDT: 3 diffs held, then the snapshot; 103 and 104 live; 110 a gap, held again.
  CHECK(f["depth_buffered"] == 4);
  CHECK(f["depth_updates"] == 2);
  CHECK(f["sequence_gaps"] == 1);
  CHECK(f["snapshot_failures"] == 1);
  // ETHUSDT once; BTCUSDT once, then its snapshot is too old for the diff after the gap.
  CHECK(f["snapshots"] == 2);
  CHECK(f["snapshot_retries"] >= 1);
  // Tops: ETHUSDT's on sync (20.5/21); BTCUSDT's on sync (100/101) and at 103 (99.5/101).
  CHECK(f["book_tops"] == 3);
  CHECK(r.err.find("ETHUSDT depth book synced at update 6") != std::string::npos);
  std::lock_guard<std::mutex> lock{mu};
  CHECK(std::count(targets.begin(), targets.end(), "/api/v3/depth?symbol=ETHUSDT&limit=1000") == 1);
  CHECK(std::count(targets.begin(), targets.end(), "/api/v3/depth?symbol=BTCUSDT&limit=1000") >= 3);
}
