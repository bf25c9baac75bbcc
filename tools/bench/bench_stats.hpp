#pragma once

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// p50, p90, p99 and max of `xs` (sorted in place), as a JSON object.
inline nlohmann::json percentiles(std::vector<double>& xs) {
  if (xs.empty())
    return nlohmann::json::object();
  std::sort(xs.begin(), xs.end());
  auto at = [&](double q) {
    auto i = static_cast<std::size_t>(q * static_cast<double>(xs.size() - 1) + 0.5);
    return xs[std::min(i, xs.size() - 1)];
  };
  return {{"p50", at(0.50)}, {"p90", at(0.90)}, {"p99", at(0.99)}, {"max", xs.back()},
          {"n", xs.size()}};
}

/// A field of /proc/self/status ("VmRSS", "VmHWM") in MB; -1 where there is none.
inline double status_mb(const std::string& field) {
  std::ifstream in{"/proc/self/status"};
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0)
      return std::stod(line.substr(field.size() + 1)) / 1024.0;  // the value is in kB
  return -1;
}

} // namespace tickline::bench
