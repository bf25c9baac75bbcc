#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tickline {

/// The data file of each symbol of a CSV feed: `path` itself when it is a file (then
/// `symbols` must hold exactly one symbol), or in the directory `path` the first file, in
/// name order, whose name starts with the symbol. On failure returns an empty list and
/// says why in `error` (missing path, no file for a symbol, a file for several symbols).
std::vector<std::pair<std::string, std::string>> csv_feed_files(
  const std::string& path, const std::vector<std::string>& symbols, std::string& error);

} // namespace tickline
