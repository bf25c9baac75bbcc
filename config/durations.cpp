#include "config/durations.hpp"

#include <limits>

namespace tickline {

namespace {

struct duration_unit {
  std::string_view suffix;
  std::int64_t ns;
};

// Largest first, so format_duration picks the shortest exact form.
constexpr duration_unit units[] = {
  {"d", 86'400'000'000'000}, {"h", 3'600'000'000'000}, {"m", 60'000'000'000},
  {"s", 1'000'000'000},      {"ms", 1'000'000},        {"us", 1'000},
  {"ns", 1},
};

} // namespace

std::optional<std::int64_t> parse_duration_ns(std::string_view text) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  std::size_t i = 0;
  std::int64_t value = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    const int digit = text[i] - '0';
    if (value > (max - digit) / 10)
      return std::nullopt;
    value = value * 10 + digit;
  }
  if (i == 0 || value == 0)
    return std::nullopt;
  const auto suffix = text.substr(i);
  for (const auto& unit : units) {
    if (suffix != unit.suffix)
      continue;
    if (value > max / unit.ns)
      return std::nullopt;
    return value * unit.ns;
  }
  return std::nullopt;
}

std::string format_duration(std::int64_t ns) {
  if (ns == 0)
    return "0ns";
  // Work in unsigned so that the most negative value has a magnitude too.
  auto magnitude = static_cast<std::uint64_t>(ns);
  if (ns < 0)
    magnitude = ~magnitude + 1;
  const std::string sign = ns < 0 ? "-" : "";
  for (const auto& unit : units) {
    const auto unit_ns = static_cast<std::uint64_t>(unit.ns);
    if (magnitude % unit_ns == 0)
      return sign + std::to_string(magnitude / unit_ns) + std::string(unit.suffix);
  }
  return sign + std::to_string(magnitude) + "ns";
}

} // namespace tickline
