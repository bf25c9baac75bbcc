#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "process.hpp"

using namespace tickline::test;

namespace {
const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";
const std::string secret = "Sx9-the-secret-that-must-never-show-up-anywhere";
} // namespace

TEST_CASE("tickline keys add, list and remove; the secret never shows", "[keys][cli]") {
  temp_dir dir;
  ::setenv("TICKLINE_KEYS_PASSPHRASE", "a long passphrase", 1);
  ::setenv("TICKLINE_API_KEY", "AKIAexamplekey1234567890", 1);
  ::setenv("TICKLINE_API_SECRET", secret.c_str(), 1);
  auto add = run({tickline_bin, "keys", "add", "binance-main", "--file", "k.enc"}, dir.path(),
                 std::chrono::seconds{60});
  INFO(add.out << add.err);
  REQUIRE(add.status == 0);
  CHECK(add.out == "binance-main: saved to k.enc (key AKIA…7890)\n");
  ::unsetenv("TICKLINE_API_KEY");
  ::unsetenv("TICKLINE_API_SECRET");
  auto list = run({tickline_bin, "keys", "list", "--file", "k.enc"}, dir.path(), std::chrono::seconds{60});
  REQUIRE(list.status == 0);
  CHECK(list.out == "binance-main  AKIA…7890\n");
  ::setenv("TICKLINE_KEYS_PASSPHRASE", "not the passphrase", 1);
  auto wrong = run({tickline_bin, "keys", "list", "--file", "k.enc"}, dir.path(), std::chrono::seconds{60});
  CHECK(wrong.status == 1);
  CHECK(wrong.err == "tickline keys: k.enc: wrong passphrase, or the key file was changed\n");
  ::setenv("TICKLINE_KEYS_PASSPHRASE", "a long passphrase", 1);
  auto gone = run({tickline_bin, "keys", "remove", "nope", "--file", "k.enc"}, dir.path(), std::chrono::seconds{60});
  CHECK(gone.status == 2);
  auto removed = run({tickline_bin, "keys", "remove", "binance-main", "--file", "k.enc"}, dir.path(),
                     std::chrono::seconds{60});
  CHECK(removed.status == 0);
  CHECK(run({tickline_bin, "keys", "list", "--file", "k.enc"}, dir.path(), std::chrono::seconds{60}).out.empty());
  // Without a key to add: refused, nothing written.
  auto none = run({tickline_bin, "keys", "add", "x", "--file", "k2.enc"}, dir.path(), std::chrono::seconds{60});
  CHECK(none.status == 2);
  // The secret is nowhere: not in any output, not in the file.
  for (const auto* r : {&add, &list, &wrong, &gone, &removed, &none}) {
    CHECK(r->out.find(secret) == std::string::npos);
    CHECK(r->err.find(secret) == std::string::npos);
  }
  std::ifstream f{dir.path() + "/k.enc", std::ios::binary};
  std::stringstream s;
  s << f.rdbuf();
  CHECK(s.str().find("Sx9-the-secret") == std::string::npos);
  ::unsetenv("TICKLINE_KEYS_PASSPHRASE");
}
