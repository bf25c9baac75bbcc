// A node whose disk fills up while it trades: it fails closed (no new entries, the reason
// in /readyz, /api/v1/status and its log), keeps serving the API, and trades again once
// space is back; its books agree after a restart. The disk is a small tmpfs mounted by
// the test in a mount namespace of its own (root, as the test command runs). Where
// mounting is not allowed (a container without CAP_SYS_ADMIN), the node's file-size
// limit is set to one byte instead (prlimit): every write that grows a file then fails
// with EFBIG, until the limit is lifted.

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "actors/node/books_check.hpp"
#include "config/demo_config.hpp"
#include "http_client.hpp"
#include "process.hpp"
#include "storage/store.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

// A private mount namespace with a tmpfs of `mb` megabytes at `dir`, gone with the
// process; false when this process may not mount.
bool mount_small_disk(const std::string& dir, int mb) {
  if (std::getenv("TICKLINE_TEST_NO_MOUNT"))  // to try the stand-in where mounting works
    return false;
  if (::unshare(CLONE_NEWNS) != 0 || ::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    WARN("no mount namespace (" << std::strerror(errno) << "): the file-size limit stands in for a full disk");
    return false;
  }
  const std::string opts = "size=" + std::to_string(mb) + "m";
  REQUIRE(::mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) == 0);
  return true;
}

// Sets the soft file-size limit of process `pid` (the hard one stays, so that it can
// be lifted again without privileges).
void limit_file_size(pid_t pid, rlim_t bytes) {
  struct rlimit lim{};
  REQUIRE(::prlimit(pid, RLIMIT_FSIZE, nullptr, &lim) == 0);
  lim.rlim_cur = std::min(bytes, lim.rlim_max);
  REQUIRE(::prlimit(pid, RLIMIT_FSIZE, &lim, nullptr) == 0);
}

// Writes zeros to `path` until the disk is full; returns the bytes written.
std::size_t fill_disk(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  std::vector<char> zeros(1 << 20, 0);
  std::size_t total = 0;
  for (;;) {
    const auto n = ::write(fd, zeros.data(), zeros.size());
    if (n <= 0)
      break;
    total += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  return total;
}

nlohmann::json get_json(std::uint16_t port, const std::string& target, unsigned& status) {
  auto r = http_call(port, "GET", target);
  status = r.status;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? nlohmann::json{} : j;
}

std::uint64_t orders_sent(std::uint16_t port) {
  unsigned status = 0;
  auto j = get_json(port, "/api/v1/status", status);
  return status == 200 ? j.value("orders", std::uint64_t{0}) : 0;
}

} // namespace

TEST_CASE("a full disk: the node fails closed, keeps serving, and recovers by itself",
          "[disk-full]") {
  // The node runs in `dir`, where its output goes; its data directory is on the disk.
  temp_dir dir;
  const std::string disk = dir.path() + "/disk";
  REQUIRE(::mkdir(disk.c_str(), 0700) == 0);
  const bool small_disk = mount_small_disk(disk, 256);
  const auto port = free_port();
  std::string toml = demo_config_toml();
  const std::string from = "listen = \"127.0.0.1:8080\"";
  toml.replace(toml.find(from), from.size(), "listen = \"127.0.0.1:" + std::to_string(port) + "\"");
  const std::string data = "data_dir = \"./tickline-data\"";
  REQUIRE(toml.find(data) != std::string::npos);
  toml.replace(toml.find(data), data.size(), "data_dir = \"./disk/tickline-data\"");
  dir.write("node.toml", toml);

  child node({tickline_bin, "run", "--config", "node.toml"}, dir.path());
  REQUIRE(node.wait_for_stderr("order manager: replayed", 60s));
  // Trading first.
  for (int i = 0; i < 600 && orders_sent(port) == 0; ++i)
    std::this_thread::sleep_for(100ms);
  REQUIRE(orders_sent(port) > 0);

  const auto ballast = disk + "/ballast";
  if (small_disk)
    CHECK(fill_disk(ballast) > 100u << 20);
  else
    limit_file_size(node.pid(), 1);

  // Failing closed, within seconds: not ready, the reason named, the API still answering.
  unsigned status = 0;
  nlohmann::json ready;
  for (int i = 0; i < 300; ++i) {
    ready = get_json(port, "/readyz", status);
    if (status == 503 && ready.dump().find("storage: writes fail") != std::string::npos)
      break;
    std::this_thread::sleep_for(100ms);
  }
  INFO(ready.dump());
  REQUIRE(status == 503);
  CHECK(ready.dump().find(small_disk ? "No space left on device" : "File too large") != std::string::npos);
  auto st = get_json(port, "/api/v1/status", status);
  CHECK(status == 200);
  CHECK(st["storage"]["writable"] == false);
  CHECK(st["storage"]["write_failures"].get<std::uint64_t>() > 0);
  CHECK(http_call(port, "GET", "/healthz").status == 200);
  CHECK(http_call(port, "GET", "/metrics").status == 200);

  // Signals are held back from the strategy (journaled first, always), so no entry
  // even reaches the order manager.
  // (Under the file-size limit the node's log cannot grow either.)
  if (small_disk)
    CHECK(node.wait_for_stderr("signals are held (not passed on)", 60s));
  // No order leaves while the journal cannot be written.
  std::this_thread::sleep_for(1s);
  const auto during = orders_sent(port);
  std::this_thread::sleep_for(10s);
  CHECK(orders_sent(port) == during);
  CHECK(::kill(node.pid(), 0) == 0);  // alive

  if (!small_disk) {
    // An I/O error other than a full disk (here EFBIG) leaves RocksDB's log writer failed:
    // it does not resume, and the node stays closed until it is restarted.
    limit_file_size(node.pid(), RLIM_INFINITY);
    std::this_thread::sleep_for(2s);
    get_json(port, "/readyz", status);
    CHECK(status == 503);
    node.signal(SIGTERM);
    node.wait(60s);
    return;
  }
  // Space again: writes resume by themselves, and so does trading.
  REQUIRE(::unlink(ballast.c_str()) == 0);
  for (int i = 0; i < 300; ++i) {
    get_json(port, "/readyz", status);
    if (status == 200)
      break;
    std::this_thread::sleep_for(100ms);
  }
  CHECK(status == 200);
  st = get_json(port, "/api/v1/status", status);
  CHECK(st["storage"]["writable"] == true);
  for (int i = 0; i < 600 && orders_sent(port) <= during; ++i)
    std::this_thread::sleep_for(100ms);
  CHECK(orders_sent(port) > during);

  node.signal(SIGTERM);
  auto r = node.wait(60s);
  INFO(r.err.substr(r.err.size() > 4000 ? r.err.size() - 4000 : 0));
  CHECK(r.status == 0);
  // The store resumed by itself.
  CHECK(r.err.find("writes succeed again") != std::string::npos);

  // The books agree: nothing was lost while the disk was full.
  auto db = store::open(disk + "/tickline-data/db", true);
  auto books = check_books(db, "broker:paper");
  CHECK(books.problems.empty());
}
