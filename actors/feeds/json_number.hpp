#pragma once

#include <nlohmann/json_fwd.hpp>

namespace tickline {

/// Reads a finite number given as a JSON number or as a decimal string (as venues and
/// alert templates send prices); returns false for anything else.
bool json_number(const nlohmann::json& v, double& out);

} // namespace tickline
