#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "../../storage/temp_dir.hpp"
#include "actors/ops/http_api.hpp"
#include "actors/ops/http_api_state.hpp"
#include "actors/ops/http_static.hpp"
#include "../snapshot.hpp"

using namespace tickline;
using nlohmann::json;

namespace {

http_api_settings settings_on(std::uint16_t port) {
  http_config c;
  c.listen = "127.0.0.1:" + std::to_string(port);
  return http_api_settings::from_config(c, "secret-token", {"BTCUSDT", "ETHUSDT"}, port);
}

http_request request(std::string method, std::string target, std::string host = "127.0.0.1:8080") {
  http_request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers["host"] = std::move(host);
  r.remote = "127.0.0.1:5555";
  return r;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream{p} << text;
}

} // namespace

TEST_CASE("allowlists are derived from listen unless configured", "[http_api]") {
  auto s = settings_on(8080);
  CHECK(s.allowed_hosts == std::vector<std::string>{"127.0.0.1:8080", "localhost:8080"});
  CHECK(s.allowed_origins == std::vector<std::string>{"http://127.0.0.1:8080", "http://localhost:8080"});
  http_config c;
  c.listen = "10.0.0.5:9000";
  auto lan = http_api_settings::from_config(c, "t", {}, 9000);
  CHECK(lan.allowed_hosts.back() == "10.0.0.5:9000");
  c.allowed_hosts = {"node.example"};
  c.allowed_origins = {"https://dash.example"};
  auto own = http_api_settings::from_config(c, "t", {}, 9000);
  CHECK(own.allowed_hosts == std::vector<std::string>{"node.example"});
  CHECK(own.allowed_origins == std::vector<std::string>{"https://dash.example"});
}

TEST_CASE("routing: queries, controls and refusals", "[http_api]") {
  http_api_state api{settings_on(8080)};
  CHECK(api.route(request("GET", "/api/v1/status"), 1).route == api_route::status);
  CHECK(api.route(request("HEAD", "/api/v1/risk"), 1).route == api_route::risk);
  auto sig = api.route(request("GET", "/api/v1/signals?x=1&since=42"), 1);
  CHECK(sig.route == api_route::signals);
  CHECK(sig.since == 42);
  auto actor = api.route(request("GET", "/api/v1/actors/scanner%3ABTCUSDT"), 1);
  CHECK(actor.route == api_route::actor);
  CHECK(actor.name == "scanner:BTCUSDT");

  auto ok = request("POST", "/api/v1/control/symbols/ETHUSDT/disable");
  ok.headers["authorization"] = "Bearer secret-token";
  ok.headers["origin"] = "http://localhost:8080";
  auto c = api.route(ok, 77);
  REQUIRE(c.route == api_route::control);
  CHECK(c.audited);
  CHECK(c.command.kind == control_kind::disable_symbol);
  CHECK(c.command.symbol == "ETHUSDT");
  CHECK(c.command.issuer == "http 127.0.0.1:5555");
  CHECK(c.command.ts_ns == 77);
  CHECK(api.refused() == 0);

  ok.target = "/api/v1/control/emergency-stop";
  CHECK(api.route(ok, 1).command.kind == control_kind::emergency_stop);
  ok.headers["authorization"] = "Bearer secret-tokem";  // one letter off
  auto wrong = api.route(ok, 1);
  CHECK(wrong.response.status == 401);
  CHECK(wrong.audited);
  CHECK(wrong.reason == "the bearer token is wrong");
  CHECK(api.route(request("GET", "/api/v1/status", "localhost:8081"), 1).response.status == 403);
  CHECK(api.route(request("GET", "/api/v1/status", ""), 1).response.status == 403);
  CHECK(api.route(request("DELETE", "/healthz"), 1).response.status == 405);
  CHECK(api.refused() == 4);
  CHECK(api.requests() == 10);
}

TEST_CASE("learning: the view, and freeze, unfreeze and rollback as audited controls",
          "[http_api][learning]") {
  http_api_state api{settings_on(8080)};
  CHECK(api.route(request("GET", "/api/v1/learning"), 1).route == api_route::learning);
  CHECK(api.route(request("GET", "/api/v1/actors/x"), 1).route == api_route::actor);
  auto post = [](const std::string& action, const std::string& body) {
    auto r = request("POST", "/api/v1/control/learning/" + action);
    r.headers["authorization"] = "Bearer secret-token";
    r.body = body;
    return r;
  };
  auto freeze = api.route(post("freeze", "{\"reason\": \"news day\"}"), 5);
  REQUIRE(freeze.route == api_route::learning_control);
  CHECK(freeze.audited);
  CHECK(freeze.action == "learning/freeze");
  CHECK(freeze.learning_verb == "freeze");
  CHECK(freeze.command.reason == "news day");
  CHECK(freeze.command.issuer == "http 127.0.0.1:5555");
  CHECK(api.route(post("unfreeze", ""), 5).learning_verb == "unfreeze");
  auto back = api.route(post("rollback", "{\"version\": 3}"), 5);
  REQUIRE(back.route == api_route::learning_control);
  CHECK(back.version == 3);
  auto none = api.route(post("rollback", ""), 5);
  CHECK(none.response.status == 400);
  CHECK(none.audited);
  CHECK(none.reason == "body: expected {\"version\": N} naming the model version to go back to");
  CHECK(api.route(post("rollback", "{\"version\": -1}"), 5).response.status == 400);
  CHECK(api.route(post("rollback", "{\"version\": \"3\"}"), 5).response.status == 400);
  CHECK(api.route(post("forget", ""), 5).response.status == 404);
  auto anonymous = post("freeze", "");
  anonymous.headers.erase("authorization");
  CHECK(api.route(anonymous, 5).response.status == 401);
  auto get = post("freeze", "");
  get.method = "GET";
  CHECK(api.route(get, 5).response.status == 405);
}

TEST_CASE("an empty token refuses every control request", "[http_api]") {
  http_config c;
  http_api_state api{http_api_settings::from_config(c, "", {}, 8080)};
  auto r = request("POST", "/api/v1/control/pause");
  r.headers["authorization"] = "Bearer ";
  CHECK(api.route(r, 1).response.status == 401);
}

TEST_CASE("the audit record names the request, never the token", "[http_api]") {
  auto r = request("POST", "/api/v1/control/halt?x=1");
  r.headers["authorization"] = "Bearer secret-token";
  auto rec = json::parse(http_api_state::audit_record(r, "halt", 401, "the bearer token is wrong", 5));
  CHECK(rec == json{{"ts_ns", 5}, {"remote", "127.0.0.1:5555"}, {"method", "POST"},
                    {"path", "/api/v1/control/halt"}, {"action", "halt"}, {"status", 401},
                    {"outcome", "refused"}, {"reason", "the bearer token is wrong"}});
  CHECK(json::parse(http_api_state::audit_record(r, "halt", 503, "x", 5))["outcome"] == "failed");
}

TEST_CASE("the API state round-trips through a snapshot", "[http_api][snapshot]") {
  http_api_state api{settings_on(8080), 2};
  for (int i = 1; i <= 3; ++i) {
    closed_trade t;
    t.symbol = "BTCUSDT";
    t.pnl = i * 1.5;
    api.on_trade_closed(t);
  }
  api.route(request("GET", "/nope"), 1);
  api.count_control(200);
  api.count_control(401);
  http_api_state back{settings_on(8080)};
  test::load_state(test::save_state(api), back);
  REQUIRE(back.trades().size() == 2);  // the oldest of three went
  CHECK(back.trades().front().pnl == 3.0);
  CHECK(back.requests() == 1);
  CHECK(back.refused() == 1);
  CHECK(back.controls_accepted() == 1);
  CHECK(back.controls_refused() == 1);
  CHECK(json::parse(back.trades_json())[1]["pnl"] == 4.5);
}

TEST_CASE("static files are served from their directory and nowhere else", "[http_api]") {
  test::temp_dir dir;
  auto www = dir.path() / "www";
  std::filesystem::create_directories(www / "js");
  write_file(www / "index.html", "<h1>dash</h1>");
  write_file(www / "js" / "app.js", "let x = 1;");
  write_file(dir.path() / "secret.txt", "no");
  std::filesystem::create_symlink(dir.path() / "secret.txt", www / "link.txt");

  auto index = static_file(www.string(), "/");
  CHECK(index.status == 200);
  CHECK(index.body == "<h1>dash</h1>");
  CHECK(index.content_type == "text/html; charset=utf-8");
  auto js = static_file(www.string(), "/js/app.js");
  CHECK(js.body == "let x = 1;");
  CHECK(js.content_type == "text/javascript; charset=utf-8");
  for (const char* bad : {"/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt",
                          "/link.txt", "/js", "/missing.css", "/js%5c..%5c..%5csecret.txt"})
    CHECK(static_file(www.string(), bad).status == 404);
  auto builtin = static_file((dir.path() / "absent").string(), "/");
  CHECK(builtin.status == 200);
  CHECK(builtin.body.find("/api/v1/control/") != std::string::npos);
  CHECK(static_file("", "/app.js").status == 404);
  CHECK(content_type_of("a/b.woff2") == "font/woff2");
  CHECK(content_type_of("noext") == "application/octet-stream");
}

TEST_CASE("the API token: config, environment, else generated once with mode 0600", "[http_api]") {
  test::temp_dir dir;
  ::unsetenv("TICKLINE_API_TOKEN");
  CHECK(resolve_api_token("from-config", dir.path().string()) == "from-config");
  CHECK_FALSE(std::filesystem::exists(dir.path() / "api_token"));
  auto made = resolve_api_token("", dir.path().string());
  CHECK(made.size() == 64);
  CHECK(made.find_first_not_of("0123456789abcdef") == std::string::npos);
  struct stat st {};
  REQUIRE(::stat((dir.path() / "api_token").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(resolve_api_token("", dir.path().string()) == made);  // reused on the next start
  ::setenv("TICKLINE_API_TOKEN", "from-env-token", 1);
  CHECK(resolve_api_token("", dir.path().string()) == "from-env-token");
  ::unsetenv("TICKLINE_API_TOKEN");
  write_file(dir.path() / "api_token", "short\n");
  CHECK_THROWS_WITH(resolve_api_token("", dir.path().string()),
                    Catch::Contains("api_token") && Catch::Contains("at least 16"));
}
