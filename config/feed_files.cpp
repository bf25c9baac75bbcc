#include "config/feed_files.hpp"

#include <algorithm>
#include <filesystem>

namespace tickline {

std::vector<std::pair<std::string, std::string>> csv_feed_files(
  const std::string& path, const std::vector<std::string>& symbols, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty()) {
    error = "a csv feed needs a path (a file, or a directory of files per symbol)";
    return {};
  }
  if (fs::is_regular_file(path, ec)) {
    if (symbols.size() != 1) {
      error = "a single file can feed one symbol, the feed has " + std::to_string(symbols.size())
              + "; give the feed one symbol or a directory of files";
      return {};
    }
    return {{symbols[0], path}};
  }
  if (!fs::is_directory(path, ec)) {
    error = "no such file or directory: " + path;
    return {};
  }
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.is_regular_file())
      names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& sym : symbols) {
    auto it = std::find_if(names.begin(), names.end(),
                           [&](const std::string& n) { return n.rfind(sym, 0) == 0; });
    if (it == names.end()) {
      error = "no file for " + sym + " in " + path + " (expected a name starting with " + sym + ")";
      return {};
    }
    out.emplace_back(sym, (fs::path{path} / *it).string());
  }
  return out;
}

} // namespace tickline
