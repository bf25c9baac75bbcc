#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tickline {

/// An HTTP address split into its parts: "http[s]://host:port/path?query".
struct http_url {
  std::string host;          ///< Name or address; IPv6 without brackets.
  std::uint16_t port = 80;   ///< 80 (443 with https) when the URL names none.
  bool tls = false;          ///< https: TLS, the server's certificate checked for `host`.
  std::string target = "/";  ///< Path and query, "/" when empty.
};

/// Parses "http://host[:port][/path]" or "https://..."; nullopt with `error` saying what
/// was expected when `text` is not that shape (another scheme, no host, a port outside
/// 1..65535, spaces).
std::optional<http_url> parse_http_url(const std::string& text, std::string& error);

} // namespace tickline
