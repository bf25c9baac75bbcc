#include <catch2/catch.hpp>

#include "actors/signals/signal_log_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

TEST_CASE("signal log keeps the newest signals up to its capacity", "[signal_log]") {
  signal_log_state log{3};
  for (int i = 0; i < 5; ++i) {
    signal s;
    s.symbol = "S" + std::to_string(i);
    log.add(s);
  }
  CHECK(log.total() == 5);
  REQUIRE(log.recent().size() == 3);
  CHECK(log.recent().front().symbol == "S2");
  CHECK(log.recent().back().symbol == "S4");

  signal_log_state copy{0};
  test::load_state(test::save_state(log), copy);
  CHECK(copy.total() == 5);
  CHECK(copy.recent().back().symbol == "S4");
}

TEST_CASE("a signal is described on one line with its features", "[signal_log]") {
  signal s;
  s.kind = signal_kind::whale;
  s.name = "large_trade";
  s.symbol = "BTCUSDT";
  s.dir = direction::long_;
  s.strength = 0.5;
  s.confidence = 0.25;
  s.price = 101.5;
  s.features = {{"z_score", 6}};
  CHECK(signal_log_state::describe(s)
        == "whale large_trade BTCUSDT long strength=0.500 confidence=0.250 price=101.5 z_score=6");
}
