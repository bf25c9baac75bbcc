#include "storage/data_dir.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
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

std::unique_ptr<data_dir_lock> data_dir_lock::acquire(const std::string& dir, std::string& error) {
  const std::string path = dir + "/node.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "data directory " + dir + ": cannot open " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int why = errno;
    char holder[256] = {0};
    const auto n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    std::string who = n > 0 ? std::string{holder, static_cast<std::size_t>(n)} : std::string{};
    while (!who.empty() && (who.back() == '\n' || who.back() == ' '))
      who.pop_back();
    if (why == EWOULDBLOCK)
      error = "data directory " + dir + " is in use by another tickline" +
              (who.empty() ? std::string{} : " (" + who + ")") +
              ": stop it first, or give another [node] data_dir";
    else
      error = "data directory " + dir + ": cannot lock " + path + ": " + std::strerror(why);
    return nullptr;
  }
  // Who holds it, for the next one that tries.
  char text[160];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char started[32];
  std::strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &utc);
  const int len = std::snprintf(text, sizeof text, "pid %d, started %s\n", static_cast<int>(::getpid()), started);
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text, static_cast<std::size_t>(len), 0) != len) {
    // The lock is what counts; the note is a courtesy.
  }
  return std::unique_ptr<data_dir_lock>{new data_dir_lock{fd}};
}

data_dir_lock::~data_dir_lock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

} // namespace tickline
