// The [alerts] table and its [[alerts.rules]]: defaults, values, located problems.

#include <string>
#include <vector>

#include "config/http_url.hpp"
#include "loader_test_helpers.hpp"

namespace {

// One rule table after the minimal document: its first key is on line 7.
config_load_result load_rule(const std::string& rule_body) {
  return load_config_string(std::string(minimal) + "[[alerts.rules]]\n" + rule_body, "test.toml");
}

} // namespace

TEST_CASE("alerts: absent keys take the defaults", "[loader][alerts]") {
  const auto r = load(minimal);
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& a = r.config.alerts;
  CHECK(a.enabled);
  CHECK(a.log);
  CHECK(a.webhooks.empty());
  CHECK(a.timeout_ms == 2000);
  CHECK(a.queue == 256);
  CHECK(a.rules.empty());
}

TEST_CASE("alerts: sinks and every kind of rule are read", "[loader][alerts]") {
  const auto r = load_config_string(std::string(minimal) + R"toml([alerts]
log = false
webhooks = ["http://127.0.0.1:9000/hook", "http://ops.example:80"]
timeout_ms = 500
queue = 8

[[alerts.rules]]
kind = "signal"
signal_kind = "whale"
min_strength = 0.75
min_interval = "90s"

[[alerts.rules]]
name = "stopped"
kind = "risk_state"
states = ["PAUSED", "halted"]

[[alerts.rules]]
kind = "daily_loss"
amount = 250.5

[[alerts.rules]]
kind = "connection_lost"

[[alerts.rules]]
kind = "escalation"
)toml", "test.toml");
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& a = r.config.alerts;
  CHECK_FALSE(a.log);
  CHECK(a.webhooks == std::vector<std::string>{"http://127.0.0.1:9000/hook", "http://ops.example:80"});
  CHECK(a.timeout_ms == 500);
  CHECK(a.queue == 8);
  REQUIRE(a.rules.size() == 5);
  CHECK(a.rules[0].name == "signal-1");  // default: kind and 1-based position
  CHECK(a.rules[0].signal_kind == "whale");
  CHECK(a.rules[0].min_strength == 0.75);
  CHECK(a.rules[0].min_interval_ns == 90'000'000'000LL);
  CHECK(a.rules[1].name == "stopped");
  CHECK(a.rules[1].states == std::vector<std::string>{"paused", "halted"});  // lower-cased
  CHECK(a.rules[1].min_interval_ns == 60'000'000'000LL);
  CHECK(a.rules[2].name == "daily_loss-3");
  CHECK(a.rules[2].amount == 250.5);
  CHECK(a.rules[3].kind == "connection_lost");
  CHECK(a.rules[4].name == "escalation-5");
}

TEST_CASE("alerts: bad rules are located and explained", "[loader][alerts]") {
  struct bad_case {
    const char* toml;        // the rule's keys, starting on line 7
    std::uint32_t line;
    std::uint32_t column;
    const char* key;
    const char* message;
  };
  const bad_case cases[] = {
    {"kind = \"price\"\n", 7, 8, "kind",
     "expected one of signal, risk_state, connection_lost, daily_loss, escalation, got \"price\""},
    {"name = \"x\"\n", 6, 1, "kind", "missing required key"},
    {"kind = \"signal\"\nmin_strength = 1.5\n", 8, 16, "min_strength", "expected 0..1, got 1.5"},
    {"kind = \"signal\"\nsignal_kind = \"whales\"\n", 8, 15, "signal_kind",
     "expected one of whale, pattern, volatility, external, got \"whales\""},
    {"kind = \"risk_state\"\nstates = [\"STOPPED\"]\n", 8, 11, "states[0]",
     "expected one of ACTIVE, REDUCING, PAUSED, HALTED, got \"STOPPED\""},
    {"kind = \"daily_loss\"\n", 6, 1, "amount", "missing required key"},
    {"kind = \"daily_loss\"\namount = 0\n", 8, 10, "amount", "expected > 0, got 0"},
    {"kind = \"connection_lost\"\namount = 10\n", 8, 10, "amount",
     "only for kind = \"daily_loss\", this rule is kind = \"connection_lost\""},
    {"kind = \"escalation\"\nmin_strength = 0.5\n", 8, 16, "min_strength",
     "only for kind = \"signal\", this rule is kind = \"escalation\""},
    {"kind = \"escalation\"\nmin_interval = \"soon\"\n", 8, 16, "min_interval",
     "expected a positive duration such as \"30s\", \"5m\" or \"4h\", got \"soon\""},
    {"kind = \"escalation\"\nthreshold = 1\n", 8, 1, "threshold", "unknown key"},
  };
  for (const auto& c : cases) {
    INFO(c.toml);
    const auto r = load_rule(c.toml);
    INFO(all_problems(r));
    check_single(r, c.line, c.column, std::string("alerts.rules[0].") + c.key, c.message);
  }
}

TEST_CASE("alerts: duplicate rule names and bad webhooks are located", "[loader][alerts]") {
  auto r = load_config_string(std::string(minimal) + R"toml([[alerts.rules]]
name = "a"
kind = "escalation"
[[alerts.rules]]
name = "a"
kind = "connection_lost"
)toml", "test.toml");
  check_single(r, 10, 8, "alerts.rules[1].name",
               "duplicate rule name \"a\" (give each rule its own name)");
  r = load_config_string(std::string(minimal) + "[alerts]\nwebhooks = [\"ftp://x:1/\"]\n",
                         "test.toml");
  check_single(r, 7, 13, "alerts.webhooks[0]",
               "expected a URL \"http://host:port/path\" (http:// or https://), got "
               "\"ftp://x:1/\"");
  r = load_config_string(std::string(minimal) + "[alerts]\nqueue = 0\n", "test.toml");
  check_single(r, 7, 9, "alerts.queue", "expected 1..100000, got 0");
}

TEST_CASE("http urls: parts and refusals", "[alerts][url]") {
  std::string error;
  auto u = tickline::parse_http_url("http://127.0.0.1:9000/hook?x=1", error);
  REQUIRE(u);
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 9000);
  CHECK(u->target == "/hook?x=1");
  u = tickline::parse_http_url("http://[::1]:81", error);
  REQUIRE(u);
  CHECK(u->host == "::1");
  CHECK(u->port == 81);
  CHECK(u->target == "/");
  u = tickline::parse_http_url("http://example.org/a", error);
  REQUIRE(u);
  CHECK(u->port == 80);
  CHECK_FALSE(u->tls);
  u = tickline::parse_http_url("https://api.binance.com/api/v3/depth?symbol=BTCUSDT", error);
  REQUIRE(u);
  CHECK(u->tls);
  CHECK(u->port == 443);
  CHECK(u->host == "api.binance.com");
  CHECK(u->target == "/api/v3/depth?symbol=BTCUSDT");
  for (const char* bad : {"http://", "http://h:0/", "http://h:65536/", "http://h:/", "ftp://h/",
                          "http://h /x", "http://h:12a/"}) {
    INFO(bad);
    CHECK_FALSE(tickline::parse_http_url(bad, error));
  }
}
