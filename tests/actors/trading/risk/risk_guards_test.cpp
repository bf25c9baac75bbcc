#include <catch2/catch.hpp>

#include <cmath>

#include "actors/trading/risk/risk_guards.hpp"
#include "../../snapshot.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s = 1'000'000'000;

risk_config caps() {
  risk_config c;
  c.max_position_notional = 10000;
  c.max_gross_exposure = 0;
  c.max_net_exposure = 0;
  return c;
}

// Feeds closes whose log returns are exactly `returns`, one bar a minute.
void feed(return_correlation& corr, const std::string& symbol, const std::vector<double>& returns) {
  double close = 100;
  std::int64_t t = 60 * s;
  corr.on_close(symbol, t, close);
  for (double r : returns) {
    close *= std::exp(r);
    t += 60 * s;
    corr.on_close(symbol, t, close);
  }
}

} // namespace

TEST_CASE("max_atr_pct denies above the limit and passes at it", "[guards]") {
  CHECK(volatility_guard(2.0, 100, 2).empty());
  CHECK(volatility_guard(1.9998, 100, 2).empty());
  CHECK(volatility_guard(2.0002, 100, 2) == "max_atr_pct: ATR is 2.0002 % of the price, above 2 %");
  CHECK(volatility_guard(50.0, 100, 0).empty());          // off
  CHECK(volatility_guard(std::nullopt, 100, 2).empty());  // warming up
}

TEST_CASE("cooldown_ms passes from exactly the cooldown on", "[guards]") {
  const std::int64_t t0 = 1000 * s;
  const std::int64_t cooldown = 60 * s;
  CHECK(cooldown_guard(std::nullopt, t0, cooldown, "BTC").empty());
  CHECK(cooldown_guard(t0, t0 + cooldown - 1, cooldown, "BTC") ==
        "cooldown_ms: 59999 ms since the last entry in BTC, less than 60000");
  CHECK(cooldown_guard(t0, t0 + cooldown, cooldown, "BTC").empty());
  CHECK(cooldown_guard(t0, t0 + cooldown + 1, cooldown, "BTC").empty());
}

TEST_CASE("max_trades_per_day denies once the count reached the limit", "[guards]") {
  CHECK(trades_per_day_guard(2, 3).empty());
  CHECK(trades_per_day_guard(3, 3) == "max_trades_per_day: 3 entries today, limit 3");
  CHECK_FALSE(trades_per_day_guard(4, 3).empty());
  CHECK(trades_per_day_guard(1000, 0).empty());
}

TEST_CASE("daily loss, drawdown and loss runs trip at their limits", "[guards]") {
  CHECK_FALSE(daily_loss_reached(-999.99, 1000));
  CHECK(daily_loss_reached(-1000, 1000));
  CHECK(daily_loss_reached(-1000.01, 1000));
  CHECK_FALSE(daily_loss_reached(-5000, 0));
  CHECK(drawdown_pct(100000, 90000) == Approx(10));
  CHECK(drawdown_pct(100000, 110000) == 0);
  CHECK(drawdown_pct(0, 5) == 0);
  CHECK_FALSE(consecutive_losses_reached(2, 3));
  CHECK(consecutive_losses_reached(3, 3));
  CHECK_FALSE(consecutive_losses_reached(9, 0));
}

TEST_CASE("blackouts cover [start, end) of each window, in any order", "[guards]") {
  blackout_schedule b({{200 * s, 300 * s, "CPI"}, {100 * s, 150 * s, "FOMC"},
                       {120 * s, 250 * s, "overlap"}});
  CHECK(b.windows().front().reason == "FOMC");
  CHECK(b.check(100 * s - 1).empty());
  CHECK(b.check(100 * s) == "blackout: FOMC until 1970-01-01T00:02:30Z");
  CHECK(b.check(160 * s) == "blackout: overlap until 1970-01-01T00:04:10Z");
  CHECK(b.check(299 * s).rfind("blackout: CPI", 0) == 0);
  CHECK(b.check(300 * s).empty());
}

TEST_CASE("max_position_notional: at the cap fits, past it is cut to the cap", "[guards]") {
  // Long 50 at 100 = 5000 of the 10000 cap: room for 50 more.
  const std::map<std::string, double> held{{"A", 5000}};
  CHECK(fit_exposure(held, "A", +1, 100, 49, caps()).reason.empty());
  auto fit = fit_exposure(held, "A", +1, 100, 50, caps());
  CHECK(fit.reason.empty());
  CHECK(fit.qty == 50);
  fit = fit_exposure(held, "A", +1, 100, 51, caps());
  CHECK(fit.qty == Approx(50));
  CHECK(fit.reason == "max_position_notional A: 10100 after the order, limit 10000");
  // Selling 150 flips to short 100 = 10000: fits; 151 is cut to 150.
  CHECK(fit_exposure(held, "A", -1, 100, 150, caps()).reason.empty());
  CHECK(fit_exposure(held, "A", -1, 100, 151, caps()).qty == Approx(150));
  // Already at the cap: nothing more fits.
  fit = fit_exposure({{"A", 10000}}, "A", +1, 100, 1, caps());
  CHECK(fit.qty == 0);
  CHECK(fit.reason == "max_position_notional A: 10100 after the order, limit 10000");
}

TEST_CASE("gross and net exposure caps", "[guards]") {
  auto c = caps();
  c.max_gross_exposure = 25000;
  // A long 10000, B short 10000: gross 20000, net 0. Buying C at 50 has room for 100.
  const std::map<std::string, double> held{{"A", 10000}, {"B", -10000}};
  CHECK(fit_exposure(held, "C", +1, 50, 100, c).reason.empty());
  auto fit = fit_exposure(held, "C", +1, 50, 101, c);
  CHECK(fit.qty == Approx(100));
  CHECK(fit.reason == "max_gross_exposure: 25050 after the order, limit 25000");
  // Reducing B (buying) lowers gross: 300 at 50 = 15000 leaves B long 5000, gross 15000.
  CHECK(fit_exposure(held, "B", +1, 50, 300, c).reason.empty());

  c = caps();
  c.max_net_exposure = 12000;
  // Net long 10000: buying C has room for 2000 / 50 = 40; selling C lowers net.
  const std::map<std::string, double> long_a{{"A", 10000}};
  CHECK(fit_exposure(long_a, "C", +1, 50, 40, c).reason.empty());
  fit = fit_exposure(long_a, "C", +1, 50, 41, c);
  CHECK(fit.qty == Approx(40));
  CHECK(fit.reason == "max_net_exposure: 12050 after the order, limit 12000");
  CHECK(fit_exposure(long_a, "C", -1, 50, 100, c).reason.empty());  // net 5000
}

TEST_CASE("sector caps limit the gross notional of a sector", "[guards]") {
  auto c = caps();
  c.sectors.symbols = {{"A", "tech"}, {"C", "tech"}, {"B", "energy"}};
  c.sectors.caps = {{"tech", 12000}};
  const std::map<std::string, double> held{{"A", 10000}, {"B", 9000}};
  // tech holds 10000: C at 50 has room for 40; B's energy has no cap.
  CHECK(fit_exposure(held, "C", +1, 50, 40, c).reason.empty());
  const auto fit = fit_exposure(held, "C", +1, 50, 41, c);
  CHECK(fit.qty == Approx(40));
  CHECK(fit.reason == "sector cap tech: 12050 after the order, limit 12000");
  CHECK(fit_exposure(held, "B", +1, 10, 100, c).reason.empty());  // 10000 = its own cap
}

TEST_CASE("Pearson correlation of aligned bar returns", "[guards][correlation]") {
  // x = .01 .02 .03 .04, y = .01 .03 .02 .04: deviations (-1.5 -.5 .5 1.5) and
  // (-1.5 .5 -.5 1.5) per cent; sxy = 4, sxx = syy = 5 (in 1e-4): r = 0.8.
  CHECK(*pearson({.01, .02, .03, .04}, {.01, .03, .02, .04}) == Approx(0.8));
  CHECK_FALSE(pearson({1, 1, 1}, {1, 2, 3}));
  return_correlation corr(4);
  feed(corr, "X", {.01, .02, .03, .04});
  feed(corr, "Y", {.01, .03, .02, .04});
  feed(corr, "Z", {-.01, -.02, -.03, -.04});
  CHECK(*corr.correlation("X", "Y") == Approx(0.8));
  CHECK(*corr.correlation("X", "Z") == Approx(-1));
  CHECK_FALSE(corr.correlation("X", "W"));
  // Only common bar times count: W has two of X's four return times (fewer than 3).
  corr.on_close("W", 60 * s, 100);
  corr.on_close("W", 180 * s, 101);
  corr.on_close("W", 240 * s, 102);
  CHECK_FALSE(corr.correlation("X", "W"));
  // Older, repeated or non-positive closes are ignored.
  corr.on_close("X", 60 * s, 1);
  corr.on_close("X", 400 * s, 0);
  CHECK(*corr.correlation("X", "Y") == Approx(0.8));
}

TEST_CASE("max_correlated_positions counts same-way correlated positions above the threshold",
          "[guards][correlation]") {
  return_correlation corr(4);
  feed(corr, "X", {.01, .02, .03, .04});
  feed(corr, "Y", {.01, .03, .02, .04});    // r = 0.8 with X
  feed(corr, "Z", {-.01, -.02, -.03, -.04}); // r = -1 with X
  const std::map<std::string, double> held{{"Y", 5}, {"Z", 5}};
  // Long X: long Y concentrates (0.8), long Z hedges (-1).
  CHECK(correlation_guard(corr, "X", +1, held, 0.7999, 1) ==
        "max_correlated_positions: 1 open positions correlated above 0.7999 with X (Y 0.8), "
        "limit 1");
  CHECK(correlation_guard(corr, "X", +1, held, 0.8001, 1).empty());
  CHECK(correlation_guard(corr, "X", +1, held, 0.7999, 2).empty());
  // Short X: long Z now concentrates (-1 * -1).
  CHECK(correlation_guard(corr, "X", -1, held, 0.9, 1).find("(Z -1)") != std::string::npos);
  CHECK(correlation_guard(corr, "X", -1, {{"Z", -5}}, 0.9, 1).empty());
  CHECK(correlation_guard(corr, "X", +1, held, 0.5, 0).empty());  // no limit
}

TEST_CASE("return correlation survives a snapshot round trip", "[guards][snapshot]") {
  return_correlation a(4);
  feed(a, "X", {.01, .02, .03, .04});
  feed(a, "Y", {.01, .03, .02, .04});
  return_correlation b(4);
  test::load_state(test::save_state(a), b);
  CHECK(*b.correlation("X", "Y") == Approx(0.8));
  a.on_close("X", 360 * s, 120);
  b.on_close("X", 360 * s, 120);
  a.on_close("Y", 360 * s, 110);
  b.on_close("Y", 360 * s, 110);
  CHECK(*b.correlation("X", "Y") == Approx(*a.correlation("X", "Y")));
}
