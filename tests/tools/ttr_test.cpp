#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

// tickline's indicators against R's TTR package on TTR's own ttrc data set (5,550 daily
// bars), computed by R at test time. Values agree to 1e-6 relative (with an absolute
// floor of 1e-6 for values below 1) once both have warmed up; during warm-up both are
// empty.

namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in{text};
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream ls{line};
    while (std::getline(ls, cell, ','))
      cells.push_back(cell);
    if (!line.empty() && line.back() == ',')
      cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

} // namespace

TEST_CASE("indicators match R's TTR on the ttrc data set", "[ttr]") {
  temp_dir dir;
  auto r = run({"/usr/bin/Rscript", std::string{TICKLINE_SOURCE_DIR} + "/tests/tools/ttr_reference.R",
                dir.path()},
               dir.path(), 120s);
  INFO(r.err);
  REQUIRE(r.status == 0);  // the test command installs r-base-core and r-cran-ttr

  // The default indicators, plus vwap(20), volz(20) and rv(20).
  auto ours_run = run({std::string{TICKLINE_BIN_DIR} + "/tickline", "indicators", "--data",
                       dir.path() + "/ttrc.csv", "--out", "ours.csv", "--indicators",
                       "sma(20),ema(20),rsi(14),atr(14),bbands(20,2),macd(12,26,9),vwap(20),volz(20),"
                       "rv(20)"},
                      dir.path(), 60s);
  INFO(ours_run.err);
  REQUIRE(ours_run.status == 0);

  auto expected = read_csv(read_file(dir.path() + "/expected.csv"));
  auto ours = read_csv(read_file(dir.path() + "/ours.csv"));
  REQUIRE(expected.size() == 5551);  // header + 5,550 bars
  REQUIRE(ours.size() == expected.size());
  const std::vector<std::string> columns{"sma_20",     "ema_20",    "rsi_14",      "atr_14",
                                         "bb_upper_20", "bb_mid_20", "bb_lower_20", "macd",
                                         "macd_signal", "macd_hist", "vwap_20",
                                         "vol_z_20",    "rv_20"};
  REQUIRE(expected[0] == columns);
  REQUIRE(ours[0].size() == 2 + columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c)
    REQUIRE(ours[0][2 + c] == columns[c]);

  std::size_t compared = 0, mismatches = 0, warmup_mismatches = 0;
  for (std::size_t row = 1; row < expected.size(); ++row) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto& want = expected[row][c];
      const auto& got = ours[row][2 + c];
      bool want_na = want.empty() || want == "NA";
      if (want_na || got.empty()) {
        warmup_mismatches += want_na != got.empty();
        continue;
      }
      double w = std::stod(want), g = std::stod(got);
      ++compared;
      if (std::fabs(g - w) > 1e-6 * std::max(std::fabs(w), 1.0)) {
        if (mismatches++ < 5)
          WARN(columns[c] << " row " << row << ": ours " << got << ", TTR " << want);
      }
    }
  }
  CHECK(warmup_mismatches == 0);
  CHECK(mismatches == 0);
  CHECK(compared > 5000 * columns.size());
}
