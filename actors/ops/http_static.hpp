#pragma once

#include <string>

#include "runtime/net/http_server.hpp"

namespace tickline {

/// Decodes %XX escapes of a URL path; a malformed escape is kept as it is.
std::string url_decode(const std::string& text);

/// The content type of a file by its extension (html, js, mjs, css, json, svg, png, ico,
/// woff2, map, txt); "application/octet-stream" otherwise.
std::string content_type_of(const std::string& path);

/// The answer to GET `path` (decoded, without query) from the dashboard directory `dir`:
/// "/" is index.html, "/x" the file x under `dir`. A path that leaves `dir` (.., symlinks
/// out, NUL) or names no regular file gets 404. When `dir` is empty or missing, "/" is a
/// built-in HTML page listing the endpoints and everything else 404.
http_response static_file(const std::string& dir, const std::string& path);

} // namespace tickline
