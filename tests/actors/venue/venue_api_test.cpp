#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "actors/broker/binance_signing.hpp"
#include "actors/venue/venue_api.hpp"
#include "actors/venue/venue_server.hpp"

using namespace tickline;

namespace {

struct fixture {
  std::int64_t now = 1'700'000'000'000;
  venue_state state{{default_filters("BTCUSDT", "BTC", "USDT")}, {{"USDT", 10000}}, 0.001};
  venue_api api{state, {"key-1", "secret-1"}, [this] { return now; }};

  fixture() { state.on_trade("BTCUSDT", 100, now); }

  http_response send(const std::string& method, const std::string& path, std::string params,
                     bool in_body = false, const std::string& key = "key-1",
                     const std::string& secret = "secret-1") {
    params += (params.empty() ? "" : "&") + std::string{"timestamp="} + std::to_string(now - 10);
    params += "&signature=" + hmac_sha256_hex(secret, params);
    http_request r;
    r.method = method;
    r.target = path + (in_body ? "" : "?" + params);
    if (in_body)
      r.body = params;
    if (!key.empty())
      r.headers["x-mbx-apikey"] = key;
    return api.handle(r);
  }
  http_response get(const std::string& target) {
    http_request r;
    r.method = "GET";
    r.target = target;
    return api.handle(r);
  }
};

nlohmann::json body(const http_response& r) { return nlohmann::json::parse(r.body); }

std::string header(const http_response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name)
      return v;
  return "";
}

} // namespace

TEST_CASE("the venue's REST API: an order's life, in Binance's shapes", "[venue][api]") {
  fixture f;
  auto info = f.get("/api/v3/exchangeInfo");
  REQUIRE(info.status == 200);
  auto j = body(info);
  CHECK(j["symbols"][0]["symbol"] == "BTCUSDT");
  CHECK(j["symbols"][0]["filters"][0]["tickSize"] == "0.01000000");
  CHECK(header(info, "X-MBX-USED-WEIGHT-1M") == "20");
  CHECK(body(f.get("/api/v3/time"))["serverTime"] == f.now);

  auto placed = f.send("POST", "/api/v3/order",
                       "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=90&newClientOrderId=x-1",
                       true);
  INFO(placed.body);
  REQUIRE(placed.status == 200);
  auto o = body(placed);
  CHECK(o["clientOrderId"] == "x-1");
  CHECK(o["status"] == "NEW");
  CHECK(o["price"] == "90.00000000");
  CHECK(header(placed, "X-MBX-ORDER-COUNT-10S") == "1");
  CHECK(header(placed, "X-MBX-USED-WEIGHT-1M") == "22");
  auto queried = body(f.send("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=x-1"));
  CHECK(queried["orderId"] == o["orderId"]);
  CHECK(queried["isWorking"] == true);
  auto open = body(f.send("GET", "/api/v3/openOrders", "symbol=BTCUSDT"));
  CHECK(open.size() == 1);
  auto account = body(f.send("GET", "/api/v3/account", ""));
  CHECK(account["balances"][1]["asset"] == "USDT");
  CHECK(account["balances"][1]["locked"] == "90.09000000");
  auto canceled = f.send("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=x-1");
  REQUIRE(canceled.status == 200);
  CHECK(body(canceled)["status"] == "CANCELED");
  auto again = f.send("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=x-1");
  CHECK(again.status == 400);
  CHECK(body(again) == nlohmann::json{{"code", -2011}, {"msg", "Unknown order sent."}});

  // A market buy with FULL: its fill, then the trade in myTrades.
  auto bought = f.send("POST", "/api/v3/order",
                       "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.5&newOrderRespType=FULL", true);
  REQUIRE(bought.status == 200);
  auto b = body(bought);
  CHECK(b["status"] == "FILLED");
  CHECK(b["fills"][0]["price"] == "100.00000000");
  CHECK(b["fills"][0]["commission"] == "0.05000000");
  auto trades = body(f.send("GET", "/api/v3/myTrades", "symbol=BTCUSDT"));
  REQUIRE(trades.size() == 1);
  CHECK(trades[0]["isBuyer"] == true);
  CHECK(trades[0]["qty"] == "0.50000000");
}

TEST_CASE("the venue checks keys, signatures and time as Binance does", "[venue][api]") {
  fixture f;
  auto no_key = f.send("GET", "/api/v3/account", "", false, "");
  CHECK(no_key.status == 401);
  CHECK(body(no_key)["code"] == -2014);
  CHECK(body(f.send("GET", "/api/v3/account", "", false, "key-2"))["code"] == -2015);
  auto bad_sig = f.send("GET", "/api/v3/account", "", false, "key-1", "wrong secret");
  CHECK(bad_sig.status == 400);
  CHECK(body(bad_sig) == nlohmann::json{{"code", -1022}, {"msg", "Signature for this request is not valid."}});
  // A request signed, then changed on the way.
  http_request r;
  r.method = "GET";
  std::string params = "symbol=BTCUSDT&timestamp=" + std::to_string(f.now);
  r.target = "/api/v3/openOrders?" + params + "&signature=" + hmac_sha256_hex("secret-1", params) + "&x=1";
  r.headers["x-mbx-apikey"] = "key-1";
  CHECK(body(f.api.handle(r))["code"] == -1022);
  // Time: older than recvWindow, or a second ahead.
  auto stale = [&](std::int64_t ts, const std::string& extra) {
    std::string p = extra + "timestamp=" + std::to_string(ts);
    http_request q;
    q.method = "GET";
    q.target = "/api/v3/account?" + p + "&signature=" + hmac_sha256_hex("secret-1", p);
    q.headers["x-mbx-apikey"] = "key-1";
    return body(f.api.handle(q));
  };
  CHECK(stale(f.now - 5001, "")["code"] == -1021);
  CHECK(stale(f.now - 5001, "recvWindow=10000&").contains("balances"));
  CHECK(stale(f.now + 1000, "")["msg"] == "Timestamp for this request was 1000ms ahead of the server's time.");
  CHECK(stale(f.now + 999, "").contains("balances"));
  CHECK(stale(f.now, "recvWindow=60001&")["code"] == -1131);
  CHECK(stale((f.now - 10) * 1000, "").contains("balances"));  // microseconds
  CHECK(f.api.auth_failures() == 7);
  // Unknown endpoints and bad parameters.
  CHECK(f.get("/api/v3/nothing").status == 404);
  CHECK(body(f.send("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1x&price=90",
                    true))["code"] == -1100);
}

TEST_CASE("the venue's OCO endpoints in Binance's shapes", "[venue][api][oco]") {
  fixture f;
  auto bought = f.send("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", true);
  REQUIRE(bought.status == 200);
  auto oco = f.send("POST", "/api/v3/orderList/oco",
                    "symbol=BTCUSDT&side=SELL&quantity=1&aboveType=LIMIT_MAKER&abovePrice=110&belowType=STOP_LOSS"
                    "&belowStopPrice=90&listClientOrderId=L1&aboveClientOrderId=L1-tp&belowClientOrderId=L1-sl",
                    true);
  INFO(oco.body);
  REQUIRE(oco.status == 200);
  auto j = body(oco);
  CHECK(j["contingencyType"] == "OCO");
  CHECK(j["listClientOrderId"] == "L1");
  CHECK(j["orders"].size() == 2);
  CHECK(j["orderReports"][1]["clientOrderId"] == "L1-sl");
  CHECK(j["orderReports"][1]["stopPrice"] == "90.00000000");
  auto leg = body(f.send("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=L1-tp"));
  CHECK(leg["orderListId"] == j["orderListId"]);
  auto listed = body(f.send("GET", "/api/v3/orderList", "origClientOrderId=L1"));
  CHECK(listed["listOrderStatus"] == "EXECUTING");
  auto canceled = f.send("DELETE", "/api/v3/orderList", "symbol=BTCUSDT&listClientOrderId=L1");
  REQUIRE(canceled.status == 200);
  CHECK(body(canceled)["listOrderStatus"] == "ALL_DONE");
  CHECK(body(canceled)["orderReports"][0]["status"] == "CANCELED");
}

TEST_CASE("the venue refuses what could read other than it was signed, and survives any bytes",
          "[venue][api]") {
  fixture f;
  // Signed over "...quantity=10&timestamp=...", resent cut after "quantity=1": the same
  // bytes signed, another order read. Refused.
  std::string payload = "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=10&timestamp=" + std::to_string(f.now);
  const auto sig = hmac_sha256_hex("secret-1", payload);
  const auto cut = payload.find("quantity=1") + 10;
  http_request r;
  r.method = "POST";
  r.target = "/api/v3/order?" + payload.substr(0, cut);
  r.body = payload.substr(cut) + "&signature=" + sig;
  r.headers["x-mbx-apikey"] = "key-1";
  auto res = f.api.handle(r);
  CHECK(res.status == 400);
  CHECK(body(res)["code"] == -1100);
  CHECK(f.state.fills().empty());
  // A client id that is not Binance's shape, or bytes that are not UTF-8: refused, answered.
  auto bad_id = f.send("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&newClientOrderId=%FF",
                       true);
  CHECK(bad_id.status == 400);
  CHECK(body(bad_id)["code"] == -1100);
  CHECK(f.state.open_orders("").empty());
  auto odd = f.get("/api/v3/\xff\xfe");
  CHECK(odd.status == 404);
  CHECK(nlohmann::json::parse(odd.body)["code"] == -1000);
}

TEST_CASE("faults read from JSON name what is wrong, and a schedule arms them again",
          "[venue][api][faults]") {
  venue_faults f;
  CHECK(parse_venue_faults(nlohmann::json::parse(R"({"throttle": 1, "every_s": 2})"), f).empty());
  CHECK(f.throttle == 1);
  CHECK(f.every_s == 2);
  CHECK(parse_venue_faults(nlohmann::json::parse(R"({"throttel": 1})"), f) == "unknown fault \"throttel\"");
  CHECK(parse_venue_faults(nlohmann::json::parse(R"({"every_s": -1})"), f).find(">= 0") != std::string::npos);
  CHECK(parse_venue_faults(nlohmann::json::parse(R"({"throttle": "x"})"), f).find("bad fault") == 0);
  CHECK(parse_venue_faults(nlohmann::json::parse("[1]"), f) == "the faults are a JSON object");
  CHECK(f.throttle == 1);  // unchanged by the refusals

  fixture v;
  v.api.set_faults(f, v.now);
  CHECK(v.get("/api/v3/ping").status == 429);
  CHECK(v.get("/api/v3/ping").status == 200);
  v.now += 1999;
  v.api.rearm(v.now);
  CHECK(v.get("/api/v3/ping").status == 200);
  v.now += 1;
  v.api.rearm(v.now);
  CHECK(v.get("/api/v3/ping").status == 429);
  CHECK(v.get("/api/v3/ping").status == 200);
  // The endpoint takes the same names; a bad one is a 400 naming it, the schedule stays.
  http_request r;
  r.method = "POST";
  r.target = "/venue/faults";
  r.headers["x-mbx-apikey"] = "key-1";
  r.body = R"({"ban": true, "bogus": 3})";
  const auto refused = v.api.handle(r);
  CHECK(refused.status == 400);
  CHECK(body(refused)["msg"] == "Unknown fault \"bogus\".");
  v.now += 2000;
  v.api.rearm(v.now);
  CHECK(v.get("/api/v3/ping").status == 429);
  // A set without every_s ends the schedule.
  r.body = R"({"throttle": 0})";
  CHECK(v.api.handle(r).status == 200);
  v.now += 5000;
  v.api.rearm(v.now);
  CHECK(v.get("/api/v3/ping").status == 200);
}
