// The venue's user data stream (WebSocket API at /ws-api/v3): a signed subscription, then
// an executionReport for every change of the account's orders; refused when badly signed;
// dropped on request (fault injection).
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "actors/broker/binance_order_tracker.hpp"
#include "actors/broker/binance_rest.hpp"
#include "actors/broker/binance_signing.hpp"
#include "actors/broker/binance_user_stream.hpp"
#include "actors/venue/venue_server.hpp"
#include "runtime/net/http_client.hpp"
#include "../broker/ed25519_keys.hpp"

using namespace tickline;
namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

venue_options options() {
  venue_options o;
  o.listen = "127.0.0.1:0";
  o.symbols = {"BTCUSDT"};
  o.credentials = {"stream-key", "stream-secret"};
  o.tick = std::chrono::milliseconds{20};
  return o;
}

// A blocking WebSocket client with a receive timeout of two seconds.
struct stream_client {
  net::io_context ioc;
  beast::websocket::stream<tcp::socket> ws{ioc};

  explicit stream_client(std::uint16_t port) {
    tcp::resolver resolver{ioc};
    net::connect(ws.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
    timeval tv{2, 0};
    ::setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ws.handshake("127.0.0.1", "/ws-api/v3");
  }
  void send(const nlohmann::json& j) { ws.write(net::buffer(j.dump())); }
  // The next message, or nullopt when none comes (closed, or nothing in two seconds).
  std::optional<nlohmann::json> next() {
    beast::flat_buffer buf;
    beast::error_code ec;
    ws.read(buf, ec);
    if (ec)
      return std::nullopt;
    return nlohmann::json::parse(beast::buffers_to_string(buf.data()));
  }
};

nlohmann::json subscribe(const std::string& key, const std::string& secret, std::int64_t ts) {
  // Signed as the WebSocket API signs: the parameters sorted by name.
  const std::string payload = "apiKey=" + key + "&timestamp=" + std::to_string(ts);
  return {{"id", "sub-1"},
          {"method", "userDataStream.subscribe.signature"},
          {"params", {{"apiKey", key}, {"timestamp", ts}, {"signature", hmac_sha256_hex(secret, payload)}}}};
}

} // namespace

TEST_CASE("the user data stream reports every order change once subscribed", "[venue][stream]") {
  venue_server venue{options()};
  binance_endpoint ep;
  ep.base.host = "127.0.0.1";
  ep.base.port = venue.port();
  ep.api_key = "stream-key";
  ep.secret = "stream-secret";
  stream_client c{venue.port()};
  c.send(subscribe("stream-key", "stream-secret", now_ms()));
  auto answer = c.next();
  REQUIRE(answer);
  CHECK((*answer)["id"] == "sub-1");
  CHECK((*answer)["status"] == 200);
  const auto sub = (*answer)["result"]["subscriptionId"].get<int>();

  auto placed = binance_call(ep, "POST", "/api/v3/order",
                             {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
                              {"quantity", "1"}, {"price", "50"}, {"newClientOrderId", "s-1"}},
                             true, now_ms());
  REQUIRE(placed.outcome == rest_outcome::ok);
  auto e = c.next();
  REQUIRE(e);
  CHECK((*e)["subscriptionId"] == sub);
  CHECK((*e)["event"]["e"] == "executionReport");
  CHECK((*e)["event"]["c"] == "s-1");
  CHECK((*e)["event"]["x"] == "NEW");
  CHECK((*e)["event"]["X"] == "NEW");
  CHECK((*e)["event"]["p"] == "50.00000000");

  binance_call(ep, "DELETE", "/api/v3/order", {{"symbol", "BTCUSDT"}, {"origClientOrderId", "s-1"}}, true, now_ms());
  e = c.next();
  REQUIRE(e);
  CHECK((*e)["event"]["x"] == "CANCELED");
  CHECK((*e)["event"]["C"] == "s-1");

  binance_call(ep, "POST", "/api/v3/order",
               {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "MARKET"}, {"quantity", "0.5"},
                {"newClientOrderId", "s-2"}},
               true, now_ms());
  auto first = c.next(), second = c.next();
  REQUIRE(first);
  REQUIRE(second);
  CHECK((*first)["event"]["x"] == "NEW");
  CHECK((*second)["event"]["x"] == "TRADE");
  CHECK((*second)["event"]["X"] == "FILLED");
  CHECK((*second)["event"]["l"] == "0.50000000");
  CHECK((*second)["event"]["z"] == "0.50000000");
  CHECK((*second)["event"]["N"] == "USDT");
  CHECK((*second)["event"]["t"].get<int>() > 0);

  // The fault: every stream dropped; the client sees its connection end.
  http_client_request r;
  r.method = "POST";
  r.target = "/venue/faults";
  r.body = R"({"drop_streams": true})";
  r.headers.emplace_back("X-MBX-APIKEY", "stream-key");
  REQUIRE(http_fetch(ep.base, r, std::chrono::milliseconds{2000}).status == 200);
  CHECK_FALSE(c.next().has_value());
}

TEST_CASE("a badly signed or stale subscription is refused and gets no events", "[venue][stream]") {
  venue_server venue{options()};
  stream_client c{venue.port()};
  c.send(subscribe("stream-key", "not the secret", now_ms()));
  auto bad = c.next();
  REQUIRE(bad);
  CHECK((*bad)["status"] == 400);
  CHECK((*bad)["error"]["code"] == -1022);
  c.send(subscribe("stream-key", "stream-secret", now_ms() - 60'000));
  CHECK((*c.next())["error"]["code"] == -1021);
  c.send(subscribe("other-key", "stream-secret", now_ms()));
  CHECK((*c.next())["error"]["code"] == -2015);
  c.send(nlohmann::json{{"id", 7}, {"method", "ping"}});
  auto pong = c.next();
  REQUIRE(pong);
  CHECK((*pong)["id"] == 7);
  CHECK((*pong)["status"] == 200);
  c.send(nlohmann::json{{"id", 8}, {"method", "nope"}});
  CHECK((*c.next())["status"] == 400);
}

TEST_CASE("the adapter's tracker takes its fills from the stream, and never twice with the polls",
          "[venue][stream][adapter]") {
  auto o = options();
  venue_server venue{o};
  binance_endpoint ep;
  ep.base.host = "127.0.0.1";
  ep.base.port = venue.port();
  ep.api_key = "stream-key";
  ep.secret = "stream-secret";
  stream_client c{venue.port()};
  c.send(subscribe("stream-key", "stream-secret", now_ms()));
  REQUIRE(c.next());
  binance_order_tracker t;
  std::string why;
  order_request req;
  req.client_order_id = "trk-1";
  req.symbol = "BTCUSDT";
  req.sd = side::buy;
  REQUIRE(t.begin(req, now_ms(), why));
  // The POST's answer is lost (as after a timeout): only the stream says what happened.
  binance_call(ep, "POST", "/api/v3/order",
               {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "MARKET"}, {"quantity", "0.25"},
                {"newClientOrderId", "trk-1"}},
               true, now_ms());
  t.on_place("trk-1", classify_reply({0, "", {}, "timed out after 300 ms"}), now_ms());
  REQUIRE(t.find("trk-1")->state == wire_state::unknown);
  tracker_events all;
  for (int i = 0; i < 2; ++i) {
    auto e = c.next();
    REQUIRE(e);
    auto ev = t.on_execution((*e)["event"], now_ms());
    all.acks.insert(all.acks.end(), ev.acks.begin(), ev.acks.end());
    all.fills.insert(all.fills.end(), ev.fills.begin(), ev.fills.end());
  }
  REQUIRE(all.acks.size() == 1);
  REQUIRE(all.fills.size() == 1);
  CHECK(all.fills[0].qty == 0.25);
  CHECK(t.find("trk-1")->state == wire_state::done);
  // The venue's own record of the trade: the same price and commission.
  auto trades = binance_call(ep, "GET", "/api/v3/myTrades", {{"symbol", "BTCUSDT"}}, true, now_ms());
  REQUIRE(trades.body.size() == 1);
  CHECK(all.fills[0].price == Approx(std::stod(trades.body[0]["price"].get<std::string>())));
  CHECK(all.fills[0].fee == Approx(std::stod(trades.body[0]["commission"].get<std::string>())));
  // A poll answering afterwards adds nothing.
  REQUIRE(t.begin([] {
    order_request r;
    r.client_order_id = "trk-2";
    r.symbol = "BTCUSDT";
    return r;
  }(), now_ms(), why));
  auto placed = binance_call(ep, "POST", "/api/v3/order",
                             {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "MARKET"}, {"quantity", "0.1"},
                              {"newClientOrderId", "trk-2"}},
                             true, now_ms());
  auto from_post = t.on_place("trk-2", placed, now_ms());
  CHECK(from_post.fills.size() == 1);
  for (int i = 0; i < 2; ++i) {
    auto e = c.next();
    REQUIRE(e);
    CHECK(t.on_execution((*e)["event"], now_ms()).fills.empty());  // reported already
  }
}

TEST_CASE("the adapter's user stream subscribes, hands over reports, and subscribes again after a drop",
          "[venue][stream][adapter]") {
  venue_server venue{options()};
  std::mutex m;
  std::condition_variable cv;
  std::vector<binance_stream_event> seen;
  binance_user_stream_options so;
  so.url = "ws://127.0.0.1:" + std::to_string(venue.port()) + "/ws-api/v3";
  so.api_key = "stream-key";
  so.secret = "stream-secret";
  so.now_ms = now_ms;
  so.backoff_min = std::chrono::milliseconds{50};
  so.backoff_max = std::chrono::milliseconds{200};
  binance_user_stream stream{so, [&](binance_stream_event e) {
    std::lock_guard<std::mutex> lock{m};
    seen.push_back(std::move(e));
    cv.notify_all();
  }};
  auto wait_for = [&](binance_stream_event::kind k, std::size_t n) {
    std::unique_lock<std::mutex> lock{m};
    return cv.wait_for(lock, std::chrono::seconds{10}, [&] {
      return static_cast<std::size_t>(std::count_if(seen.begin(), seen.end(), [&](const auto& e) {
               return e.what == k;
             })) >= n;
    });
  };
  REQUIRE(wait_for(binance_stream_event::kind::subscribed, 1));
  binance_endpoint ep;
  ep.base.host = "127.0.0.1";
  ep.base.port = venue.port();
  ep.api_key = "stream-key";
  ep.secret = "stream-secret";
  auto place = [&](const std::string& id) {
    return binance_call(ep, "POST", "/api/v3/order",
                        {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
                         {"quantity", "1"}, {"price", "50"}, {"newClientOrderId", id}},
                        true, now_ms());
  };
  REQUIRE(place("us-1").outcome == rest_outcome::ok);
  REQUIRE(wait_for(binance_stream_event::kind::report, 1));
  // Dropped: it says so, comes back, subscribes again, and the reports flow again.
  http_client_request r;
  r.method = "POST";
  r.target = "/venue/faults";
  r.body = R"({"drop_streams": true})";
  r.headers.emplace_back("X-MBX-APIKEY", "stream-key");
  REQUIRE(http_fetch(ep.base, r, std::chrono::milliseconds{2000}).status == 200);
  REQUIRE(wait_for(binance_stream_event::kind::down, 1));
  REQUIRE(wait_for(binance_stream_event::kind::subscribed, 2));
  CHECK(stream.subscriptions() == 2);
  REQUIRE(place("us-2").outcome == rest_outcome::ok);
  REQUIRE(wait_for(binance_stream_event::kind::report, 2));
  std::lock_guard<std::mutex> lock{m};
  std::vector<std::string> ids;
  for (const auto& e : seen)
    if (e.what == binance_stream_event::kind::report)
      ids.push_back(e.report["c"].get<std::string>());
  CHECK(ids == std::vector<std::string>{"us-1", "us-2"});
}

TEST_CASE("a user stream with a wrong secret is refused, with the venue's reason", "[venue][stream][adapter]") {
  venue_server venue{options()};
  std::mutex m;
  std::condition_variable cv;
  std::string refused;
  binance_user_stream_options so;
  so.url = "ws://127.0.0.1:" + std::to_string(venue.port()) + "/ws-api/v3";
  so.api_key = "stream-key";
  so.secret = "wrong";
  so.now_ms = now_ms;
  binance_user_stream stream{so, [&](binance_stream_event e) {
    if (e.what != binance_stream_event::kind::refused)
      return;
    std::lock_guard<std::mutex> lock{m};
    refused = e.text;
    cv.notify_all();
  }};
  std::unique_lock<std::mutex> lock{m};
  REQUIRE(cv.wait_for(lock, std::chrono::seconds{10}, [&] { return !refused.empty(); }));
  CHECK(refused == "-1022: Signature for this request is not valid.");
  CHECK(stream.subscriptions() == 0);
}

TEST_CASE("an Ed25519 API key: the adapter's REST calls and user stream, verified by the venue",
          "[venue][stream][adapter][ed25519]") {
  const auto keys = test::ed25519_random();
  auto o = options();
  o.credentials = {"ed-key", keys.public_key};
  venue_server venue{o};
  binance_endpoint ep;
  ep.base.host = "127.0.0.1";
  ep.base.port = venue.port();
  ep.api_key = "ed-key";
  ep.secret = keys.private_key;
  auto account = binance_call(ep, "GET", "/api/v3/account", {}, true, now_ms());
  INFO(account.msg);
  REQUIRE(account.outcome == rest_outcome::ok);
  // Base64 has '+', '/' and '='; percent-encoded, the venue reads them back. Many calls
  // make sure signatures with each of them pass.
  for (int i = 0; i < 20; ++i) {
    auto r = binance_call(ep, "POST", "/api/v3/order",
                          {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
                           {"quantity", "1"}, {"price", "50"}, {"newClientOrderId", "ed-" + std::to_string(i)}},
                          true, now_ms());
    INFO(i << ": " << r.msg);
    REQUIRE(r.outcome == rest_outcome::ok);
  }
  // Another key, or an HMAC secret, is refused as Binance refuses a bad signature.
  auto other = ep;
  other.secret = test::ed25519_random().private_key;
  CHECK(binance_call(other, "GET", "/api/v3/account", {}, true, now_ms()).code == -1022);
  other.secret = "stream-secret";
  CHECK(binance_call(other, "GET", "/api/v3/account", {}, true, now_ms()).code == -1022);

  // The user stream's subscription is signed with the same key.
  std::mutex m;
  std::condition_variable cv;
  std::vector<binance_stream_event> seen;
  binance_user_stream_options so;
  so.url = "ws://127.0.0.1:" + std::to_string(venue.port()) + "/ws-api/v3";
  so.api_key = "ed-key";
  so.secret = keys.private_key;
  so.now_ms = now_ms;
  binance_user_stream stream{so, [&](binance_stream_event e) {
    std::lock_guard<std::mutex> lock{m};
    seen.push_back(std::move(e));
    cv.notify_all();
  }};
  std::unique_lock<std::mutex> lock{m};
  const bool subscribed = cv.wait_for(lock, std::chrono::seconds{10}, [&] {
    return std::any_of(seen.begin(), seen.end(), [](const auto& e) {
      return e.what == binance_stream_event::kind::subscribed || e.what == binance_stream_event::kind::refused;
    });
  });
  REQUIRE(subscribed);
  CHECK(seen.back().what == binance_stream_event::kind::subscribed);
}
