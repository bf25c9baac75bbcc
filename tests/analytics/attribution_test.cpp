#include <catch2/catch.hpp>

#include "analytics/attribution.hpp"
#include "sample.hpp"

using namespace tickline::analytics;
using namespace tickline::test;

TEST_CASE("attribution groups the sample's trades", "[analytics][attribution]") {
  // A pattern:engulfing Mon 12h +10 BTC; B whale:cluster Tue 00h -5 ETH;
  // C pattern:breakout Wed 12h +20 BTC; D untagged Thu 00h 0 SOL.
  auto a = attribute(sample_trades());
  REQUIRE(a.by_detector.size() == 3);
  CHECK(a.by_detector[0].key == "pattern");
  CHECK(a.by_detector[0].trades == 2);
  CHECK(a.by_detector[0].wins == 2);
  CHECK(a.by_detector[0].win_rate == 1);
  CHECK(a.by_detector[0].pnl == 30);
  CHECK(a.by_detector[1].key == "untagged");
  CHECK(a.by_detector[1].pnl == 0);
  CHECK(a.by_detector[2].key == "whale");
  CHECK(a.by_detector[2].pnl == -5);
  CHECK(a.by_detector[2].win_rate == 0);

  REQUIRE(a.by_pattern.size() == 4);
  CHECK(a.by_pattern[0].key == "pattern:breakout");
  CHECK(a.by_pattern[0].pnl == 20);
  CHECK(a.by_pattern[1].key == "pattern:engulfing");
  CHECK(a.by_pattern[3].key == "whale:cluster");

  REQUIRE(a.by_symbol.size() == 3);
  CHECK(a.by_symbol[0].key == "BTCUSDT");
  CHECK(a.by_symbol[0].trades == 2);
  CHECK(a.by_symbol[0].pnl == 30);
  CHECK(a.by_symbol[1].key == "ETHUSDT");
  CHECK(a.by_symbol[2].key == "SOLUSDT");

  REQUIRE(a.by_exit_reason.size() == 3);
  CHECK(a.by_exit_reason[0].key == "stop_loss");
  CHECK(a.by_exit_reason[1].key == "take_profit");
  CHECK(a.by_exit_reason[1].pnl == 30);
  CHECK(a.by_exit_reason[2].key == "untagged");

  REQUIRE(a.by_hour.size() == 24);
  CHECK(a.by_hour[0].key == "00");
  CHECK(a.by_hour[0].trades == 2);   // B and D
  CHECK(a.by_hour[0].pnl == -5);
  CHECK(a.by_hour[0].win_rate == 0);
  CHECK(a.by_hour[12].key == "12");
  CHECK(a.by_hour[12].trades == 2);  // A and C
  CHECK(a.by_hour[12].pnl == 30);
  CHECK(a.by_hour[5].trades == 0);

  REQUIRE(a.by_weekday.size() == 7);
  CHECK(a.by_weekday[0].key == "Mon");
  CHECK(a.by_weekday[0].pnl == 10);
  CHECK(a.by_weekday[1].pnl == -5);
  CHECK(a.by_weekday[2].pnl == 20);
  CHECK(a.by_weekday[3].trades == 1);
  CHECK(a.by_weekday[6].key == "Sun");
  CHECK(a.by_weekday[6].trades == 0);
}
