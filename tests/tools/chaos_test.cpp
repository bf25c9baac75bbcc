#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

} // namespace

TEST_CASE("chaos mode crashes workers and the demo tree keeps going", "[chaos]") {
  temp_dir dir;
  auto r = run({tickline_bin, "run", "--chaos", "8", "--seed", "3", "--for", "6s", "--summary",
                "s.json"},
               dir.path(), 120s);
  INFO(r.err.substr(r.err.size() > 3000 ? r.err.size() - 3000 : 0));
  REQUIRE(r.status == 0);
  auto s = nlohmann::json::parse(read_file(dir.path() + "/s.json"));
  CHECK(s["restarts"].get<int>() >= 10);
  CHECK(s["escalations"] == 0);
  CHECK(s["snapshots_restored"].get<int>() >= 5);
  CHECK(s["ticks"].get<int>() > 2000);
  CHECK(s["signals"].get<int>() > 0);
  CHECK(r.err.find("chaos: crashing") != std::string::npos);
}

TEST_CASE("a restart storm escalates to the root and the node exits non-zero", "[chaos]") {
  temp_dir dir;
  std::string cfg = "[market]\nsymbols = [\"AAA\", \"BBB\"]\n[[feeds]]\nname = \"f\"\n";
  for (auto sub : {"root", "market", "symbol", "ops"})
    cfg += std::string{"[supervision."} + sub + "]\nintensity = 0\n";
  dir.write("node.toml", cfg);
  auto r = run({tickline_bin, "run", "--config", "node.toml", "--chaos", "20", "--for", "30s",
                "--summary", "s.json"},
               dir.path(), 60s);
  INFO(r.err.substr(r.err.size() > 3000 ? r.err.size() - 3000 : 0));
  CHECK(r.status == 3);
  auto s = nlohmann::json::parse(read_file(dir.path() + "/s.json"));
  CHECK(s["escalations"].get<int>() >= 2);  // at least the failed subtree and the root
  CHECK(s["duration_s"].get<double>() < 20);
  CHECK(r.err.find("the root supervisor ended: tickline: escalation") != std::string::npos);
}
