// Blackout windows from CSV: good lines kept, each bad one reported with its position.

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "config/blackout_file.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s = 1'000'000'000;

} // namespace

TEST_CASE("blackout lines become windows; header, comments and blanks are skipped", "[blackout]") {
  const auto r = parse_blackouts("# scheduled news\n"
                                 "start,end,reason\n"
                                 "\n"
                                 "2026-03-18T14:30:00Z,2026-03-18T15:00:00Z,FOMC statement\n"
                                 " 2026-03-18T16:30:00+01:00 , 2026-03-18T18:00:00Z , \"CPI, US\"\r\n",
                                 "news.csv");
  REQUIRE(r.ok());
  REQUIRE(r.windows.size() == 2);
  // 1773844200 = 2026-03-18T14:30:00Z, 1773846000 = 15:00Z (Python).
  CHECK(r.windows[0].start_ns == 1773844200 * s);
  CHECK(r.windows[0].end_ns == 1773846000 * s);
  CHECK(r.windows[0].reason == "FOMC statement");
  CHECK(r.windows[1].start_ns == (1773846000 + 1800) * s);  // 16:30+01:00 = 15:30Z
  CHECK(r.windows[1].reason == "CPI, US");
}

TEST_CASE("bad blackout lines are reported at file:line:column and skipped", "[blackout]") {
  const auto r = parse_blackouts("2026-03-18T14:30:00Z,2026-03-18T15:00:00Z,ok\n"
                                 "2026-03-18T14:30:00,2026-03-18T15:00:00Z,no zone\n"
                                 "2026-03-18T14:30:00Z,tomorrow,bad end\n"
                                 "2026-03-18T15:00:00Z,2026-03-18T15:00:00Z,empty\n"
                                 "2026-03-18T14:30:00Z,2026-03-18T15:00:00Z,\n"
                                 "just one field\n",
                                 "news.csv");
  REQUIRE(r.windows.size() == 1);
  REQUIRE(r.problems.size() == 5);
  CHECK(r.problems[0].to_string() ==
        "news.csv:2:1: expected an ISO-8601 time with a zone such as 2026-03-18T18:00:00Z, "
        "got \"2026-03-18T14:30:00\"");
  CHECK(r.problems[1].to_string() ==
        "news.csv:3:22: expected an ISO-8601 time with a zone such as 2026-03-18T18:00:00Z, "
        "got \"tomorrow\"");
  CHECK(r.problems[2].to_string() ==
        "news.csv:4:22: expected the end after the start (2026-03-18T15:00:00Z), got "
        "\"2026-03-18T15:00:00Z\"");
  CHECK(r.problems[3].to_string() == "news.csv:5:43: expected a reason after the second comma");
  CHECK(r.problems[4].to_string() == "news.csv:6:1: expected start,end,reason");
}

TEST_CASE("an unreadable blackout file is one problem naming it", "[blackout]") {
  const auto missing = load_blackout_file("/nonexistent/news.csv");
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].to_string() ==
        "/nonexistent/news.csv: cannot open blackout file: No such file or directory");
  const auto dir = std::filesystem::temp_directory_path() / "tickline-blackout-test";
  std::filesystem::create_directories(dir);
  CHECK(load_blackout_file(dir.string()).problems.at(0).message ==
        "cannot read blackout file: it is a directory");
  std::ofstream(dir / "news.csv") << "2026-03-18T14:30:00Z,2026-03-18T15:00:00Z,FOMC\n";
  const auto good = load_blackout_file((dir / "news.csv").string());
  CHECK(good.ok());
  CHECK(good.windows.size() == 1);
  std::filesystem::remove_all(dir);
}
