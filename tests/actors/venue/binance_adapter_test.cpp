// The Binance adapter's REST client and order tracker against a real `tickline venue`
// (in process, on loopback), with the venue's fault injection: an order whose outcome is
// unknown is asked about, never sent twice.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "actors/broker/binance_order_tracker.hpp"
#include "actors/broker/binance_rest.hpp"
#include "actors/venue/venue_server.hpp"
#include "runtime/net/http_client.hpp"

using namespace tickline;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

struct venue_fixture {
  venue_server venue{[] {
    venue_options o;
    o.listen = "127.0.0.1:0";
    o.symbols = {"BTCUSDT"};
    o.balances = {{"USDT", 100000}};
    o.credentials = {"adapter-key", "adapter-secret"};
    o.tick = std::chrono::milliseconds{20};
    return o;
  }()};
  binance_endpoint ep;

  venue_fixture() {
    ep.base.host = "127.0.0.1";
    ep.base.port = venue.port();
    ep.api_key = "adapter-key";
    ep.secret = "adapter-secret";
    ep.timeout = std::chrono::milliseconds{2000};
  }

  void faults(const std::string& json) {
    http_client_request r;
    r.method = "POST";
    r.target = "/venue/faults";
    r.body = json;
    r.headers.emplace_back("X-MBX-APIKEY", "adapter-key");
    auto res = http_fetch(ep.base, r, std::chrono::milliseconds{2000});
    REQUIRE(res.status == 200);
  }

  rest_reply place(const std::string& id, const std::string& type, const std::string& qty,
                   const std::string& price = "") {
    std::vector<std::pair<std::string, std::string>> p{
      {"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", type}, {"quantity", qty}, {"newClientOrderId", id},
      {"newOrderRespType", "RESULT"}};
    if (!price.empty()) {
      p.emplace_back("price", price);
      p.emplace_back("timeInForce", "GTC");
    }
    return binance_call(ep, "POST", "/api/v3/order", p, true, now_ms());
  }

  rest_reply query(const std::string& id) {
    return binance_call(ep, "GET", "/api/v3/order", {{"symbol", "BTCUSDT"}, {"origClientOrderId", id}}, true,
                        now_ms());
  }

  // Orders the venue holds under a client id, open or not (its trades count the filled).
  std::size_t venue_orders_with(const std::string& id) {
    auto r = query(id);
    return r.outcome == rest_outcome::ok ? 1 : 0;
  }
};

order_request request(const std::string& id) {
  order_request r;
  r.client_order_id = id;
  r.symbol = "BTCUSDT";
  r.sd = side::buy;
  r.qty = 1;
  return r;
}

// Queries what is due until `id` is no longer unknown (or `tries` run out).
tracker_events settle(venue_fixture& f, binance_order_tracker& t, const std::string& id, int tries = 40) {
  tracker_events all;
  for (int i = 0; i < tries && t.find(id)->state == wire_state::unknown; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{60});
    for (const auto& due : t.due(now_ms()))
      if (due == id) {
        auto ev = t.on_query(id, f.query(id), now_ms());
        for (auto& a : ev.acks)
          all.acks.push_back(a);
        for (auto& x : ev.fills)
          all.fills.push_back(x);
        for (auto& x : ev.rejects)
          all.rejects.push_back(x);
      }
  }
  return all;
}

tracker_settings fast() {
  tracker_settings s;
  s.query_backoff_min_ms = 50;
  s.query_backoff_max_ms = 200;
  s.recv_window_ms = 300;
  s.clock_margin_ms = 200;
  s.poll_ms = 50;
  return s;
}

} // namespace

TEST_CASE("the adapter's REST calls are signed and classified as Binance's docs say",
          "[venue][adapter]") {
  venue_fixture f;
  binance_order_tracker t{fast()};
  std::string why;
  REQUIRE(t.begin(request("a-1"), now_ms(), why));
  auto r = f.place("a-1", "MARKET", "1");
  INFO(r.msg);
  REQUIRE(r.outcome == rest_outcome::ok);
  CHECK(r.used_weight_1m > 0);
  CHECK(r.order_count_10s == 1);
  auto ev = t.on_place("a-1", r, now_ms());
  REQUIRE(ev.acks.size() == 1);
  REQUIRE(ev.fills.size() == 1);
  CHECK(ev.fills[0].qty == 1);
  CHECK(ev.fills[0].price > 0);
  CHECK(t.find("a-1")->state == wire_state::done);
  // Never a second POST for the same client id.
  CHECK_FALSE(t.begin(request("a-1"), now_ms(), why));
  CHECK(why.find("never sent twice") != std::string::npos);

  // A final reject carries the venue's code and message.
  REQUIRE(t.begin(request("a-2"), now_ms(), why));
  auto poor = f.place("a-2", "LIMIT", "5000", "90");
  CHECK(poor.outcome == rest_outcome::rejected);
  CHECK(poor.code == -2010);
  auto rej = t.on_place("a-2", poor, now_ms());
  REQUIRE(rej.rejects.size() == 1);
  CHECK(rej.rejects[0].reason == "venue rejected (-2010): Account has insufficient balance for requested action.");

  // A wrong secret is a final reject too (-1022), not an unknown.
  auto bad = f.ep;
  bad.secret = "not it";
  CHECK(binance_call(bad, "GET", "/api/v3/account", {}, true, now_ms()).code == -1022);
  // Nothing listening: unknown.
  auto gone = f.ep;
  gone.base.port = 1;
  CHECK(binance_call(gone, "GET", "/api/v3/account", {}, true, now_ms()).outcome == rest_outcome::unknown);
}

TEST_CASE("a 5XX after the venue accepted: the order is asked about, found, and not sent again",
          "[venue][adapter][unknown]") {
  venue_fixture f;
  binance_order_tracker t{fast()};
  f.faults(R"({"error_after_accept": 1})");
  std::string why;
  REQUIRE(t.begin(request("u-1"), now_ms(), why));
  auto r = f.place("u-1", "LIMIT", "1", "50");
  CHECK(r.status == 503);
  CHECK(r.code == -1006);
  REQUIRE(r.outcome == rest_outcome::unknown);
  auto ev = t.on_place("u-1", r, now_ms());
  CHECK(ev.acks.empty());
  CHECK(ev.rejects.empty());
  CHECK(t.find("u-1")->state == wire_state::unknown);
  CHECK(t.unknown() == 1);
  CHECK_FALSE(t.begin(request("u-1"), now_ms(), why));  // no resend
  auto found = settle(f, t, "u-1");
  REQUIRE(found.acks.size() == 1);
  CHECK(t.find("u-1")->state == wire_state::open);
  CHECK(t.find("u-1")->venue_order_id > 0);
  CHECK(f.venue_orders_with("u-1") == 1);
}

TEST_CASE("an answer that never comes in time: unknown, then found by its client id",
          "[venue][adapter][unknown]") {
  venue_fixture f;
  binance_order_tracker t{fast()};
  f.faults(R"({"delay_after_accept": 1, "delay_ms": 1500})");
  f.ep.timeout = std::chrono::milliseconds{300};
  std::string why;
  REQUIRE(t.begin(request("d-1"), now_ms(), why));
  auto r = f.place("d-1", "MARKET", "0.5");
  INFO(r.msg);
  CHECK(r.status == 0);
  REQUIRE(r.outcome == rest_outcome::unknown);
  t.on_place("d-1", r, now_ms());
  f.ep.timeout = std::chrono::milliseconds{2000};
  auto found = settle(f, t, "d-1");
  REQUIRE(found.acks.size() == 1);
  REQUIRE(found.fills.size() == 1);  // it had filled at the venue
  CHECK(found.fills[0].qty == 0.5);
  CHECK(t.find("d-1")->state == wire_state::done);
}

TEST_CASE("an order that never reached the venue is known absent only after its recvWindow",
          "[venue][adapter][unknown]") {
  venue_fixture f;
  binance_order_tracker t{fast()};
  std::string why;
  const auto sent = now_ms();
  REQUIRE(t.begin(request("x-1"), sent, why));
  // The POST died before the venue saw it: a transport error, nothing booked.
  t.on_place("x-1", classify_reply({0, "", {}, "connection reset"}), sent);
  auto ev = settle(f, t, "x-1");
  REQUIRE(ev.rejects.size() == 1);
  CHECK(ev.rejects[0].reason.find("not at the venue after ") == 0);
  CHECK(t.find("x-1")->not_found >= 3);
  CHECK(t.find("x-1")->state == wire_state::absent);
  CHECK(now_ms() - sent > 300 + 200);  // not before its recvWindow (and the clock margin) had passed
  CHECK(f.venue_orders_with("x-1") == 0);
}

TEST_CASE("429 and 418: refused before the venue looked, with the time to wait", "[venue][adapter]") {
  venue_fixture f;
  binance_order_tracker t{fast()};
  f.faults(R"({"throttle": 1, "retry_after_s": 7})");
  std::string why;
  REQUIRE(t.begin(request("t-1"), now_ms(), why));
  auto r = f.place("t-1", "LIMIT", "1", "50");
  REQUIRE(r.outcome == rest_outcome::throttled);
  CHECK(r.status == 429);
  CHECK(r.retry_after_s == 7);
  auto ev = t.on_place("t-1", r, now_ms());
  REQUIRE(ev.rejects.size() == 1);
  CHECK(ev.rejects[0].reason.find("venue throttled (HTTP 429, retry after 7 s)") == 0);
  CHECK(f.venue_orders_with("t-1") == 0);
  f.faults(R"({"throttle": 1, "ban": true, "retry_after_s": 120})");
  auto banned = f.place("t-2", "LIMIT", "1", "50");
  CHECK(banned.status == 418);
  CHECK(banned.retry_after_s == 120);
}

TEST_CASE("an order that ends at the venue without filling is reported to the engine",
          "[venue][adapter]") {
  venue_fixture f;
  binance_order_tracker t{fast()};
  std::string why;
  REQUIRE(t.begin(request("ioc-1"), now_ms(), why));
  auto r = binance_call(f.ep, "POST", "/api/v3/order",
                        {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "IOC"},
                         {"quantity", "1"}, {"price", "50"}, {"newClientOrderId", "ioc-1"}},
                        true, now_ms());
  REQUIRE(r.outcome == rest_outcome::ok);
  CHECK(r.body["status"] == "EXPIRED");
  auto ev = t.on_place("ioc-1", r, now_ms());
  REQUIRE(ev.acks.size() == 1);
  REQUIRE(ev.statuses.size() == 1);
  CHECK(ev.statuses[0].state == order_state::cancelled);
  CHECK(ev.statuses[0].reason == "venue: EXPIRED");
  CHECK(ev.statuses[0].filled_qty == 0);
  CHECK(t.find("ioc-1")->state == wire_state::done);
  // A 2XX that does not say what happened is an unknown, and asked about.
  REQUIRE(t.begin(request("odd-1"), now_ms(), why));
  t.on_place("odd-1", classify_reply({200, "<html>proxy</html>", {}, ""}), now_ms());
  CHECK(t.find("odd-1")->state == wire_state::unknown);
}
