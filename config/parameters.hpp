#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace tickline {

/// The numeric settings a walk-forward grid may vary, by their TOML names
/// ("strategy.min_confidence", ...), in a fixed order.
const std::vector<std::string>& tunable_parameters();

/// Sets the tunable parameter `name` of `c` to `value`. Returns an empty string on
/// success, else why not (unknown name, or the value outside the setting's range).
std::string set_parameter(engine_config& c, const std::string& name, double value);

} // namespace tickline
