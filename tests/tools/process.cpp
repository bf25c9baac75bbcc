#include "process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tickline::test {

namespace {

int decode(int raw) {
  if (WIFEXITED(raw))
    return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw))
    return 128 + WTERMSIG(raw);
  return -1;
}

} // namespace

child::child(const std::vector<std::string>& args, const std::string& cwd) {
  static int counter = 0;
  auto tag = std::to_string(::getpid()) + "-" + std::to_string(++counter);
  out_path_ = cwd + "/stdout-" + tag + ".txt";
  err_path_ = cwd + "/stderr-" + tag + ".txt";
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // The test runner may block signals; the child starts with a clean mask.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (::chdir(cwd.c_str()) != 0)
      _exit(127);
    int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    for (const auto& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
}

child::~child() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
  }
}

bool child::wait_for_stderr(const std::string& text, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_file(err_path_).find(text) != std::string::npos)
      return true;
    if (::kill(pid_, 0) != 0)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return false;
}

void child::signal(int sig) { ::kill(pid_, sig); }

process_result child::wait(std::chrono::milliseconds limit) {
  process_result r;
  auto deadline = std::chrono::steady_clock::now() + limit;
  int raw = 0;
  for (;;) {
    auto got = ::waitpid(pid_, &raw, WNOHANG);
    if (got == pid_)
      break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &raw, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  reaped_ = true;
  r.status = decode(raw);
  r.out = read_file(out_path_);
  r.err = read_file(err_path_);
  return r;
}

process_result run(const std::vector<std::string>& args, const std::string& cwd,
                   std::chrono::milliseconds limit) {
  child c{args, cwd};
  return c.wait(limit);
}

temp_dir::temp_dir() {
  auto base = std::filesystem::temp_directory_path() / "tickline-test-XXXXXX";
  std::string tmpl = base.string();
  if (!::mkdtemp(tmpl.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string temp_dir::write(const std::string& name, const std::string& text) const {
  auto p = path_ + "/" + name;
  std::ofstream{p} << text;
  return p;
}

std::string read_file(const std::string& path) {
  std::ifstream in{path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace tickline::test
