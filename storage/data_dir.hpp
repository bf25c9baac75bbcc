#pragma once

#include <optional>
#include <string>

namespace tickline {

/// Creates the node's data directory (and its parents) if needed and checks that it is a
/// writable directory. Returns nullopt on success, otherwise a message naming the path.
std::optional<std::string> prepare_data_dir(const std::string& path);

} // namespace tickline
