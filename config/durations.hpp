#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tickline {

/// Parses "<positive integer><unit>" with unit ns, us, ms, s, m, h or d ("500ms", "1m",
/// "1d") into nanoseconds. Returns nullopt for anything else: spaces, signs, a bare number,
/// zero, an unknown unit, or a value that overflows 64-bit nanoseconds.
std::optional<std::int64_t> parse_duration_ns(std::string_view text);

/// Formats `ns` in the shortest exact form, using the largest unit that divides it
/// ("1m", "90s", "500ms", "0ns"); negative values get a leading '-'.
std::string format_duration(std::int64_t ns);

} // namespace tickline
