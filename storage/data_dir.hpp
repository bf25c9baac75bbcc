#pragma once

#include <memory>
#include <optional>
#include <string>

namespace tickline {

/// Creates the node's data directory (and its parents) if needed and checks that it is a
/// writable directory. Returns nullopt on success, otherwise a message naming the path.
std::optional<std::string> prepare_data_dir(const std::string& path);

/// A node's hold on its data directory: an exclusive lock (flock) on DIR/node.lock, which
/// records who holds it (pid, start time, program). The kernel drops it when the process
/// ends however it ends, so a crash leaves no stale lock.
class data_dir_lock {
public:
  /// Takes the lock, or returns null with `error` naming the directory and, when another
  /// process holds it, that process ("data directory D is in use by another tickline
  /// (pid 1234, started 2026-12-04T20:18:00Z): stop it first, or give another
  /// [node] data_dir").
  static std::unique_ptr<data_dir_lock> acquire(const std::string& dir, std::string& error);
  ~data_dir_lock();
  data_dir_lock(const data_dir_lock&) = delete;
  data_dir_lock& operator=(const data_dir_lock&) = delete;

private:
  explicit data_dir_lock(int fd) : fd_(fd) {}
  int fd_;
};

} // namespace tickline
