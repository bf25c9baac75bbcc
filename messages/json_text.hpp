#pragma once

#include <nlohmann/json.hpp>

namespace tickline {

/// How every JSON text the node writes treats bytes that are not UTF-8 (a request's
/// path, a venue's reply cut short, a corrupt record): as U+FFFD, instead of an
/// exception in the middle of a handler. The last argument of dump():
/// `j.dump(-1, ' ', false, invalid_utf8)`.
inline constexpr auto invalid_utf8 = nlohmann::json::error_handler_t::replace;

} // namespace tickline
