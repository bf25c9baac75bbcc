#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>

#include "../tools/process.hpp"
#include "analytics/attribution.hpp"
#include "analytics/metrics.hpp"
#include "analytics/series.hpp"
#include "sample.hpp"

using namespace tickline;
using namespace tickline::analytics;
using namespace tickline::test;
using namespace std::chrono_literals;

// Every metric against base R (tests/analytics/analytics_reference.R), which reads the
// same data from CSV and computes them its own way (tapply for daily closes, rle for
// drawdown spells, an event sweep for exposure, POSIXlt for hours and weekdays). They
// agree to 1e-9 relative.

namespace {

std::string g17(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

/// About five months of a random walk sampled every 6 h (jittered), with a week missing,
/// and 90 trades in three symbols, some of them reaching outside the curve.
struct reference_data {
  std::vector<equity_point> equity;
  std::vector<closed_trade> trades;

  reference_data() {
    std::mt19937_64 rng{20240101};
    std::normal_distribution<double> step{0.0004, 0.006};
    std::uniform_int_distribution<std::int64_t> jitter{0, 3 * 3600};
    std::int64_t t0 = 1'704'067'200 + 7 * 3600;  // 2024-01-01T07:00:00Z
    double e = 10'000;
    for (int i = 0; i < 600; ++i) {
      if (i >= 200 && i < 228)
        continue;  // a week without points
      e *= 1 + step(rng);
      equity.push_back({(t0 + i * 6 * 3600 + jitter(rng)) * sec, e});
    }
    std::normal_distribution<double> pnl{4, 60};
    std::uniform_int_distribution<std::int64_t> start{-2 * 86400, 150 * 86400};
    std::uniform_int_distribution<std::int64_t> length{60, 4 * 86400};
    const char* symbols[] = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
    for (int i = 0; i < 90; ++i) {
      std::int64_t entry = t0 + start(rng);
      trades.push_back(sample_trade(symbols[i % 3], entry * sec, (entry + length(rng)) * sec,
                                    pnl(rng), "", ""));
    }
  }

  void write(const temp_dir& dir, double rf) const {
    std::string eq = "ts,equity\n";
    for (const auto& p : equity)
      eq += std::to_string(p.ts_ns / sec) + "," + g17(p.equity) + "\n";
    dir.write("equity.csv", eq);
    std::string tr = "symbol,entry,exit,pnl\n";
    for (const auto& t : trades)
      tr += t.symbol + "," + std::to_string(t.entry_ns / sec) + "," +
            std::to_string(t.exit_ns / sec) + "," + g17(t.pnl) + "\n";
    dir.write("trades.csv", tr);
    dir.write("params.csv", "starting_equity,risk_free_rate\n10000," + g17(rf) + "\n");
  }
};

std::map<std::string, double> read_expected(const std::string& path) {
  std::map<std::string, double> out;
  std::istringstream in{read_file(path)};
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto comma = line.find(',');
    out[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
  }
  return out;
}

void check_close(const std::string& name, double ours, double theirs) {
  INFO(name << ": ours " << g17(ours) << ", R " << g17(theirs));
  CHECK(std::fabs(ours - theirs) <= 1e-9 * std::max(std::fabs(theirs), 1e-300));
}

} // namespace

TEST_CASE("metrics match base R on a random walk", "[analytics][r]") {
  reference_data data;
  temp_dir dir;
  options opts;
  opts.risk_free_rate = 0.04;
  data.write(dir, opts.risk_free_rate);
  auto r = run({"/usr/bin/Rscript",
                std::string{TICKLINE_SOURCE_DIR} + "/tests/analytics/analytics_reference.R",
                dir.path()},
               dir.path(), 120s);
  INFO(r.err);
  REQUIRE(r.status == 0);  // needs r-base-core (base R only)
  auto want = read_expected(dir.path() + "/expected.csv");
  REQUIRE(want.size() > 30);

  auto m = compute_metrics(data.trades, data.equity, 10'000, opts);
  const std::map<std::string, double> ours{
    {"total_return", m.total_return},
    {"cagr", m.cagr},
    {"volatility", m.volatility},
    {"sharpe", m.sharpe},
    {"sortino", m.sortino},
    {"max_drawdown", m.max_drawdown},
    {"max_drawdown_duration", m.max_drawdown_duration},
    {"calmar", m.calmar},
    {"var_95", m.var_95},
    {"cvar_95", m.cvar_95},
    {"var_99", m.var_99},
    {"cvar_99", m.cvar_99},
    {"var_95_parametric", m.var_95_parametric},
    {"cvar_95_parametric", m.cvar_95_parametric},
    {"var_99_parametric", m.var_99_parametric},
    {"cvar_99_parametric", m.cvar_99_parametric},
    {"trades", static_cast<double>(m.trades)},
    {"win_rate", m.win_rate},
    {"profit_factor", m.profit_factor},
    {"expectancy", m.expectancy},
    {"avg_win", m.avg_win},
    {"avg_loss", m.avg_loss},
    {"kelly", m.kelly},
    {"exposure", m.exposure},
  };
  for (const auto& [name, value] : ours) {
    REQUIRE(want.count(name) == 1);
    check_close(name, value, want.at(name));
  }
  // The walk loses and recovers, so drawdown and its duration are not trivially zero.
  CHECK(m.max_drawdown > 0.01);
  CHECK(m.max_drawdown_duration > 86400);
  CHECK(m.exposure > 0.3);
  CHECK(m.exposure < 1);

  auto months = monthly_returns(data.equity, 10'000);
  CHECK(months.size() == 5);
  for (const auto& mr : months) {
    char key[20];
    std::snprintf(key, sizeof key, "month_%04d-%02d", mr.year, mr.month);
    REQUIRE(want.count(key) == 1);
    check_close(key, mr.ret, want.at(key));
  }

  auto a = attribute(data.trades);
  std::size_t groups = 0;
  for (const auto& row : a.by_symbol) {
    check_close("symbol_" + row.key, row.pnl, want.at("symbol_" + row.key));
    ++groups;
  }
  for (const auto& row : a.by_hour) {
    if (row.trades == 0) {
      CHECK(want.count("hour_" + row.key) == 0);
      continue;
    }
    check_close("hour_" + row.key, row.pnl, want.at("hour_" + row.key));
    ++groups;
  }
  for (const auto& row : a.by_weekday) {
    REQUIRE(want.count("weekday_" + row.key) == 1);
    check_close("weekday_" + row.key, row.pnl, want.at("weekday_" + row.key));
    ++groups;
  }
  CHECK(groups > 20);
}
