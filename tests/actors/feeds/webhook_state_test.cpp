#include <catch2/catch.hpp>

#include "actors/feeds/webhook_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

TEST_CASE("a signed alert becomes an external signal", "[webhook]") {
  webhook_state st{"feed:tv", "k3y", {"BTCUSDT", "ETHUSDT"}};
  auto out = st.on_alert(R"({"secret":"k3y","symbol":"binance:ethusdt","action":"Short","price":"2500.25","strength":0.4,"message":"rsi"})",
                         "", 123);
  CHECK(out.status == 202);
  CHECK(out.message == "alert 1 accepted: rsi");
  REQUIRE(out.sig);
  CHECK(out.sig->kind == signal_kind::external);
  CHECK(out.sig->symbol == "ETHUSDT");
  CHECK(out.sig->dir == direction::short_);
  CHECK(out.sig->price == 2500.25);
  CHECK(out.sig->strength == 0.4);
  CHECK(out.sig->confidence == 1);
  CHECK(out.sig->ts_ns == 123);
  CHECK(out.sig->source == "feed:tv");
  CHECK(out.sig->features.at("alert") == 1);
  // Exit alerts are refused with 422, never answered 202 for nothing.
  for (const auto* action : {"close", "exit", "FLAT"}) {
    auto exit = st.on_alert(std::string{R"({"symbol":"BTCUSDT","action":")"} + action
                              + R"(","price":1})",
                            "k3y", 124);
    CHECK(exit.status == 422);
    CHECK_FALSE(exit.sig);
    CHECK(exit.message.find("exit alerts (exit, close, flat) are not acted on") != std::string::npos);
  }
  // The alert counter counts accepted alerts only.
  auto next = st.on_alert(R"({"symbol":"BTCUSDT","action":"buy","price":1})", "k3y", 125);
  REQUIRE(next.sig);
  CHECK(next.sig->features.at("alert") == 2);
}

TEST_CASE("bad alerts are refused with the right status", "[webhook]") {
  webhook_state st{"feed:tv", "k3y", {"BTCUSDT"}};
  auto status = [&st](const std::string& body, const std::string& header = "") {
    auto out = st.on_alert(body, header, 1);
    CHECK_FALSE(out.sig);
    return out.status;
  };
  CHECK(status("nope") == 400);
  CHECK(status("[]") == 400);
  CHECK(status(R"({"symbol":"BTCUSDT","action":"buy","price":1})") == 401);
  CHECK(status(R"({"secret":"k3Y","symbol":"BTCUSDT","action":"buy","price":1})") == 401);
  CHECK(status(R"({"secret":"k3","symbol":"BTCUSDT","action":"buy","price":1})") == 401);
  // The header wins over the body: a wrong header is wrong even with a right body.
  CHECK(status(R"({"secret":"k3y","symbol":"BTCUSDT","action":"buy","price":1})", "bad") == 401);
  CHECK(status(R"({"secret":"k3y","action":"buy","price":1})") == 422);
  CHECK(status(R"({"secret":"k3y","symbol":"ETHUSDT","action":"buy","price":1})") == 422);
  CHECK(status(R"({"secret":"k3y","symbol":"BTCUSDT","action":"moon","price":1})") == 422);
  CHECK(status(R"({"secret":"k3y","symbol":"BTCUSDT","action":"buy","price":0})") == 422);
  CHECK(status(R"({"secret":"k3y","symbol":"BTCUSDT","action":"buy","price":"abc"})") == 422);
  CHECK(status(R"({"secret":"k3y","symbol":"BTCUSDT","action":"buy","price":1,"confidence":1.5})") == 422);
  CHECK(status(R"({"secret":"k3y","symbol":"BTCUSDT","action":"buy","price":1,"message":7})") == 422);
  const auto& c = st.counts();
  CHECK(c.bad_json == 2);
  CHECK(c.bad_secret == 4);
  CHECK(c.unknown_symbol == 1);
  CHECK(c.bad_field == 6);
  CHECK(c.accepted == 0);
}

TEST_CASE("an empty secret accepts nothing", "[webhook]") {
  webhook_state st{"feed:tv", "", {"BTCUSDT"}};
  CHECK(st.on_alert(R"({"secret":"","symbol":"BTCUSDT","action":"buy","price":1})", "", 1).status == 401);
}

TEST_CASE("a webhook state snapshot keeps counts and the alert sequence", "[webhook]") {
  webhook_state st{"feed:tv", "k3y", {"BTCUSDT"}};
  st.on_alert(R"({"secret":"k3y","symbol":"BTCUSDT","action":"buy","price":1})", "", 1);
  st.on_alert("x", "", 2);
  webhook_state back{"feed:tv", "k3y", {"BTCUSDT"}};
  test::load_state(test::save_state(st), back);
  CHECK(back.counts().accepted == 1);
  CHECK(back.counts().bad_json == 1);
  auto out = back.on_alert(R"({"secret":"k3y","symbol":"BTCUSDT","action":"buy","price":1})", "", 3);
  CHECK(out.sig->features.at("alert") == 2);
}
