// HTTP request handling on any bytes: the server's reading of a request (target, headers,
// body, WebSocket upgrade) under its limits, then the API's routing rules (Host and Origin
// allowlists, the bearer token, paths, methods, queries, control bodies, static files).
// A control request must never pass without the token, and no file outside the
// dashboard's folder may ever be served.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "actors/ops/http_api_state.hpp"
#include "fuzz/fuzz_check.hpp"
#include "runtime/net/http_server.hpp"

using namespace tickline;

namespace {

const std::string secret_text = "this file is outside the dashboard's folder";

// A dashboard folder with one page, and a file beside the folder that must stay unread.
std::string make_static_dir() {
  char tmpl[] = "/tmp/tickline-fuzz-http-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (!dir)
    std::abort();
  const std::string root = dir;
  const std::string web = root + "/web";
  if (mkdir(web.c_str(), 0700) != 0)
    std::abort();
  std::ofstream{web + "/index.html"} << "<html>tickline</html>";
  std::ofstream{root + "/secret.txt"} << secret_text;
  return web;
}

http_api_state make_api() {
  http_api_settings s;
  s.token = "fuzz-token";
  s.allowed_hosts = {"127.0.0.1:8080", "localhost:8080"};
  s.allowed_origins = {"http://127.0.0.1:8080"};
  static const std::string dir = make_static_dir();
  s.static_dir = dir;
  s.symbols = {"BTCUSDT", "ETHUSDT"};
  return http_api_state{s};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static http_api_state api = make_api();
  http_server_options opts;
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  auto parsed = parse_http_request(bytes, opts);
  if (parsed.refusal != 0) {
    fuzz::require(parsed.refusal == 400 || parsed.refusal == 413 || parsed.refusal == 431,
                  "a read refused with an unexpected status");
    fuzz::require(!parsed.why.empty(), "a refusal without a reason");
    return 0;
  }
  if (!parsed.complete)
    return 0;
  const auto& req = parsed.request;
  fuzz::require(req.body.size() <= opts.body_limit, "a body above the limit let through");
  const auto call = api.route(req, 1'700'000'000'000'000'000);
  const auto status = call.response.status;
  fuzz::require(status >= 100 && status < 600, "a status outside HTTP's range");
  if (call.route == api_route::control || call.route == api_route::learning_control)
    fuzz::require(req.header("authorization") == "Bearer fuzz-token",
                  "a control request routed without the bearer token");
  if (call.route != api_route::answered)
    fuzz::require(req.header("host") == "127.0.0.1:8080" || req.header("host") == "localhost:8080",
                  "a request routed for a Host not allowed");
  // (An error may echo the request, which may hold the text: only a file served counts.)
  fuzz::require(!(status == 200 && call.response.body == secret_text),
                "a file outside the dashboard's folder served");
  return 0;
}
