#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/http_url.hpp"
#include "runtime/net/http_client.hpp"

namespace tickline {

/// Where and as whom the Binance adapter talks REST.
struct binance_endpoint {
  http_url base;                         ///< e.g. https://api.binance.com or a local venue.
  std::string api_key;
  std::string secret;                    ///< HMAC-SHA256 secret: never logged.
  std::int64_t recv_window_ms = 5000;
  std::chrono::milliseconds timeout{5000};
};

/// What a request came to, as far as money is concerned.
enum class rest_outcome {
  ok,         ///< 2XX: done as asked.
  rejected,   ///< 4XX with a Binance code: not done, final (a filter, a balance, a bad order).
  throttled,  ///< 429 or 418: not done; wait `retry_after_s` before anything but cancels and queries.
  unknown,    ///< No answer (timeout, dropped connection), 5XX, or -1006/-1007: it may or may not
              ///< have been done; ask the venue before anything else.
};

/// One REST answer, classified.
struct rest_reply {
  rest_outcome outcome = rest_outcome::unknown;
  unsigned status = 0;          ///< 0 when nothing was read.
  int code = 0;                 ///< Binance's error code, 0 when none.
  std::string msg;              ///< Binance's message, or the transport's error.
  nlohmann::json body;          ///< The answer's JSON (null when none).
  std::int64_t used_weight_1m = -1;   ///< X-MBX-USED-WEIGHT-1M, -1 when absent.
  std::int64_t order_count_10s = -1;  ///< X-MBX-ORDER-COUNT-10S, -1 when absent.
  int retry_after_s = 0;
};

/// Classifies an HTTP answer (or its absence: `error` set) as Binance's docs say: 5XX,
/// -1006 and -1007 are unknown, 429 and 418 throttled, other 4XX final.
rest_reply classify_reply(const http_client_response& res);

/// Sends one request: `params` in the order given, for a signed one followed by
/// `recvWindow`, `timestamp` (`now_ms`, the venue's time as the caller knows it) and the
/// HMAC signature; GET and DELETE in the query string, POST in the body (form-encoded).
/// Never throws.
rest_reply binance_call(const binance_endpoint& ep, const std::string& method, const std::string& path,
                        std::vector<std::pair<std::string, std::string>> params, bool is_signed,
                        std::int64_t now_ms);

} // namespace tickline
