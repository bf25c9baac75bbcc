#include "runtime/net/http_request_read.hpp"

#include <cctype>
#include <optional>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace tickline {

namespace beast = boost::beast;
namespace http = beast::http;

unsigned read_refusal(const beast::error_code& ec, const http_read_limits& limits, std::string& why) {
  if (ec == http::error::body_limit) {
    why = "body larger than " + std::to_string(limits.body_limit) + " bytes";
    return 413;
  }
  if (ec == http::error::header_limit) {
    why = "headers larger than " + std::to_string(limits.header_limit) + " bytes";
    return 431;
  }
  why = "malformed request: " + ec.message();
  return 400;
}

unsigned to_http_request(http::request<http::string_body>& req, http_request& out,
                         std::string& why) {
  // Two Host headers make the request's target ambiguous (RFC 9112 section 3.2).
  if (req.count(http::field::host) > 1) {
    why = "more than one Host header";
    return 400;
  }
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  out.headers.clear();
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = std::move(req.body());
  return 0;
}

http_parsed parse_http_request(std::string_view bytes, const http_server_options& opts) {
  http_parsed r;
  http::request_parser<http::string_body> parser;
  parser.body_limit(opts.body_limit);
  parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
  beast::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    const auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more) {
      ec = {};
      break;
    }
    if (ec) {
      r.refusal = read_refusal(ec, {opts.body_limit, opts.header_limit}, r.why);
      return r;
    }
    bytes.remove_prefix(used);
    if (used == 0)
      break;
  }
  if (!parser.is_done()) {
    r.complete = false;
    return r;
  }
  auto& req = parser.get();
  r.refusal = to_http_request(req, r.request, r.why);
  r.upgrade = r.refusal == 0 && beast::websocket::is_upgrade(req);
  return r;
}

} // namespace tickline
