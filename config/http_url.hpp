#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tickline {

/// A plain-HTTP address split into its parts: "http://host:port/path?query".
struct http_url {
  std::string host;          ///< Name or address; IPv6 without brackets.
  std::uint16_t port = 80;   ///< 80 when the URL names none.
  std::string target = "/";  ///< Path and query, "/" when empty.
};

/// Parses "http://host[:port][/path]"; nullopt with `error` saying what was expected when
/// `text` is not that shape (https, no host, a port outside 1..65535, spaces).
std::optional<http_url> parse_http_url(const std::string& text, std::string& error);

} // namespace tickline
