#pragma once

// A blocking HTTP/1.1 client for tests against servers on loopback.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tickline::test {

/// What came back; status 0 when the connection failed.
struct http_result {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< Response headers, names in lower case.
};

/// Sends one request to 127.0.0.1:`port` and reads the answer.
http_result http_call(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {});

/// Writes `raw` bytes to 127.0.0.1:`port` as they are and returns the status line's code.
unsigned http_raw(std::uint16_t port, const std::string& raw);

/// A loopback port that was free a moment ago.
std::uint16_t free_port();

} // namespace tickline::test
