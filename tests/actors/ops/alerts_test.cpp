#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/ops/alerts.hpp"
#include "messages/type_ids.hpp"
#include "runtime/net/http_client.hpp"
#include "runtime/net/http_server.hpp"
#include "runtime/system_config.hpp"
#include "runtime/net/webhook_sender.hpp"

using namespace tickline;
using nlohmann::json;

// End to end: the alerts actor and its webhook sender against a local receiver.

namespace {

// Collects POSTed bodies; a request may be held unanswered until release().
struct receiver {
  std::mutex mtx;
  std::condition_variable cv;
  std::vector<http_request> got;
  bool hold = false;
  std::vector<http_reply> held;
  http_server server{http_server_options{}, [this](http_request req, http_reply reply) {
                       std::lock_guard<std::mutex> guard{mtx};
                       got.push_back(std::move(req));
                       if (hold)
                         held.push_back(std::move(reply));
                       else
                         reply(http_response{200, "application/json", "{}", {}});
                       cv.notify_all();
                     }};

  // Waits (a guard against a hang, not a timing assertion) until `n` requests arrived.
  bool wait_for(std::size_t n) {
    std::unique_lock<std::mutex> lock{mtx};
    return cv.wait_for(lock, std::chrono::seconds{30}, [&] { return got.size() >= n; });
  }
  void release() {
    std::vector<http_reply> replies;
    {
      std::lock_guard<std::mutex> guard{mtx};
      hold = false;
      replies.swap(held);
    }
    for (auto& r : replies)
      r(http_response{200, "application/json", "{}", {}});
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server.port()) + path;
  }
  json body(std::size_t i) {
    std::lock_guard<std::mutex> guard{mtx};
    return json::parse(got.at(i).body);
  }
};

alert_rule_config rule(std::string name, std::string kind) {
  alert_rule_config r;
  r.name = std::move(name);
  r.kind = std::move(kind);
  return r;
}

} // namespace

TEST_CASE("alerts are POSTed as JSON to a webhook", "[alerts][webhook]") {
  receiver rx;
  alerts_config cfg;
  cfg.log = false;
  cfg.webhooks = {rx.url("/hook")};
  auto strong = rule("strong-whale", "signal");
  strong.signal_kind = "whale";
  strong.min_strength = 0.9;
  cfg.rules = {strong, rule("stopped", "risk_state"), rule("esc", "escalation")};

  node_system_config sys_cfg{2};
  caf::actor_system sys{sys_cfg};
  auto counters = std::make_shared<node_counters>();
  counters->set_label("risk_state", "active");
  snapshot_env env;
  env.counters = counters;
  env.clk = std::make_shared<wall_clock>();
  auto a = sys.spawn(alerts, alerts_args{"alerts", cfg, std::chrono::milliseconds{10}, env});

  signal weak;
  weak.kind = signal_kind::whale;
  weak.name = "large_trade";
  weak.symbol = "ETHUSDT";
  weak.strength = 0.89;
  weak.ts_ns = 1'700'000'000'000'000'000;
  auto hit = weak;
  hit.strength = 0.95;
  hit.price = 2500.5;
  caf::anon_send(a, std::vector<signal>{weak, hit});
  REQUIRE(rx.wait_for(1));
  {
    std::lock_guard<std::mutex> guard{rx.mtx};
    CHECK(rx.got[0].method == "POST");
    CHECK(rx.got[0].target == "/hook");
    CHECK(rx.got[0].header("content-type") == "application/json");
  }
  auto j = rx.body(0);
  CHECK(j["rule"] == "strong-whale");
  CHECK(j["kind"] == "signal");
  CHECK(j["count"] == 1);
  CHECK(j["ts_ns"] == 1'700'000'000'000'000'000);
  CHECK(j["data"]["strength"] == 0.95);  // the 0.89 one stayed under the threshold
  CHECK(j["data"]["price"] == 2500.5);
  CHECK(j["message"].get<std::string>().rfind("signal whale large_trade ETHUSDT", 0) == 0);

  // What the node publishes in its counters: the trading state, then an escalation.
  counters->set_label("risk_state", "halted");
  REQUIRE(rx.wait_for(2));
  j = rx.body(1);
  CHECK(j["rule"] == "stopped");
  CHECK(j["message"] == "trading state active -> halted");
  CHECK(j["data"]["to"] == "halted");
  node_counters::add(counters->escalations);
  REQUIRE(rx.wait_for(3));
  j = rx.body(2);
  CHECK(j["rule"] == "esc");
  CHECK(j["data"]["escalations"] == 1);

  caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

TEST_CASE("a webhook sender drops and counts when its queue is full", "[alerts][webhook]") {
  receiver rx;
  rx.hold = true;  // the first request stays unanswered: the sender's thread waits on it
  std::string error;
  webhook_sender_options o;
  o.urls = {*parse_http_url(rx.url("/slow"), error)};
  o.queue = 1;
  o.timeout = std::chrono::seconds{30};
  {
    webhook_sender sender{o};
    CHECK(sender.post(R"({"n":1})"));
    REQUIRE(rx.wait_for(1));           // taken off the queue and in flight
    CHECK(sender.post(R"({"n":2})"));  // waits in the queue of one
    CHECK_FALSE(sender.post(R"({"n":3})"));
    CHECK_FALSE(sender.post(R"({"n":4})"));
    CHECK(sender.dropped() == 2);
    rx.release();
    REQUIRE(rx.wait_for(2));
    rx.release();
    CHECK(rx.body(1)["n"] == 2);
  }
  CHECK(rx.got.size() == 2);
}

TEST_CASE("a webhook that refuses or is down counts as failed", "[alerts][webhook]") {
  // A receiver answering 500, then nothing listening on its port.
  auto server = std::make_unique<http_server>(
    http_server_options{}, [](http_request, http_reply reply) {
      reply(http_response::error(500, "broken"));
    });
  const auto port = server->port();
  std::string error;
  webhook_sender_options o;
  o.urls = {*parse_http_url("http://127.0.0.1:" + std::to_string(port) + "/", error)};
  o.timeout = std::chrono::seconds{10};
  auto res = http_fetch(o.urls[0], http_client_request{"POST", "/", "{}", "application/json", {}},
                        o.timeout);
  CHECK(res.status == 500);
  CHECK(json::parse(res.body)["error"] == "broken");
  server.reset();
  res = http_fetch(o.urls[0], http_client_request{}, o.timeout);
  CHECK(res.status == 0);
  CHECK(res.error == "connection refused");
}
