#include "storage/data_dir.hpp"

#include <filesystem>
#include <system_error>

#include <unistd.h>

namespace tickline {

std::optional<std::string> prepare_data_dir(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty())
    return "data directory: empty path";
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec)
    return "data directory " + path + ": cannot create: " + ec.message();
  if (!fs::is_directory(path, ec))
    return "data directory " + path + ": not a directory";
  if (::access(path.c_str(), W_OK | X_OK) != 0)
    return "data directory " + path + ": not writable";
  return std::nullopt;
}

} // namespace tickline
