#include <catch2/catch.hpp>

#include <unistd.h>

#include "storage/data_dir.hpp"
#include "temp_dir.hpp"

using namespace tickline;

TEST_CASE("a data directory is held by one node at a time, and says by whom", "[storage][data_dir]") {
  test::temp_dir dir;
  const std::string path = dir.path().string();
  std::string error;
  auto first = data_dir_lock::acquire(path, error);
  REQUIRE(first);
  // A second holder (another open of the lock file: as another process would) is refused.
  auto second = data_dir_lock::acquire(path, error);
  CHECK_FALSE(second);
  CHECK(error.rfind("data directory " + path + " is in use by another tickline (pid " +
                      std::to_string(::getpid()) + ", started 20", 0) == 0);
  CHECK(error.find("stop it first, or give another [node] data_dir") != std::string::npos);
  first.reset();
  auto again = data_dir_lock::acquire(path, error);
  CHECK(again);
  CHECK_FALSE(data_dir_lock::acquire(path + "/missing", error));
  CHECK(error.find("cannot open") != std::string::npos);
}
