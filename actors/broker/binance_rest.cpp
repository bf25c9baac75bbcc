#include "actors/broker/binance_rest.hpp"

#include <cstdlib>

#include "actors/broker/binance_signing.hpp"
#include "runtime/net/http_client.hpp"

namespace tickline {

namespace {

// A header's whole number (looked up without regard to case), -1 when absent or not one.
std::int64_t header_number(const http_client_response& res, const std::string& name) {
  const auto v = res.header(name);
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  return !v.empty() && end && *end == '\0' ? n : -1;
}

} // namespace

rest_reply classify_reply(const http_client_response& res) {
  const auto status = res.status;
  const auto& body = res.body;
  const auto& transport_error = res.error;
  rest_reply r;
  r.status = status;
  if (!transport_error.empty() || status == 0) {
    r.outcome = rest_outcome::unknown;
    r.msg = transport_error.empty() ? "no answer" : transport_error;
    return r;
  }
  r.body = nlohmann::json::parse(body, nullptr, false);
  if (r.body.is_discarded())
    r.body = nullptr;
  if (r.body.is_object() && r.body.contains("code") && r.body["code"].is_number_integer() &&
      r.body.contains("msg")) {
    r.code = r.body["code"].get<int>();
    r.msg = r.body["msg"].is_string() ? r.body["msg"].get<std::string>() : "";
  }
  r.used_weight_1m = header_number(res, "X-MBX-USED-WEIGHT-1M");
  r.order_count_10s = header_number(res, "X-MBX-ORDER-COUNT-10S");
  if (status >= 200 && status < 300) {
    r.outcome = rest_outcome::ok;
  } else if (status == 429 || status == 418) {
    r.outcome = rest_outcome::throttled;
    const auto after = header_number(res, "Retry-After");
    r.retry_after_s = after > 0 ? static_cast<int>(after) : 1;
  } else if (status >= 500 || r.code == -1006 || r.code == -1007) {
    r.outcome = rest_outcome::unknown;
    if (r.msg.empty())
      r.msg = "HTTP " + std::to_string(status);
  } else {
    r.outcome = rest_outcome::rejected;
    if (r.msg.empty())
      r.msg = "HTTP " + std::to_string(status) + ": " + body.substr(0, 200);
  }
  return r;
}

rest_reply binance_call(const binance_endpoint& ep, const std::string& method, const std::string& path,
                        std::vector<std::pair<std::string, std::string>> params, bool is_signed,
                        std::int64_t now_ms) {
  if (is_signed) {
    params.emplace_back("recvWindow", std::to_string(ep.recv_window_ms));
    params.emplace_back("timestamp", std::to_string(now_ms));
  }
  std::string encoded = encode_params(params);
  if (is_signed)
    encoded += (encoded.empty() ? "" : "&") + std::string{"signature="} +
               percent_encode(binance_signature(ep.secret, encoded));
  http_client_request req;
  req.method = method;
  const std::string root = ep.base.target == "/" ? "" : ep.base.target;
  if (method == "POST") {
    req.target = root + path;
    req.body = encoded;
    req.content_type = "application/x-www-form-urlencoded";
  } else {
    req.target = root + path + (encoded.empty() ? "" : "?" + encoded);
  }
  if (!ep.api_key.empty())
    req.headers.emplace_back("X-MBX-APIKEY", ep.api_key);
  auto res = http_fetch(ep.base, req, ep.timeout);
  return classify_reply(res);
}

} // namespace tickline
