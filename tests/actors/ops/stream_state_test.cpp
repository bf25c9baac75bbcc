#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "actors/ops/stream_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;
using nlohmann::json;

TEST_CASE("signals become one stream message each, with the event time", "[stream]") {
  stream_state st;
  signal a;
  a.kind = signal_kind::whale;
  a.name = "large_trade";
  a.symbol = "BTCUSDT";
  a.dir = direction::long_;
  a.strength = 0.5;
  a.ts_ns = 1'700'000'000'000'000'000;
  signal b = a;
  b.kind = signal_kind::pattern;
  b.symbol = "ETHUSDT";
  b.ts_ns = 1'700'000'000'500'000'000;
  auto out = st.on_signals({a, b});
  REQUIRE(out.size() == 2);
  auto m = json::parse(out[0]);
  CHECK(m["type"] == "signal");
  CHECK(m["ts_ns"] == 1'700'000'000'000'000'000);
  CHECK(m["data"]["symbol"] == "BTCUSDT");
  CHECK(m["data"]["kind"] == "whale");
  CHECK(m["data"]["strength"] == 0.5);
  CHECK(json::parse(out[1])["data"]["kind"] == "pattern");
  CHECK(json::parse(out[1])["ts_ns"] == 1'700'000'000'500'000'000);
  CHECK(st.counts().at("signal") == 2);
}

TEST_CASE("orders, rejects, fills and connections carry what an operator needs", "[stream]") {
  stream_state st;
  order_request o;
  o.client_order_id = "c-1";
  o.symbol = "BTCUSDT";
  o.sd = side::sell;
  o.type = order_type::limit;
  o.qty = 0.25;
  o.limit_price = 42000;
  auto order = json::parse(st.on_order(o, 77));
  CHECK(order["type"] == "order");
  CHECK(order["ts_ns"] == 77);
  CHECK(order["data"]["client_id"] == "c-1");
  CHECK(order["data"]["side"] == "sell");
  CHECK(order["data"]["type"] == "limit");
  CHECK(order["data"]["qty"] == 0.25);
  CHECK(order["data"]["limit_price"] == 42000);
  CHECK(order["data"]["status"] == "sent");

  auto rej = json::parse(st.on_reject(order_reject{"c-1", "insufficient margin", 78}));
  CHECK(rej["type"] == "order");
  CHECK(rej["data"]["status"] == "rejected");
  CHECK(rej["data"]["reason"] == "insufficient margin");

  booked_fill f;
  f.fill = fill{"c-2", "ETHUSDT", side::buy, 2500.5, 1.5, 0.75, false, 79, {}};
  f.purpose = "stop_loss";
  f.trade_id = "c-0";
  auto fm = json::parse(st.on_fill(f));
  CHECK(fm["type"] == "fill");
  CHECK(fm["ts_ns"] == 79);
  CHECK(fm["data"]["price"] == 2500.5);
  CHECK(fm["data"]["qty"] == 1.5);
  CHECK(fm["data"]["fee"] == 0.75);
  CHECK(fm["data"]["purpose"] == "stop_loss");

  auto c = json::parse(st.on_connection(connection_status{"feed:ws", false, "silent for 5s", 2, 80}));
  CHECK(c["type"] == "connection");
  CHECK(c["data"]["source"] == "feed:ws");
  CHECK(c["data"]["status"] == "disconnected");
  CHECK(c["data"]["reconnects"] == 2);
  CHECK(st.counts().at("order") == 2);
  CHECK(st.counts().at("fill") == 1);
  CHECK(st.counts().at("connection") == 1);
}

TEST_CASE("a risk message goes out only when the state changes", "[stream]") {
  stream_state st;
  CHECK_FALSE(st.on_risk({"", "", 0, 0}, 1));  // not trading yet
  auto first = st.on_risk({"active", "", 10000, 0}, 2);
  REQUIRE(first);
  CHECK(json::parse(*first)["data"]["state"] == "ACTIVE");
  CHECK_FALSE(st.on_risk({"active", "", 10100, 100}, 3));  // same state, new figures
  auto halted = st.on_risk({"halted", "daily loss 5.2% > 5%", 9480, -520}, 4);
  REQUIRE(halted);
  auto m = json::parse(*halted);
  CHECK(m["ts_ns"] == 4);
  CHECK(m["data"]["state"] == "HALTED");
  CHECK(m["data"]["previous"] == "ACTIVE");
  CHECK(m["data"]["reason"] == "daily loss 5.2% > 5%");
  CHECK(m["data"]["pnl"] == -520);
  CHECK(st.risk_state() == "halted");
}

TEST_CASE("the stream state survives a snapshot round trip", "[stream][snapshot]") {
  stream_state st;
  st.on_connection(connection_status{"feed:a", true, "up", 0, 1});
  st.on_risk({"paused", "operator", 0, 0}, 2);
  stream_state copy;
  test::load_state(test::save_state(st), copy);
  CHECK(copy.risk_state() == "paused");
  CHECK(copy.counts() == st.counts());
  CHECK(copy.counts().at("risk") == 1);
  // Restored, it does not repeat the state it already reported.
  CHECK_FALSE(copy.on_risk({"paused", "operator", 0, 0}, 3));
}
