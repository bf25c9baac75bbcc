#pragma once

// Starts the real tickline binaries for end-to-end tests: fork/exec with the output
// captured to files, a working directory, and a wait with a deadline.

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace tickline::test {

/// A finished process: its exit status (128 + signal when killed) and its output.
struct process_result {
  int status = -1;
  std::string out;
  std::string err;
};

/// A running child process.
class child {
public:
  /// Starts `args[0]` (a path) with `args` in `cwd`; stdout and stderr go to files there.
  child(const std::vector<std::string>& args, const std::string& cwd);
  ~child();
  child(const child&) = delete;
  child& operator=(const child&) = delete;

  pid_t pid() const { return pid_; }
  /// Waits until the child's stderr contains `text`; false after `limit` or on exit.
  bool wait_for_stderr(const std::string& text, std::chrono::milliseconds limit);
  /// Sends `sig` to the child.
  void signal(int sig);
  /// Waits up to `limit`; kills the child with SIGKILL after that. Returns status and output.
  process_result wait(std::chrono::milliseconds limit);

private:
  pid_t pid_ = -1;
  std::string out_path_;
  std::string err_path_;
  bool reaped_ = false;
};

/// Runs to completion (or `limit`) and returns status and output.
process_result run(const std::vector<std::string>& args, const std::string& cwd,
                   std::chrono::milliseconds limit = std::chrono::seconds{60});

/// A fresh empty directory under the system temp dir, removed by the destructor.
class temp_dir {
public:
  temp_dir();
  ~temp_dir();
  const std::string& path() const { return path_; }
  /// Writes `text` to `name` inside the directory; returns the full path.
  std::string write(const std::string& name, const std::string& text) const;

private:
  std::string path_;
};

/// Reads a whole file; empty when missing.
std::string read_file(const std::string& path);

} // namespace tickline::test
