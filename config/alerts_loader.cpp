#include "config/alerts_loader.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "config/http_url.hpp"

namespace tickline::detail {

namespace {

const std::vector<std::string> rule_kinds{"signal", "risk_state", "connection_lost", "daily_loss",
                                          "escalation"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

std::string check_state(const std::string& s) {
  const auto l = lower(s);
  if (l == "active" || l == "reducing" || l == "paused" || l == "halted")
    return {};
  return "expected one of ACTIVE, REDUCING, PAUSED, HALTED, got \"" + s + "\"";
}

std::string check_webhook(const std::string& url) {
  std::string error;
  return parse_http_url(url, error) ? std::string() : error;
}

// Keys that only mean something for one kind of rule.
struct kind_key {
  const char* key;
  const char* kind;
};
constexpr kind_key kind_keys[] = {
  {"signal_kind", "signal"}, {"min_strength", "signal"}, {"states", "risk_state"},
  {"amount", "daily_loss"},
};

void read_rule(table_reader& r, alert_rule_config& rule, std::size_t position,
               std::set<std::string>& names) {
  const bool has_kind = r.require("kind");
  r.get("kind", rule.kind, one_of(rule_kinds));
  r.get("name", rule.name, non_empty());
  r.get("signal_kind", rule.signal_kind,
        one_of({"whale", "pattern", "volatility", "external"}));
  r.get("min_strength", rule.min_strength, between(0, 1));
  r.get("states", rule.states, check_state);
  for (auto& s : rule.states)
    s = lower(s);
  r.get("amount", rule.amount, above(0));
  read_duration(r, "min_interval", rule.min_interval_ns);
  const auto keys = r.keys();
  auto present = [&keys](const char* k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  const bool known_kind =
    std::find(rule_kinds.begin(), rule_kinds.end(), rule.kind) != rule_kinds.end();
  if (has_kind && known_kind) {
    for (const auto& kk : kind_keys)
      if (present(kk.key) && rule.kind != kk.kind)
        r.report(kk.key, std::string("only for kind = \"") + kk.kind + "\", this rule is kind = \""
                           + rule.kind + "\"");
    if (rule.kind == "daily_loss")
      r.require("amount");
  }
  if (rule.name.empty())
    rule.name = (rule.kind.empty() ? "rule" : rule.kind) + "-" + std::to_string(position);
  if (!names.insert(rule.name).second)
    r.report("name", "duplicate rule name \"" + rule.name + "\" (give each rule its own name)");
  r.finish();
}

} // namespace

void read_alerts(table_reader r, alerts_config& c) {
  r.get("enabled", c.enabled);
  r.get("log", c.log);
  r.get("webhooks", c.webhooks, check_webhook);
  r.get("timeout_ms", c.timeout_ms, between(1, 60000));
  r.get("queue", c.queue, between(1, 100000));
  std::set<std::string> names;
  if (auto rules = r.tables("rules")) {
    std::size_t position = 0;
    for (auto& rule : *rules)
      read_rule(rule, c.rules.emplace_back(), ++position, names);
  }
  r.finish();
}

} // namespace tickline::detail
