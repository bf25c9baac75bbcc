#include "actors/venue/venue_api.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "actors/broker/binance_signing.hpp"
#include "actors/venue/venue_json.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

using json = nlohmann::ordered_json;

http_response answer(unsigned status, const json& body) {
  http_response r;
  r.status = status;
  // Bytes that are not UTF-8 (echoed from a request) are replaced, never thrown about.
  r.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return r;
}

// Every component of a form is "key=value" with a key: a stray fragment is what is left
// when a signed payload is cut between query and body somewhere else than at a '&', so
// refusing it keeps the parameters read the ones that were signed.
bool well_formed(const std::string& form) {
  std::size_t start = 0;
  while (start < form.size()) {
    auto end = form.find('&', start);
    if (end == std::string::npos)
      end = form.size();
    const auto eq = form.find('=', start);
    if (end > start && (eq == std::string::npos || eq >= end || eq == start))
      return false;
    start = end + 1;
  }
  return true;
}

// Binance's rule for client order ids: 1..36 of A-Z a-z 0-9 . : / _ -.
bool valid_client_id(const std::string& id) {
  if (id.empty() || id.size() > 36)
    return false;
  for (unsigned char c : id)
    if (!(std::isalnum(c) || c == '.' || c == ':' || c == '/' || c == '_' || c == '-'))
      return false;
  return true;
}

http_response error(unsigned status, int code, const std::string& msg) {
  return answer(status, json{{"code", code}, {"msg", msg}});
}

// The HTTP status Binance gives each error code.
unsigned status_of(int code) {
  if (code == -2014 || code == -2015)
    return 401;
  return 400;
}

struct route {
  int weight;
  bool is_signed;
  bool is_order;
};

// Weights as Binance's docs give them.
const std::map<std::string, route>& routes() {
  static const std::map<std::string, route> r{
    {"GET /api/v3/ping", {1, false, false}},        {"GET /api/v3/time", {1, false, false}},
    {"GET /api/v3/exchangeInfo", {20, false, false}}, {"GET /api/v3/ticker/price", {2, false, false}},
    {"POST /api/v3/order", {1, true, true}},        {"DELETE /api/v3/order", {1, true, false}},
    {"GET /api/v3/order", {4, true, false}},        {"GET /api/v3/openOrders", {6, true, false}},
    {"GET /api/v3/account", {20, true, false}},     {"GET /api/v3/myTrades", {20, true, false}},
    {"GET /api/v3/allOrders", {20, true, false}},
    {"POST /api/v3/orderList/oco", {1, true, true}}, {"GET /api/v3/orderList", {4, true, false}},
    {"DELETE /api/v3/orderList", {1, true, false}},
  };
  return r;
}

// A whole number of up to 18 digits, nothing else.
std::optional<std::int64_t> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 18)
    return std::nullopt;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A signed request's time, checked as Binance checks it: `timestamp` in ms (or µs, 16
// digits and more), `recvWindow` (default 5000, at most 60000, up to 3 decimals), not a
// second ahead of `now` nor older than the window. Returns 0 when it passes, else the
// Binance code with `msg` set.
int time_failure(const std::string* timestamp, const std::string* recv_window, std::int64_t now, std::string& msg) {
  auto ts = timestamp ? whole_number(*timestamp) : std::nullopt;
  if (!ts) {
    msg = "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.";
    return -1102;
  }
  std::int64_t ts_ms = *ts;
  if (timestamp->size() >= 16)
    ts_ms /= 1000;  // microseconds
  std::int64_t window = 5000;
  if (recv_window) {
    auto w = decimal8::parse(*recv_window);
    if (!w || w->value() > 60000) {
      msg = "recvWindow must be less than 60000";
      return -1131;
    }
    window = w->units / decimal8::scale;
  }
  if (ts_ms >= now + 1000) {
    msg = "Timestamp for this request was 1000ms ahead of the server's time.";
    return -1021;
  }
  if (now - ts_ms > window) {
    msg = "Timestamp for this request is outside of the recvWindow.";
    return -1021;
  }
  return 0;
}

// Reads the decimal parameters named into their fields; the name of the first that is
// there but not a decimal, or nullptr.
const char* read_decimals(const std::map<std::string, std::string>& p,
                          std::initializer_list<std::pair<const char*, std::optional<decimal8>*>> fields) {
  for (auto [name, field] : fields)
    if (auto it = p.find(name); it != p.end()) {
      *field = decimal8::parse(it->second);
      if (!*field)
        return name;
    }
  return nullptr;
}

http_response illegal(const std::string& name) {
  return error(400, -1100, "Illegal characters found in parameter '" + name + "'.");
}

// The answer of an order booked while the fault says its client may not know it.
http_response unknown_outcome() {
  return error(503, -1006, "An unexpected response was received from the message bus. Execution status unknown.");
}

} // namespace

venue_api::venue_api(venue_state& state, venue_credentials credentials, std::function<std::int64_t()> now_ms)
    : state_(state), cred_(std::move(credentials)), now_ms_(std::move(now_ms)) {}

std::int64_t venue_api::count(counters& c, std::int64_t window, std::int64_t add) {
  if (c.window != window) {
    c.window = window;
    c.used = 0;
  }
  return c.used += add;
}

std::string parse_venue_faults(const nlohmann::json& j, venue_faults& out) {
  if (!j.is_object())
    return "the faults are a JSON object";
  static const char* const names[] = {"error_after_accept", "delay_after_accept", "delay_ms",
                                      "throttle", "ban", "retry_after_s", "drop_streams",
                                      "delay_reports", "every_s"};
  for (const auto& item : j.items())
    if (std::find_if(std::begin(names), std::end(names),
                     [&](const char* n) { return item.key() == n; }) == std::end(names))
      return "unknown fault \"" + item.key() + "\"";
  venue_faults f;
  try {
    f.error_after_accept = j.value("error_after_accept", 0);
    f.delay_after_accept = j.value("delay_after_accept", 0);
    f.delay_ms = j.value("delay_ms", std::int64_t{0});
    f.throttle = j.value("throttle", 0);
    f.ban = j.value("ban", false);
    f.retry_after_s = j.value("retry_after_s", 1);
    f.drop_streams = j.value("drop_streams", false);
    f.delay_reports = j.value("delay_reports", 0);
    f.every_s = j.value("every_s", 0);
  } catch (const nlohmann::json::exception& e) {
    return std::string{"bad fault: "} + e.what();
  }
  if (f.error_after_accept < 0 || f.delay_after_accept < 0 || f.delay_ms < 0 || f.delay_ms > 600000 ||
      f.throttle < 0 || f.retry_after_s < 0 || f.delay_reports < 0 || f.every_s < 0)
    return "fault counts and times are >= 0 (delay_ms at most 600000)";
  out = f;
  return {};
}

nlohmann::json venue_faults_json(const venue_faults& f) {
  return json{{"error_after_accept", f.error_after_accept},
              {"delay_after_accept", f.delay_after_accept},
              {"delay_ms", f.delay_ms},
              {"throttle", f.throttle},
              {"ban", f.ban},
              {"retry_after_s", f.retry_after_s},
              {"drop_streams", f.drop_streams},
              {"delay_reports", f.delay_reports},
              {"every_s", f.every_s}};
}

void venue_api::set_faults(const venue_faults& f, std::int64_t now_ms) {
  faults_ = f;
  schedule_ = f;
  armed_ms_ = now_ms;
}

void venue_api::rearm(std::int64_t now_ms) {
  if (schedule_.every_s <= 0 || now_ms - armed_ms_ < schedule_.every_s * std::int64_t{1000})
    return;
  faults_ = schedule_;
  armed_ms_ = now_ms;
}

http_response venue_api::set_faults(const http_request& req) {
  if (!constant_time_equal(req.header("x-mbx-apikey"), cred_.api_key))
    return error(401, -2015, "Invalid API-key, IP, or permissions for action.");
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  venue_faults f;
  if (auto problem = parse_venue_faults(j, f); !problem.empty()) {
    problem[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(problem[0])));
    return error(400, -1100, problem + ".");
  }
  set_faults(f, now_ms_());
  return answer(200, venue_faults_json(f));
}

http_response venue_api::handle(const http_request& req) {
  try {
    return handle_checked(req);
  } catch (const std::exception& e) {
    // Nothing a request holds may take the venue down.
    return error(500, -1000, std::string{"An unknown error occurred while processing the request: "} + e.what());
  }
}

http_response venue_api::handle_checked(const http_request& req) {
  ++requests_;
  hold_ms_ = 0;
  const auto now = now_ms_();
  const auto path = req.path();
  if (req.method == "POST" && path == "/venue/faults")
    return set_faults(req);
  if (faults_.throttle > 0) {
    --faults_.throttle;
    auto r = error(faults_.ban ? 418 : 429, -1003,
                   faults_.ban ? "Way too many requests; IP banned." : "Too many requests; please use the websocket for live updates.");
    r.headers.emplace_back("Retry-After", std::to_string(faults_.retry_after_s));
    return r;
  }
  const auto q = req.target.find('?');
  const std::string query = q == std::string::npos ? "" : req.target.substr(q + 1);
  auto it = routes().find(req.method + " " + path);
  if (it == routes().end())
    return error(404, -1000, "Unknown endpoint " + req.method + " " + path + ".");
  const auto& rt = it->second;
  std::vector<std::pair<std::string, std::string>> headers{
    {"X-MBX-USED-WEIGHT-1M", std::to_string(count(weight_1m_, now / 60'000, rt.weight))}};
  if (rt.is_order) {
    headers.emplace_back("X-MBX-ORDER-COUNT-10S", std::to_string(count(orders_10s_, now / 10'000, 1)));
    headers.emplace_back("X-MBX-ORDER-COUNT-1D", std::to_string(count(orders_1d_, now / 86'400'000, 1)));
  }
  auto reply = [&](http_response r) {
    for (auto& h : headers)
      r.headers.push_back(h);
    return r;
  };
  // Parameters: the query string's, then the body's (form-encoded).
  std::string perr;
  auto params = parse_params(query, perr);
  auto body_params = params ? parse_params(req.body, perr) : std::nullopt;
  if (!params || !body_params)
    return reply(error(400, -1100, "Illegal characters found in a parameter: " + perr + "."));
  if (!well_formed(query) || !well_formed(req.body))
    return reply(error(400, -1100, "Illegal characters found in a parameter: every parameter is key=value."));
  std::map<std::string, std::string> p;
  for (auto* list : {&*params, &*body_params})
    for (auto& [k, v] : *list)
      p.emplace(k, v);

  if (rt.is_signed) {
    auto fail = [&](int code, const std::string& msg) {
      ++auth_failures_;
      return reply(error(status_of(code), code, msg));
    };
    const auto& key = req.header("x-mbx-apikey");
    if (key.empty())
      return fail(-2014, "API-key format invalid.");
    if (!constant_time_equal(key, cred_.api_key))
      return fail(-2015, "Invalid API-key, IP, or permissions for action.");
    std::string msg;
    if (int code = time_failure(p.count("timestamp") ? &p["timestamp"] : nullptr,
                                p.count("recvWindow") ? &p["recvWindow"] : nullptr, now, msg))
      return fail(code, msg);
    const auto sp = split_signature(query, req.body);
    const auto signature = sp.found ? percent_decode(sp.signature) : std::nullopt;
    if (!signature || !signature_valid(cred_.secret, sp.payload, *signature))
      return fail(-1022, "Signature for this request is not valid.");
  }

  const auto ep = req.method + " " + path;
  auto value = [&](const char* k) { return p.count(k) ? p[k] : std::string{}; };
  auto result_answer = [&](const venue_result& r, auto&& shape) {
    if (r.code != 0)
      return reply(error(status_of(r.code), r.code, r.msg));
    return reply(answer(200, shape(r)));
  };
  if (ep == "GET /api/v3/ping")
    return reply(answer(200, json::object()));
  if (ep == "GET /api/v3/time")
    return reply(answer(200, json{{"serverTime", now}}));
  if (ep == "GET /api/v3/exchangeInfo")
    return reply(answer(200, exchange_info_json(state_, now)));
  if (ep == "GET /api/v3/ticker/price") {
    if (!value("symbol").empty() && !state_.filters(value("symbol")))
      return reply(error(400, -1121, "Invalid symbol."));
    return reply(answer(200, ticker_json(state_, value("symbol"))));
  }
  if (ep == "POST /api/v3/order") {
    venue_order_request r;
    r.symbol = value("symbol");
    r.side = value("side");
    r.type = value("type");
    r.time_in_force = value("timeInForce");
    r.client_order_id = value("newClientOrderId");
    if (p.count("newClientOrderId") && !valid_client_id(r.client_order_id))
      return reply(error(400, -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is "
                                     "'^[\\.A-Z\\:/a-z0-9_-]{1,36}$'."));
    if (auto bad = read_decimals(p, {{"price", &r.price}, {"stopPrice", &r.stop_price}, {"quantity", &r.quantity}}))
      return reply(illegal(bad));
    if (r.symbol.empty())
      return reply(error(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."));
    const auto resp = value("newOrderRespType");
    auto placed = state_.place(r, now);
    if (placed.code == 0 && faults_.error_after_accept > 0) {
      --faults_.error_after_accept;  // booked, but the client cannot know
      return reply(unknown_outcome());
    }
    if (placed.code == 0 && faults_.delay_after_accept > 0) {
      --faults_.delay_after_accept;
      hold_ms_ = faults_.delay_ms;
    }
    return result_answer(placed, [&](const venue_result& x) { return new_order_json(x, now, resp); });
  }
  if (ep == "POST /api/v3/orderList/oco") {
    venue_oco_request r;
    r.symbol = value("symbol");
    r.side = value("side");
    r.list_client_id = value("listClientOrderId");
    r.above_client_id = value("aboveClientOrderId");
    r.below_client_id = value("belowClientOrderId");
    r.above_type = value("aboveType");
    r.below_type = value("belowType");
    r.above_time_in_force = value("aboveTimeInForce");
    r.below_time_in_force = value("belowTimeInForce");
    for (const char* k : {"listClientOrderId", "aboveClientOrderId", "belowClientOrderId"})
      if (p.count(k) && !valid_client_id(p[k]))
        return reply(illegal(k));
    if (auto bad = read_decimals(p, {{"quantity", &r.quantity}, {"abovePrice", &r.above_price},
                                     {"aboveStopPrice", &r.above_stop_price}, {"belowPrice", &r.below_price},
                                     {"belowStopPrice", &r.below_stop_price}}))
      return reply(illegal(bad));
    auto placed = state_.place_oco(r, now);
    if (placed.code == 0 && faults_.error_after_accept > 0) {
      --faults_.error_after_accept;
      return reply(unknown_outcome());
    }
    return result_answer(placed, [&](const venue_result& x) { return order_list_json(x, now); });
  }
  if (ep == "GET /api/v3/orderList" || ep == "DELETE /api/v3/orderList") {
    std::int64_t list_id = 0;
    if (p.count("orderListId")) {
      auto id = whole_number(p["orderListId"]);
      if (!id)
        return reply(illegal("orderListId"));
      list_id = *id;
    }
    const auto cid = value(ep[0] == 'G' ? "origClientOrderId" : "listClientOrderId");
    if (list_id == 0 && cid.empty())
      return reply(error(400, -1102, "Param 'orderListId' or 'listClientOrderId' must be sent."));
    auto r = ep[0] == 'G' ? state_.query_list(value("symbol"), list_id, cid)
                          : state_.cancel_list(value("symbol"), list_id, cid, now);
    return result_answer(r, [&](const venue_result& x) { return order_list_json(x, now); });
  }
  std::int64_t order_id = 0;
  if (p.count("orderId")) {
    auto id = whole_number(p["orderId"]);
    if (!id)
      return reply(illegal("orderId"));
    order_id = *id;
  }
  if (ep == "DELETE /api/v3/order") {
    auto r = state_.cancel(value("symbol"), order_id, value("origClientOrderId"), now);
    return result_answer(r, [&](const venue_result& x) {
      return cancel_json(*x.order, value("origClientOrderId"), now);
    });
  }
  if (ep == "GET /api/v3/order") {
    auto r = state_.query(value("symbol"), order_id, value("origClientOrderId"));
    return result_answer(r, [](const venue_result& x) { return order_json(*x.order); });
  }
  if (ep == "GET /api/v3/openOrders") {
    if (!value("symbol").empty() && !state_.filters(value("symbol")))
      return reply(error(400, -1121, "Invalid symbol."));
    json out = json::array();
    for (const auto& o : state_.open_orders(value("symbol")))
      out.push_back(order_json(o));
    return reply(answer(200, out));
  }
  if (ep == "GET /api/v3/account")
    return reply(answer(200, account_json(state_, now)));
  if (ep == "GET /api/v3/allOrders") {
    if (!state_.filters(value("symbol")))
      return reply(error(400, -1121, "Invalid symbol."));
    json out = json::array();
    for (const auto& o : state_.all_orders(value("symbol")))
      out.push_back(order_json(o));
    return reply(answer(200, out));
  }
  // GET /api/v3/myTrades
  if (!state_.filters(value("symbol")))
    return reply(error(400, -1121, "Invalid symbol."));
  return reply(answer(200, trades_json(state_, value("symbol"))));
}

std::string venue_api::handle_ws(const std::string& text, std::int64_t& subscribed) {
  ++requests_;
  const auto now = now_ms_();
  auto req = nlohmann::json::parse(text, nullptr, false);
  json id = req.is_object() && req.contains("id") ? json::parse(req["id"].dump(-1, ' ', false, invalid_utf8)) : json(nullptr);
  auto fail = [&](unsigned status, int code, const std::string& msg) {
    return json{{"id", id}, {"status", status}, {"error", {{"code", code}, {"msg", msg}}}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
  };
  auto ok = [&](json result) {
    return json{{"id", id}, {"status", 200}, {"result", std::move(result)}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
  };
  if (!req.is_object() || !req.contains("method") || !req["method"].is_string())
    return fail(400, -1000, "A request is {\"id\", \"method\", \"params\"}.");
  const auto method = req["method"].get<std::string>();
  if (method == "ping")
    return ok(json::object());
  if (method == "time")
    return ok(json{{"serverTime", now}});
  if (method == "userDataStream.unsubscribe") {
    subscribed = 0;
    return ok(json::object());
  }
  if (method != "userDataStream.subscribe.signature")
    return fail(400, -1000, "Unknown method " + method + ".");
  const auto params = req.value("params", nlohmann::json::object());
  if (!params.is_object())
    return fail(400, -1102, "Mandatory parameter 'params' was not sent, was empty/null, or malformed.");
  // Signed: every parameter but the signature, sorted by name, as key=value&...
  std::map<std::string, std::string> sorted;
  std::string signature;
  for (const auto& [k, v] : params.items()) {
    const std::string value = v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, invalid_utf8);
    if (k == "signature")
      signature = value;
    else
      sorted[k] = value;
  }
  ++auth_failures_;  // undone below when it passes
  if (!sorted.count("apiKey") || !constant_time_equal(sorted["apiKey"], cred_.api_key))
    return fail(401, -2015, "Invalid API-key, IP, or permissions for action.");
  std::string msg;
  if (int code = time_failure(sorted.count("timestamp") ? &sorted["timestamp"] : nullptr,
                              sorted.count("recvWindow") ? &sorted["recvWindow"] : nullptr, now, msg))
    return fail(400, code, msg);
  std::string payload;
  for (const auto& [k, v] : sorted)
    payload += (payload.empty() ? "" : "&") + k + "=" + v;
  if (!signature_valid(cred_.secret, payload, signature))
    return fail(400, -1022, "Signature for this request is not valid.");
  --auth_failures_;
  subscribed = next_subscription_++;
  return ok(json{{"subscriptionId", subscribed}});
}

} // namespace tickline
