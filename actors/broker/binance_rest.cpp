#include "actors/broker/binance_rest.hpp"

#include <cstdlib>

#include "actors/broker/binance_signing.hpp"
#include "runtime/http_client.hpp"

namespace tickline {

namespace {

std::int64_t header_number(const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& lower_name) {
  for (const auto& [k, v] : headers) {
    std::string key = k;
    for (auto& c : key)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (key == lower_name) {
      char* end = nullptr;
      const long long n = std::strtoll(v.c_str(), &end, 10);
      return end && *end == '\0' && !v.empty() ? n : -1;
    }
  }
  return -1;
}

} // namespace

rest_reply classify_reply(unsigned status, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& transport_error) {
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
  r.used_weight_1m = header_number(headers, "x-mbx-used-weight-1m");
  r.order_count_10s = header_number(headers, "x-mbx-order-count-10s");
  if (status >= 200 && status < 300) {
    r.outcome = rest_outcome::ok;
  } else if (status == 429 || status == 418) {
    r.outcome = rest_outcome::throttled;
    const auto after = header_number(headers, "retry-after");
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
    encoded += (encoded.empty() ? "" : "&") + std::string{"signature="} + hmac_sha256_hex(ep.secret, encoded);
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
  return classify_reply(res.status, res.body, res.headers, res.error);
}

} // namespace tickline
