#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "config/http_url.hpp"

namespace tickline {

/// One request of the blocking HTTP/1.1 client.
struct http_client_request {
  std::string method = "GET";
  std::string target = "/";                                  ///< Path and query.
  std::string body;
  std::string content_type = "application/json";             ///< Sent with a body.
  std::vector<std::pair<std::string, std::string>> headers;  ///< Extra headers.
};

/// What came back. `error` is non-empty (and `status` 0) when no answer was read:
/// "connection refused", "timed out after 2000 ms", "cannot resolve ...".
struct http_client_response {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< Names as sent.
  std::string error;

  /// The header `name` (case-insensitive), or "" when absent.
  std::string header(const std::string& name) const;
};

/// Sends `req` to `url`'s host and port (its target is ignored: `req.target` is used) and
/// reads the answer, all within `timeout`; one connection per call. Never throws.
http_client_response http_fetch(const http_url& url, const http_client_request& req,
                                std::chrono::milliseconds timeout);

} // namespace tickline
