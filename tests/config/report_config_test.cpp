// The [report] table: defaults, values, and located validation problems.

#include <string>

#include "loader_test_helpers.hpp"

namespace {

config_load_result load_report(const std::string& report_table) {
  return load_config_string(std::string(minimal) + "[report]\n" + report_table, "test.toml");
}

} // namespace

TEST_CASE("report: absent keys take the defaults", "[loader][report]") {
  const auto r = load(minimal);
  INFO(all_problems(r));
  REQUIRE(r.ok());
  CHECK(r.config.report.risk_free_rate == 0);
  CHECK(r.config.report.ruin_level == 0.5);
  CHECK(r.config.report.mc_runs == 10000);
  CHECK(r.config.report.mc_seed == 42);
}

TEST_CASE("report: present keys are read", "[loader][report]") {
  const auto r = load_report("risk_free_rate = 0.04\nruin_level = 0.3\nmc_runs = 0\nmc_seed = 7\n");
  INFO(all_problems(r));
  REQUIRE(r.ok());
  CHECK(r.config.report.risk_free_rate == 0.04);
  CHECK(r.config.report.ruin_level == 0.3);
  CHECK(r.config.report.mc_runs == 0);
  CHECK(r.config.report.mc_seed == 7);
}

TEST_CASE("report: values out of range are located", "[loader][report]") {
  // The [report] header is on line 6 of the document.
  check_single(load_report("ruin_level = 0\n"), 7, 14, "report.ruin_level",
               "expected (0, 1], got 0");
  check_single(load_report("mc_runs = -1\n"), 7, 11, "report.mc_runs",
               "expected 0..10000000, got -1");
  check_single(load_report("risk_free_rate = 2\n"), 7, 18, "report.risk_free_rate",
               "expected -1..1, got 2");
}
