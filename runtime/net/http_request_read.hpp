#pragma once

// How the HTTP server turns what it read into an http_request, shared by the server's
// sessions (runtime/net/http_server.cpp) and by the request parser for tests and fuzzing.
// Internal to runtime/: it includes Beast.

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "runtime/net/http_server.hpp"

namespace tickline {

/// The limits a request is read under.
struct http_read_limits {
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 16 * 1024;
};

/// The status the server answers when reading failed with `ec` (413 body, 431 headers,
/// 400 anything else), with its reason in `why`; 0 when the connection simply ended
/// (closed, timed out, reset): nothing is answered.
unsigned read_refusal(const boost::beast::error_code& ec, const http_read_limits& limits,
                      std::string& why);

/// Checks a request read whole and moves it into `out` (header names in lower case);
/// the status to refuse it with (and `why`) when it is ambiguous (two Host headers), else 0.
unsigned to_http_request(boost::beast::http::request<boost::beast::http::string_body>& req,
                         http_request& out, std::string& why);

} // namespace tickline
