#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "process.hpp"

using namespace tickline::test;

TEST_CASE("tickline-bench pipeline prints one JSON object", "[bench]") {
  temp_dir dir;
  auto r = run({std::string{TICKLINE_BIN_DIR} + "/tickline-bench", "pipeline", "--symbols", "8",
                "--ticks", "40000", "--threads", "2"},
               dir.path(), std::chrono::seconds{120});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["bench"] == "pipeline");
  CHECK(j["symbols"] == 8);
  CHECK(j["threads"] == 2);
  auto ticks = j["actors"]["ticks"].get<double>();
  CHECK(ticks > 35000);
  CHECK(ticks < 45000);
  // Both runs did exactly the same work.
  CHECK(j["same_results"] == true);
  CHECK(j["plain_loop"]["ticks"] == j["actors"]["ticks"]);
  CHECK(j["actors"]["ticks_per_s"].get<double>() > 0);
  CHECK(j["ratio"].get<double>() > 0);
}
