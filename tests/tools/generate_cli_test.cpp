#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

// End to end: `tickline generate` writes files and exits 0, or names the bad option and
// exits 2.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

process_result generate(const temp_dir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args{tickline_bin, "generate", "--out", "data"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args, dir.path(), 60s);
}

} // namespace

TEST_CASE("generate writes one file per symbol and says what it wrote", "[cli][generate]") {
  temp_dir dir;
  auto r = generate(dir, {"--symbols", "2", "--from", "2024-03-01", "--to", "2024-03-01T00:10:00Z",
                          "--kind", "klines", "--seed", "5"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out == "wrote 2 file(s), 20 klines, 2024-03-01T00:00:00Z .. 2024-03-01T00:10:00Z, to data\n");
  auto file = dir.path() + "/data/SYM001USDT-1m-2024-03-01_2024-03-01T001000.csv";
  auto text = read_file(file);
  CHECK(std::count(text.begin(), text.end(), '\n') == 10);
  CHECK(text.rfind("1709251200000,", 0) == 0);  // 2024-03-01T00:00:00Z in ms
}

TEST_CASE("generate refuses bad options with exit 2", "[cli][generate]") {
  temp_dir dir;
  struct bad_case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<bad_case> cases{
    {{"--symbols", "0", "--from", "2024-01-01", "--to", "2024-01-02"},
     "tickline generate: --symbols: expected 1..10000, got 0\n"},
    {{"--symbols", "2", "--from", "2024-01-02", "--to", "2024-01-01"},
     "tickline generate: --from must be before --to (got 2024-01-02T00:00:00Z .. "
     "2024-01-01T00:00:00Z)\n"},
    {{"--symbols", "2", "--from", "2024-13-01", "--to", "2024-01-01"},
     "tickline generate: --from: expected YYYY-MM-DD or an ISO-8601 time, got \"2024-13-01\"\n"},
    {{"--symbols", "2", "--from", "2024-01-01", "--to", "2024-01-02", "--kind", "aggTrades"},
     "tickline generate: --kind: expected trades or klines, got \"aggTrades\"\n"},
  };
  for (const auto& c : cases) {
    auto r = generate(dir, c.args);
    CHECK(r.status == 2);
    CHECK(r.err == c.message);
  }
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/data"));
  auto missing = run({tickline_bin, "generate", "--symbols", "2"}, dir.path(), 60s);
  CHECK(missing.status == 2);
}
