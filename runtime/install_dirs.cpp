#include "runtime/install_dirs.hpp"

#include <filesystem>
#include <system_error>

namespace tickline {

std::string installed_web_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    return {};
  auto dir = (exe.parent_path() / ".." / "share" / "tickline" / "web").lexically_normal();
  if (!fs::is_regular_file(dir / "index.html", ec))
    return {};
  return dir.string();
}

} // namespace tickline
