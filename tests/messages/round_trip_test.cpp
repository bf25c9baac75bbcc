#include <catch2/catch.hpp>

#include <sstream>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/deep_to_string.hpp>
#include <cereal/archives/binary.hpp>

#include "messages/type_ids.hpp"
#include "messages/decode_limit.hpp"

using namespace tickline;

namespace {

// Field-wise equality through CAF's own stringification: every inspected field appears.
template <class T>
std::string fields(const T& x) {
  return caf::deep_to_string(x);
}

template <class T>
T caf_round_trip(caf::actor_system& sys, T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  REQUIRE(!sink(x));
  T y;
  caf::binary_deserializer source{sys, buf};
  REQUIRE(!source(y));
  REQUIRE(source.remaining() == 0);
  return y;
}

template <class T>
T cereal_round_trip(const T& x) {
  std::stringstream ss;
  {
    cereal::BinaryOutputArchive out{ss};
    T copy = x;
    out(copy);
  }
  T y;
  cereal::BinaryInputArchive in{ss};
  in(y);
  return y;
}

template <class T>
void check_both(caf::actor_system& sys, const T& x) {
  auto expected = fields(x);
  CHECK(fields(caf_round_trip(sys, x)) == expected);
  CHECK(fields(cereal_round_trip(x)) == expected);
  // The default value must differ, or the round trip would prove nothing.
  CHECK(fields(T{}) != expected);
}

struct fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  fixture() : sys(cfg.add_message_types<caf::id_block::tickline>()) {}
};

} // namespace

TEST_CASE_METHOD(fixture, "market messages round-trip through CAF and cereal", "[messages]") {
  trade_tick t{"BTCUSDT", 43125.5, 0.25, side::sell, 987654321, 1'700'000'000'123'456'789};
  check_both(sys, t);
  bar b{"ETHUSDT", 60, 1'700'000'000'000'000'000, 1'700'000'060'000'000'000,
        2000.5, 2010.25, 1995.0, 2005.75, 12.5, 25012.5, 7.25, 42, 2};
  check_both(sys, b);
  CHECK(cereal_round_trip(b).regime == 2);
  check_both(sys, book_top{"SOLUSDT", 99.5, 10, 99.6, 12.5, 123});
  check_both(sys, std::vector<trade_tick>{t, t, trade_tick{"X", 1, 2, side::buy, 3, 4}});
}

TEST_CASE_METHOD(fixture, "signals keep their features", "[messages]") {
  signal s;
  s.kind = signal_kind::pattern;
  s.name = "ema_cross";
  s.symbol = "BNBUSDT";
  s.dir = direction::short_;
  s.strength = 0.75;
  s.confidence = 0.5;
  s.price = 301.25;
  s.ts_ns = 55;
  s.source = "detector:pattern:BNBUSDT";
  s.features = {{"ema_fast", 300.5}, {"ema_slow", 302.0}, {"z_score", -1.5}};
  check_both(sys, s);
  auto back = cereal_round_trip(s);
  CHECK(back.features.at("z_score") == -1.5);
  CHECK(back.dir == direction::short_);
}

TEST_CASE_METHOD(fixture, "order messages round-trip", "[messages]") {
  order_intent i{"int-7", "BTCUSDT", side::sell, 0.5, order_type::stop_limit, 42000, 42100,
                 43000, {41000, 40000}, 0.8, "whale+ema_cross", 99, {}};
  check_both(sys, i);
  CHECK(cereal_round_trip(i).take_profits == std::vector<double>{41000, 40000});
  signal s;
  s.kind = signal_kind::whale;
  s.name = "large_trade";
  s.symbol = "BTCUSDT";
  s.features = {{"z_score", 5.5}};
  i.context = {"whale:large_trade", {s}, {{"atr", 120.5}}, "trending",
               {{"equity", 100000}, {"kelly", 0.125}}, "kelly"};
  check_both(sys, i);
  auto back = cereal_round_trip(i);
  REQUIRE(back.context.signals.size() == 1);
  CHECK(back.context.signals[0].features.at("z_score") == 5.5);
  CHECK(back.context.sizing.at("kelly") == 0.125);
  CHECK(back.context.regime == "trending");
  check_both(sys, order_request{"cid-1", "BTCUSDT", side::buy, order_type::limit,
                                time_in_force::ioc, 1.5, 42000, 0, true, 12});
  check_both(sys, order_ack{"cid-1", "venue-9", 13});
  check_both(sys, order_reject{"cid-2", "insufficient balance", 14});
  check_both(sys, order_cancel{"cid-3", "emergency stop", 15});
  check_both(sys, fill{"cid-1", "BTCUSDT", side::buy, 42000.5, 0.75, 0.03, true, 16, "paper-7"});
  booked_fill bf{{"cid-5", "BTCUSDT", side::sell, 41000, 0.75, 0.02, false, 26, "paper-9"},
                 "trailing_stop", "pattern:engulfing", "strategy-BTCUSDT-3", "tl-1-4"};
  check_both(sys, bf);
  CHECK(cereal_round_trip(bf).purpose == "trailing_stop");
  CHECK(cereal_round_trip(bf).fill.client_order_id == "cid-5");
  check_both(sys, std::vector<booked_fill>{bf, bf});
  check_both(sys, position{"BTCUSDT", -0.75, 42000.5, 12.5, -3.25, 17});
}

TEST_CASE_METHOD(fixture, "broker query and portfolio messages round-trip", "[messages]") {
  check_both(sys, order_query{"cid-4", 22});
  order_status st{"cid-4", "ETHUSDT", order_state::partially_filled, 2.0, 0.5, 2001.25,
                  "paper-4", "ioc remainder", 23};
  check_both(sys, st);
  CHECK(cereal_round_trip(st).state == order_state::partially_filled);
  closed_trade t{"BTCUSDT", side::sell, 1.5, 42000, 41000.5, 100, 200, 1480.25, 19.25,
                 "pattern:engulfing", "stop_loss"};
  check_both(sys, t);
  CHECK(cereal_round_trip(t).sd == side::sell);
  CHECK(cereal_round_trip(t).exit_reason == "stop_loss");
  account_update a{99000, 101500.5, 102000, 1480.25, 20.25, 19.25, 42000, -42000, 0.49,
                   {{"BTCUSDT", -1, 42000, 0, 20.25, 24}}, 25, {"strategy-3", "strategy-4"}};
  check_both(sys, a);
  auto back = cereal_round_trip(a);
  CHECK(back.settled == std::vector<std::string>{"strategy-3", "strategy-4"});
  check_both(sys, entry_settled{"strategy-3", "BTCUSDT", "tl-2-7", 0.5, 26});
  CHECK(cereal_round_trip(entry_settled{"s-1", "ETHUSDT", "tl-1-1", 2, 3}).filled_qty == 2);
  REQUIRE(back.positions.size() == 1);
  CHECK(back.positions[0].qty == -1);
  CHECK(back.drawdown_pct == 0.49);
}

TEST_CASE_METHOD(fixture, "risk and control messages round-trip", "[messages]") {
  check_both(sys, risk_decision{"int-7", "BTCUSDT", risk_verdict::reduce, 2.0, 1.0,
                                "max position notional", trading_state::reducing, 18});
  check_both(sys, control_command{control_kind::disable_symbol, "ETHUSDT", "operator",
                                  "maintenance", 19});
  check_both(sys, heartbeat{"feed:binance", 1234, 20});
  check_both(sys, connection_status{"feed:binance", true, "heartbeat after 2.5 s", 3, 21});
  learned_weights w{{{"pattern.breakout", 1.2}, {"whale.large_trade", 0.8}}, 12, "round 40", 22};
  check_both(sys, w);
  CHECK(cereal_round_trip(w).multipliers == w.multipliers);
  CHECK(cereal_round_trip(w).version == 12);
  learned_thresholds t{"pattern", {{"volume_z", 2.5}, {"squeeze_quantile", 0.15}}, 3, "round 7", 23};
  check_both(sys, t);
  CHECK(cereal_round_trip(t).values == t.values);
  CHECK(cereal_round_trip(t).detector == "pattern");
}

TEST_CASE_METHOD(fixture, "message types are registered with CAF under their names", "[messages]") {
  auto n = caf::id_block::tickline::end - caf::id_block::tickline::begin;
  CHECK(n == 30);
  CHECK(caf::make_message(std::vector<position>{{"BTCUSDT", 1, 2, 0, 0, 3}})
          .match_elements<std::vector<position>>());
  CHECK(std::string{caf::type_name_by_id<caf::type_id<trade_tick>::value>::value}
        == "tickline::trade_tick");
  auto msg = caf::make_message(std::vector<trade_tick>{{"A", 1, 2, side::buy, 3, 4}});
  CHECK(msg.match_elements<std::vector<trade_tick>>());
}
