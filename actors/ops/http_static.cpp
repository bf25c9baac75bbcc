#include "actors/ops/http_static.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace tickline {

namespace {

namespace fs = std::filesystem;

// Bigger files are not the dashboard's: refuse rather than read them into memory.
constexpr std::uintmax_t max_file_size = 16 * 1024 * 1024;

const char* builtin_page = R"(<!doctype html>
<html><head><meta charset="utf-8"><title>tickline</title></head>
<body>
<h1>tickline</h1>
<p>No dashboard is installed (<code>http.static_dir</code>). The node answers:</p>
<ul>
<li><a href="/healthz">/healthz</a>: the process is alive</li>
<li><a href="/readyz">/readyz</a>: every subtree is running and every feed connected</li>
<li><a href="/metrics">/metrics</a>: Prometheus metrics</li>
<li><a href="/api/v1/status">/api/v1/status</a>, <a href="/api/v1/tree">/api/v1/tree</a>,
<a href="/api/v1/positions">/api/v1/positions</a>, <a href="/api/v1/orders">/api/v1/orders</a>,
<a href="/api/v1/trades">/api/v1/trades</a>, <a href="/api/v1/signals">/api/v1/signals?since=SEQ</a>,
<a href="/api/v1/risk">/api/v1/risk</a>, /api/v1/actors/NAME</li>
<li>POST /api/v1/control/{pause,resume,halt,emergency-stop,close-all} and
/api/v1/control/symbols/SYM/{enable,disable}, with <code>Authorization: Bearer TOKEN</code></li>
</ul>
</body></html>
)";

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

http_response not_found(const std::string& path) {
  return http_response::error(404, "no such file: " + path);
}

} // namespace

std::string url_decode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string content_type_of(const std::string& path) {
  static const std::map<std::string, std::string> types{
    {".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"}, {".json", "application/json"},
    {".map", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
    {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"}};
  auto it = types.find(fs::path{path}.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

http_response static_file(const std::string& dir, const std::string& raw_path) {
  const auto path = url_decode(raw_path);
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) {
    if (path != "/" && path != "/index.html")
      return not_found(path);
    http_response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = builtin_page;
    return r;
  }
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos
      || path.find('\\') != std::string::npos)
    return not_found(path);
  auto rel = fs::path{path == "/" ? "index.html" : path.substr(1)}.lexically_normal();
  for (const auto& part : rel)
    if (part == "..")
      return not_found(path);
  // Resolve symlinks on both sides: what is served must lie inside the directory.
  auto root = fs::canonical(dir, ec);
  if (ec)
    return not_found(path);
  auto file = fs::canonical(root / rel, ec);
  if (ec || !fs::is_regular_file(file, ec))
    return not_found(path);
  auto [end, _] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (end != root.end())
    return not_found(path);
  if (fs::file_size(file, ec) > max_file_size || ec)
    return not_found(path);
  std::ifstream in{file, std::ios::binary};
  std::ostringstream body;
  body << in.rdbuf();
  if (!in)
    return http_response::error(500, "cannot read " + path);
  http_response r;
  r.content_type = content_type_of(file.string());
  r.body = body.str();
  return r;
}

} // namespace tickline
