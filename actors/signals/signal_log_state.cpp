#include "actors/signals/signal_log_state.hpp"

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
  return j.dump();
}

} // namespace tickline
