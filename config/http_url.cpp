#include "config/http_url.hpp"

namespace tickline {

std::optional<http_url> parse_http_url(const std::string& text, std::string& error) {
  auto fail = [&](const std::string& why) -> std::optional<http_url> {
    error = "expected a URL \"http://host:port/path\" (" + why + "), got \"" + text + "\"";
    return std::nullopt;
  };
  const bool tls = text.compare(0, 8, "https://") == 0;
  if (!tls && text.compare(0, 7, "http://") != 0)
    return fail("http:// or https://");
  const std::string scheme = tls ? "https://" : "http://";
  if (text.find_first_of(" \t\r\n") != std::string::npos)
    return fail("no spaces");
  const auto rest = text.substr(scheme.size());
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  http_url out;
  out.tls = tls;
  out.port = tls ? 443 : 80;
  if (slash != std::string::npos)
    out.target = rest.substr(slash);
  std::string port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos)
      return fail("unclosed '['");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return fail("':' after ']'");
      port = authority.substr(close + 2);
      if (port.empty())
        return fail("a port after ':'");
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      port = authority.substr(colon + 1);
      if (port.empty())
        return fail("a port after ':'");
    }
  }
  if (out.host.empty())
    return fail("a host");
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
      return fail("port 1..65535");
    const auto n = std::stoi(port);
    if (n < 1 || n > 65535)
      return fail("port 1..65535");
    out.port = static_cast<std::uint16_t>(n);
  }
  return out;
}

} // namespace tickline
