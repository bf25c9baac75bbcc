#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace tickline::bench {

/// A scratch directory for a benchmark's RocksDB: `dir` when the user named one (kept),
/// else a fresh temp dir removed at the end.
struct scratch {
  std::string path;
  bool owned = false;
  /// Creates `dir`, or a temp dir when `dir` is empty; throws std::runtime_error when it
  /// cannot.
  explicit scratch(const std::string& dir) {
    if (!dir.empty()) {
      path = dir;
      std::filesystem::create_directories(path);
      return;
    }
    std::string tmpl = (std::filesystem::temp_directory_path() / "tickline-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data()))
      throw std::runtime_error("cannot create a temp dir");
    path = tmpl;
    owned = true;
  }
  ~scratch() {
    if (owned)
      std::filesystem::remove_all(path);
  }
  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
};

} // namespace tickline::bench
