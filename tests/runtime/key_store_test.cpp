#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "runtime/key_store.hpp"
#include "../storage/temp_dir.hpp"

using namespace tickline;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST_CASE("keys are sealed at rest and open only with the passphrase", "[keys]") {
  test::temp_dir dir;
  const std::string path = (dir.path() / "keys.enc").string();
  std::string error;
  {
    auto ks = key_store::open(path, "correct horse", error);
    REQUIRE(ks);
    CHECK(ks->entries().empty());  // no file yet
    ks->put("binance-main", {"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                             "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"});
    ks->put("testnet", {"key-two-abcdefgh", "secret-two"});
    REQUIRE(ks->save(error));
  }
  const auto file = read_all(path);
  CHECK(file.rfind("TLKEYS1\n", 0) == 0);
  // Neither the secret nor the key nor the names are in the file.
  CHECK(file.find("NhqPtmdSJYdK") == std::string::npos);
  CHECK(file.find("vmPUZE6mv9SD") == std::string::npos);
  CHECK(file.find("binance-main") == std::string::npos);
  struct stat st{};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto back = key_store::open(path, "correct horse", error);
  REQUIRE(back);
  REQUIRE(back->entries().size() == 2);
  CHECK(back->get("binance-main")->secret == "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");
  CHECK_FALSE(back->get("nope").has_value());

  CHECK_FALSE(key_store::open(path, "wrong horse", error));
  CHECK(error == path + ": wrong passphrase, or the key file was changed");
  // One byte changed anywhere after the header: refused the same way.
  for (std::size_t at : {std::size_t{9}, std::size_t{30}, file.size() - 1}) {
    auto bad = file;
    bad[at] = static_cast<char>(bad[at] ^ 1);
    std::ofstream{path, std::ios::binary | std::ios::trunc} << bad;
    INFO(at);
    CHECK_FALSE(key_store::open(path, "correct horse", error));
    CHECK(error.find("wrong passphrase, or the key file was changed") != std::string::npos);
  }
  std::ofstream{path, std::ios::binary | std::ios::trunc} << "hello";
  CHECK_FALSE(key_store::open(path, "correct horse", error));
  CHECK(error == path + ": not a tickline key file");
  // Each write seals anew: the same content, another file.
  std::ofstream{path, std::ios::binary | std::ios::trunc} << file;
  auto again = key_store::open(path, "correct horse", error);
  REQUIRE(again);
  REQUIRE(again->save(error));
  CHECK(read_all(path) != file);
}

TEST_CASE("a key file that is there but cannot be read is never taken for empty", "[keys]") {
  test::temp_dir dir;
  const std::string path = (dir.path() / "keys.enc").string();
  std::string error;
  {
    auto ks = key_store::open(path, "p", error);
    REQUIRE(ks);
    ks->put("a", {"key-aaaaaaaaaaaaaa", "s"});
    REQUIRE(ks->save(error));
  }
  // A directory in its place stands for a file that cannot be read (the tests run as root,
  // for whom no mode bit keeps a file unreadable).
  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  CHECK_FALSE(key_store::open(path, "p", error));
  CHECK(error.rfind("cannot read " + path, 0) == 0);
}

TEST_CASE("a key is shown masked", "[keys]") {
  CHECK(masked_key("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A") == "vmPU…Eh8A");
  CHECK(masked_key("short-key") == "****");
}
