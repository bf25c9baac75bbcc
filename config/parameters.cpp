#include "config/parameters.hpp"

#include <cmath>
#include <functional>

#include "config/reader.hpp"

namespace tickline {

namespace {

struct tunable {
  std::string name;
  double lo, hi;
  bool lo_open;                          // lo itself is outside the range
  bool integer;
  std::function<void(engine_config&, double)> set;
};

const std::vector<tunable>& table() {
  static const std::vector<tunable> t{
    {"strategy.min_confidence", 0, 1, false, false, [](auto& c, double v) { c.strategy.min_confidence = v; }},
    {"strategy.risk_per_trade", 0, 0.1, true, false, [](auto& c, double v) { c.strategy.risk_per_trade = v; }},
    {"strategy.stop_atr_multiple", 0, 100, true, false, [](auto& c, double v) { c.strategy.stop_atr_multiple = v; }},
    {"strategy.kelly_cap", 0, 1, true, false, [](auto& c, double v) { c.strategy.kelly_cap = v; }},
    {"risk.max_atr_pct", 0, 1e9, false, false, [](auto& c, double v) { c.risk.max_atr_pct = v; }},
    {"risk.cooldown_ms", 0, 1e12, false, true,
     [](auto& c, double v) { c.risk.cooldown_ms = static_cast<std::int64_t>(v); }},
    {"orders.trailing_atr_multiple", 0, 100, false, false,
     [](auto& c, double v) {
       c.orders.trailing_atr_multiple = v;
       // The volatile-regime multiple may not be wider than the normal one.
       if (c.orders.trailing_atr_multiple_volatile > v && v > 0)
         c.orders.trailing_atr_multiple_volatile = v;
     }},
    {"detectors.whale.z_threshold", 0, 1e9, true, false, [](auto& c, double v) { c.detectors.whale.z_threshold = v; }},
    {"detectors.pattern.volume_z", 0, 1e9, true, false, [](auto& c, double v) { c.detectors.pattern.volume_z = v; }},
  };
  return t;
}

} // namespace

const std::vector<std::string>& tunable_parameters() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& t : table())
      out.push_back(t.name);
    return out;
  }();
  return names;
}

std::string set_parameter(engine_config& c, const std::string& name, double value) {
  for (const auto& t : table()) {
    if (t.name != name)
      continue;
    const bool inside = std::isfinite(value) && (t.lo_open ? value > t.lo : value >= t.lo) && value <= t.hi
                        && (!t.integer || value == std::floor(value));
    if (!inside)
      return "expected " + std::string{t.integer ? "an integer " : ""} + "in " + (t.lo_open ? "(" : "[")
             + detail::format_number(t.lo) + ", " + detail::format_number(t.hi) + "], got "
             + detail::format_number(value);
    t.set(c, value);
    return {};
  }
  std::string known;
  for (const auto& n : tunable_parameters())
    known += (known.empty() ? "" : ", ") + n;
  return "unknown parameter \"" + name + "\"; tunable: " + known;
}

} // namespace tickline
