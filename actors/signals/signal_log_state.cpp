#include "actors/signals/signal_log_state.hpp"
#include "messages/json_text.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace tickline {

void signal_log_state::add(const signal& s) {
  ++total_;
  if (capacity_ == 0)
    return;
  if (recent_.size() == capacity_)
    recent_.pop_front();
  recent_.push_back(s);
}

std::string signal_log_state::describe(const signal& s) {
  char buf[128];
  std::snprintf(buf, sizeof(buf), " strength=%.3f confidence=%.3f price=%.6g", s.strength,
                s.confidence, s.price);
  std::string out = to_string(s.kind) + " " + s.name + " " + s.symbol + " " + to_string(s.dir)
                    + buf;
  for (const auto& [k, v] : s.features) {
    std::snprintf(buf, sizeof(buf), " %s=%.6g", k.c_str(), v);
    out += buf;
  }
  return out;
}

std::string signal_log_state::key(const signal& s) {
  return s.source + "|" + s.name + "|" + std::to_string(s.ts_ns);
}

std::string signal_log_state::to_json(const signal& s) {
  nlohmann::json j{{"kind", to_string(s.kind)},   {"name", s.name},
                   {"symbol", s.symbol},          {"direction", to_string(s.dir)},
                   {"strength", s.strength},      {"confidence", s.confidence},
                   {"price", s.price},            {"ts_ns", s.ts_ns},
                   {"source", s.source},          {"features", s.features}};
  return j.dump(-1, ' ', false, invalid_utf8);
}

std::optional<signal> signal_log_state::from_json(const std::string& line, std::string& error) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  try {
    signal s;
    auto kind = from_string<signal_kind>(j.at("kind").get<std::string>());
    auto dir = from_string<direction>(j.at("direction").get<std::string>());
    if (!kind || !dir) {
      error = "unknown kind or direction";
      return std::nullopt;
    }
    s.kind = *kind;
    s.dir = *dir;
    s.name = j.at("name").get<std::string>();
    s.symbol = j.at("symbol").get<std::string>();
    s.strength = j.at("strength").get<double>();
    s.confidence = j.at("confidence").get<double>();
    s.price = j.at("price").get<double>();
    s.ts_ns = j.at("ts_ns").get<std::int64_t>();
    s.source = j.at("source").get<std::string>();
    s.features = j.at("features").get<std::map<std::string, double>>();
    return s;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

} // namespace tickline
