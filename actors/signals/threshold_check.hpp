#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace tickline {

/// Checks a threshold set at run time: true when `value` is finite and within
/// (`low`, `high`] (or [`low`, `high`] when `low_included`); otherwise false, and `error`
/// (when not null) gets "<name>: expected <range>, got <value>".
inline bool threshold_in_range(double value, const char* name, double low, double high,
                               bool low_included, std::string* error) {
  const bool ok = std::isfinite(value) && (low_included ? value >= low : value > low)
                  && value <= high;
  if (!ok && error) {
    char buf[160];
    if (std::isinf(high))
      std::snprintf(buf, sizeof(buf), "%s: expected a finite number %s %g, got %g", name,
                    low_included ? ">=" : ">", low, value);
    else
      std::snprintf(buf, sizeof(buf), "%s: expected %s%g, %g], got %g", name,
                    low_included ? "[" : "(", low, high, value);
    *error = buf;
  }
  return ok;
}

} // namespace tickline
