#include "actors/ops/alerts_state.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "actors/signals/signal_log_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

constexpr std::int64_t ns_per_day = 86'400'000'000'000LL;

std::int64_t utc_day(std::int64_t ns) {
  return ns >= 0 ? ns / ns_per_day : -((-ns - 1) / ns_per_day) - 1;
}

std::string money(double x) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", x);
  return buf;
}

// "... (3 times since the last alert)" on an alert that stands for several events.
std::string with_count(std::string message, std::uint64_t count) {
  if (count > 1)
    message += " (" + std::to_string(count) + " times since the last alert)";
  return message;
}

} // namespace

std::string to_json(const alert& a) {
  auto data = nlohmann::json::parse(a.data, nullptr, false);
  if (data.is_discarded())
    data = nlohmann::json::object();
  nlohmann::json j{{"rule", a.rule},   {"kind", a.kind},   {"message", a.message},
                   {"ts_ns", a.ts_ns}, {"count", a.count}, {"data", data}};
  return j.dump(-1, ' ', false, invalid_utf8);
}

alerts_state::alerts_state(std::vector<alert_rule_config> rules) : rules_(std::move(rules)) {}

void alerts_state::raise(const alert_rule_config& rule, std::string message, std::string data,
                         std::int64_t ts_ns, std::vector<alert>& out) {
  auto& m = memory_[rule.name];
  const bool open = m.sent == 0 || ts_ns - m.last_sent_ns >= rule.min_interval_ns;
  if (!open) {
    ++m.held;
    m.held_message = std::move(message);
    m.held_data = std::move(data);
    m.held_ts_ns = ts_ns;
    return;
  }
  const auto count = m.held + 1;
  out.push_back({rule.name, rule.kind, with_count(std::move(message), count), ts_ns, count,
                 std::move(data)});
  m.held = 0;
  m.last_sent_ns = ts_ns;
  ++m.sent;
}

std::vector<alert> alerts_state::on_signal(const signal& s) {
  std::vector<alert> out;
  for (const auto& r : rules_) {
    if (r.kind != "signal" || (!r.signal_kind.empty() && r.signal_kind != to_string(s.kind)))
      continue;
    if (s.strength < r.min_strength)
      continue;
    raise(r, "signal " + signal_log_state::describe(s), signal_log_state::to_json(s), s.ts_ns, out);
  }
  return out;
}

std::vector<alert> alerts_state::on_connection(const connection_status& c) {
  std::vector<alert> out;
  if (c.connected)
    return out;
  for (const auto& r : rules_)
    if (r.kind == "connection_lost")
      raise(r, c.source + " lost: " + c.reason,
            nlohmann::json{{"source", c.source}, {"reason", c.reason}, {"reconnects", c.reconnects}}
              .dump(-1, ' ', false, invalid_utf8),
            c.ts_ns, out);
  return out;
}

std::vector<alert> alerts_state::on_trading_state(const std::string& state, std::int64_t now_ns) {
  std::vector<alert> out;
  if (state.empty() || state == trading_state_)
    return out;
  const auto from = trading_state_;
  trading_state_ = state;
  if (from.empty())
    return out;
  for (const auto& r : rules_) {
    if (r.kind != "risk_state")
      continue;
    if (!r.states.empty() && std::find(r.states.begin(), r.states.end(), state) == r.states.end())
      continue;
    raise(r, "trading state " + from + " -> " + state,
          nlohmann::json{{"from", from}, {"to", state}}.dump(-1, ' ', false, invalid_utf8), now_ns, out);
  }
  return out;
}

std::vector<alert> alerts_state::on_equity(double equity, std::int64_t now_ns) {
  std::vector<alert> out;
  const auto day = utc_day(now_ns);
  if (day != day_) {
    day_ = day;
    day_start_equity_ = equity;
  }
  const double loss = day_start_equity_ - equity;
  for (const auto& r : rules_) {
    if (r.kind != "daily_loss" || loss < r.amount)
      continue;
    auto& m = memory_[r.name];
    if (m.loss_day == day)
      continue;
    m.loss_day = day;
    raise(r,
          "daily loss " + money(loss) + " reached " + money(r.amount) + " (equity " + money(equity)
            + ", day start " + money(day_start_equity_) + ")",
          nlohmann::json{{"loss", loss}, {"amount", r.amount}, {"equity", equity},
                         {"day_start_equity", day_start_equity_}}
            .dump(-1, ' ', false, invalid_utf8),
          now_ns, out);
  }
  return out;
}

std::vector<alert> alerts_state::on_escalations(std::uint64_t n, const std::string& detail,
                                                std::int64_t now_ns) {
  std::vector<alert> out;
  if (n == 0)
    return out;
  for (const auto& r : rules_)
    if (r.kind == "escalation")
      raise(r,
            std::to_string(n) + " escalation(s) in the supervision tree"
              + (detail.empty() ? "" : ": " + detail),
            nlohmann::json{{"escalations", n}, {"detail", detail}}.dump(-1, ' ', false, invalid_utf8), now_ns, out);
  return out;
}

std::vector<alert> alerts_state::flush(std::int64_t now_ns) {
  std::vector<alert> out;
  for (const auto& r : rules_) {
    auto i = memory_.find(r.name);
    if (i == memory_.end() || i->second.held == 0)
      continue;
    auto& m = i->second;
    if (now_ns - m.last_sent_ns < r.min_interval_ns)
      continue;
    out.push_back({r.name, r.kind, with_count(m.held_message, m.held), m.held_ts_ns, m.held,
                   m.held_data});
    m.held = 0;
    m.last_sent_ns = now_ns;
    ++m.sent;
  }
  return out;
}

std::uint64_t alerts_state::sent(const std::string& rule) const {
  auto i = memory_.find(rule);
  return i == memory_.end() ? 0 : i->second.sent;
}

std::uint64_t alerts_state::held(const std::string& rule) const {
  auto i = memory_.find(rule);
  return i == memory_.end() ? 0 : i->second.held;
}

} // namespace tickline
