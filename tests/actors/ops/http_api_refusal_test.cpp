#include <catch2/catch.hpp>

#include "http_api_fixture.hpp"

using namespace tickline;
using nlohmann::json;
using tickline::test::api_fixture;
using tickline::test::api_token;

namespace {

std::string bearer(const std::string& t) { return "Bearer " + t; }

} // namespace

TEST_CASE_METHOD(api_fixture, "refused requests change nothing and are audited", "[http_api]") {
  const std::string halt = "/api/v1/control/halt";
  struct refusal {
    const char* what;
    std::string method;
    std::string target;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    unsigned status;
    bool audited;
  };
  const std::vector<refusal> cases{
    {"no token", "POST", halt, "", {}, 401, true},
    {"wrong token", "POST", halt, "", {{"Authorization", bearer("guess")}}, 401, true},
    {"token of another scheme", "POST", halt, "", {{"Authorization", std::string{"Basic "} + api_token}}, 401, true},
    {"a longer token", "POST", halt, "", {{"Authorization", bearer(std::string{api_token} + "x")}}, 401, true},
    {"foreign Host", "POST", halt, "", {{"Authorization", bearer(api_token)}, {"Host", "evil.example:8080"}}, 403, true},
    {"foreign Origin", "POST", halt, "", {{"Authorization", bearer(api_token)}, {"Origin", "http://evil.example"}}, 403, true},
    {"foreign Host on a GET", "GET", "/api/v1/status", "", {{"Host", "rebound.example"}}, 403, false},
    {"unknown control", "POST", "/api/v1/control/explode", "", {{"Authorization", bearer(api_token)}}, 404, true},
    {"unknown path", "GET", "/api/v1/nothing", "", {}, 404, false},
    {"GET a control", "GET", halt, "", {{"Authorization", bearer(api_token)}}, 405, true},
    {"POST a query", "POST", "/api/v1/status", "", {}, 405, false},
    {"bad JSON body", "POST", halt, "{not json", {{"Authorization", bearer(api_token)}}, 400, true},
    {"reason not a string", "POST", halt, R"({"reason": 7})", {{"Authorization", bearer(api_token)}}, 400, true},
    {"oversize control body", "POST", halt, std::string(8192, 'x'), {{"Authorization", bearer(api_token)}}, 413, true},
    {"bad since", "GET", "/api/v1/signals?since=ten", "", {}, 400, false},
    {"traversal", "GET", "/../etc/passwd", "", {}, 404, false},
  };
  std::size_t audited = 0;
  for (const auto& c : cases) {
    INFO(c.what);
    auto r = call(c.method, c.target, c.body, c.headers);
    CHECK(r.status == c.status);
    auto body = json::parse(r.body, nullptr, false);
    REQUIRE_FALSE(body.is_discarded());
    CHECK(body.contains("error"));
    if (c.status == 401)
      CHECK(r.headers["www-authenticate"].rfind("Bearer", 0) == 0);
    CHECK(risk_label() == "active");
    if (c.audited)
      ++audited;
    auto records = audit_records();
    REQUIRE(records.size() == audited);
    if (c.audited) {
      CHECK(records.back()["outcome"] == "refused");
      CHECK(records.back()["status"] == c.status);
      CHECK(records.back()["reason"] == body["error"]);
      CHECK(records.back().dump().find(api_token) == std::string::npos);
    }
  }
  // Beyond the server's own limits: answered by the server, the handler never called.
  CHECK(call("POST", halt, std::string(100 * 1024, 'x'), {{"Authorization", bearer(api_token)}}).status == 413);
  CHECK(tickline::test::http_raw(port, "NOT HTTP AT ALL\r\n\r\n") == 400);
  CHECK(risk_label() == "active");
  CHECK(get_json("/api/v1/risk")["overrides"].empty());
  // The node still answers and still obeys a good request.
  CHECK(control("halt").status == 200);
  CHECK(risk_label() == "halted");
  CHECK(audit_records().back()["outcome"] == "accepted");
}
