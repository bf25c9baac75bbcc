#pragma once

#include <algorithm>
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

} // namespace tickline::bench
