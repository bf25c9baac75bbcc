#include "actors/feeds/json_number.hpp"

#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace tickline {

bool json_number(const nlohmann::json& v, double& out) {
  if (v.is_number()) {
    out = v.get<double>();
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size())
      return false;
  } else {
    return false;
  }
  return std::isfinite(out);
}

} // namespace tickline
