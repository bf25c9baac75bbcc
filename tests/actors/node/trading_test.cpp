#include <catch2/catch.hpp>

#include "trading_fixture.hpp"

using namespace tickline;
using tickline::test::trading_fixture;

TEST_CASE_METHOD(trading_fixture, "the demo node trades, and an emergency stop leaves nothing open",
                 "[trading]") {
  // Trade until there are open positions and working orders (brackets) at once.
  int guard = 0;
  while ((figure("open_positions") <= 0 || figure("open_orders") <= 0) && guard++ < 4000)
    advance(1);
  INFO("slices " << next);
  REQUIRE(figure("open_positions") > 0);
  REQUIRE(figure("open_orders") > 0);
  CHECK(counters->orders > 0);
  CHECK(counters->fills > 0);

  command(control_kind::emergency_stop);
  CHECK(counters->labels().at("risk_state") == "halted");
  // The flattening market orders fill on the market data that follows.
  advance(100);
  CHECK(figure("open_orders") == 0);
  CHECK(figure("open_positions") == 0);

  // Halted: signals keep coming, no order goes out.
  const auto orders = counters->orders.load();
  const auto signals = counters->signals.load();
  advance(600);
  CHECK(counters->signals > signals);
  CHECK(counters->orders == orders);
}

TEST_CASE_METHOD(trading_fixture, "the demo sends few orders per fill and no exit is refused",
                 "[trading][invariants]") {
  // Ten simulated minutes of the demo config (50 ms slices).
  advance(12000);
  INFO("orders " << counters->orders << ", fills " << counters->fills << ", rejects "
                 << counters->rejects << " (exits " << counters->exit_rejects << ")");
  REQUIRE(counters->fills > 100);
  CHECK(static_cast<double>(counters->orders) <= 1.3 * static_cast<double>(counters->fills));
  CHECK(counters->exit_rejects == 0);
}

TEST_CASE_METHOD(trading_fixture, "no new orders while paused; trading resumes after resume",
                 "[trading]") {
  command(control_kind::pause);
  CHECK(counters->labels().at("risk_state") == "paused");
  advance(1200);  // a minute of market: the demo would have traded by now
  CHECK(counters->signals > 0);
  CHECK(counters->orders == 0);
  command(control_kind::resume);
  CHECK(counters->labels().at("risk_state") == "active");
  int guard = 0;
  while (counters->orders == 0 && guard++ < 4000)
    advance(1);
  CHECK(counters->orders > 0);

  // Paused again with working orders and positions: cancels (and reducing orders) still
  // go through, so closing everything leaves nothing open.
  guard = 0;
  while ((figure("open_positions") <= 0 || figure("open_orders") <= 0) && guard++ < 4000)
    advance(1);
  REQUIRE(figure("open_orders") > 0);
  command(control_kind::pause);
  command(control_kind::close_all);
  CHECK(counters->labels().at("risk_state") == "paused");
  advance(100);
  CHECK(figure("open_orders") == 0);
  CHECK(figure("open_positions") == 0);
}
