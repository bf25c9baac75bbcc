#pragma once

// The demo node on the deterministic scheduler with its HTTP API on a loopback port: the
// client runs on its own thread while this one runs the actors until it has its answer.

#include <future>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../../storage/temp_dir.hpp"
#include "../../tools/http_client.hpp"
#include "actors/ops/http_api.hpp"
#include "storage/store.hpp"
#include "../node/trading_fixture.hpp"

namespace tickline::test {

inline constexpr const char* api_token = "test-token-0123456789abcdef";

/// Options of the API under test: the demo config's [http] on a free port.
inline std::shared_ptr<http_api_options> api_options(std::shared_ptr<journal> audit,
                                                     std::uint16_t port) {
  auto o = std::make_shared<http_api_options>();
  o->http.listen = "127.0.0.1:" + std::to_string(port);
  o->token = api_token;
  o->symbols = load_demo_config().config.market.symbols;
  o->node_name = "test-node";
  o->audit = std::move(audit);
  o->wake_from_server = false;
  return o;
}

/// A database for the audit journal, made before the fixture's node.
struct audit_db {
  temp_dir dir;
  std::shared_ptr<store> db = store::open(dir.sub("db"));
  std::shared_ptr<journal> audit = std::make_shared<journal>(db, "audit");
  std::uint16_t port = free_port();
};

/// The trading fixture with the API.
struct api_fixture : audit_db, trading_fixture {
  api_fixture() : trading_fixture(nullptr, api_options(audit, port)) {}

  /// One request; the actors run until it is answered.
  http_result call(const std::string& method, const std::string& target,
                   const std::string& body = "",
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto answer = std::async(std::launch::async, [=] {
      return http_call(port, method, target, body, headers);
    });
    auto http = graph.registry->get("http");
    while (answer.wait_for(std::chrono::milliseconds{1}) != std::future_status::ready) {
      caf::anon_send(http, frames_atom::value);
      sched.run();
    }
    return answer.get();
  }
  /// GET `target`, parsed; fails the test unless the status is 200.
  nlohmann::json get_json(const std::string& target) {
    auto r = call("GET", target);
    INFO(target << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body);
  }
  /// POST a control action with the right token.
  http_result control(const std::string& action, const std::string& body = "") {
    return call("POST", "/api/v1/control/" + action, body,
                {{"Authorization", std::string{"Bearer "} + api_token}});
  }
  /// The audit journal's records, oldest first.
  std::vector<nlohmann::json> audit_records() const {
    std::vector<nlohmann::json> out;
    for (const auto& e : audit->read_from(1))
      out.push_back(nlohmann::json::parse(e.payload));
    return out;
  }
  /// The risk state label as the risk supervisor set it.
  std::string risk_label() const { return counters->labels().at("risk_state"); }
};

} // namespace tickline::test
