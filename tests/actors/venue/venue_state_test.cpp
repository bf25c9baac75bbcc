#include <catch2/catch.hpp>

#include "actors/venue/venue_server.hpp"
#include "actors/venue/venue_state.hpp"

using namespace tickline;

namespace {

decimal8 d(const char* text) { return *decimal8::parse(text); }

venue_state make_venue() {
  return venue_state{{default_filters("BTCUSDT", "BTC", "USDT")}, {{"USDT", 10000}, {"BTC", 1}}, 0.001};
}

venue_order_request limit(const char* side, const char* price, const char* qty, const char* id = "") {
  venue_order_request r;
  r.symbol = "BTCUSDT";
  r.side = side;
  r.type = "LIMIT";
  r.time_in_force = "GTC";
  r.price = d(price);
  r.quantity = d(qty);
  r.client_order_id = id;
  return r;
}

} // namespace

TEST_CASE("a limit order rests, locks its quote, fills when the market reaches it",
          "[venue][state]") {
  auto v = make_venue();
  v.on_trade("BTCUSDT", 100, 1);
  auto placed = v.place(limit("BUY", "99.00", "10", "c-1"), 2);
  REQUIRE(placed.code == 0);
  CHECK(placed.order->status == "NEW");
  CHECK(placed.order->order_id == 1);
  CHECK(placed.fills.empty());
  // 990 of quote and its fee held back.
  CHECK(v.balances().at("USDT").locked == Approx(990 * 1.001));
  CHECK(v.balances().at("USDT").free == Approx(10000 - 990 * 1.001));
  CHECK(v.on_trade("BTCUSDT", 99.5, 3).empty());
  auto fills = v.on_trade("BTCUSDT", 98.7, 4);
  REQUIRE(fills.size() == 1);
  CHECK(fills[0].price == d("99"));  // at its own price, as maker
  CHECK(fills[0].is_maker);
  CHECK(v.balances().at("USDT").locked == Approx(0).margin(1e-9));
  CHECK(v.balances().at("USDT").free == Approx(10000 - 990 - 0.99));
  CHECK(v.balances().at("BTC").free == Approx(11));
  auto q = v.query("BTCUSDT", 0, "c-1");
  REQUIRE(q.code == 0);
  CHECK(q.order->status == "FILLED");
  CHECK(q.order->executed_qty == d("10"));
  CHECK(q.order->cumulative_quote == Approx(990));
}

TEST_CASE("the venue refuses as Binance does", "[venue][state]") {
  auto v = make_venue();
  v.on_trade("BTCUSDT", 100, 1);
  REQUIRE(v.place(limit("BUY", "90", "1", "dup"), 2).code == 0);
  auto dup = v.place(limit("BUY", "91", "1", "dup"), 3);
  CHECK(dup.code == -2010);
  CHECK(dup.msg == "Duplicate order sent.");
  auto poor = v.place(limit("BUY", "90", "200"), 4);
  CHECK(poor.code == -2010);
  CHECK(poor.msg == "Account has insufficient balance for requested action.");
  auto tick = v.place(limit("BUY", "90.001", "1"), 5);
  CHECK(tick.code == -1013);
  CHECK(tick.msg == "Filter failure: PRICE_FILTER");
  auto sym = limit("BUY", "90", "1");
  sym.symbol = "NOPEUSDT";
  CHECK(v.place(sym, 6).code == -1121);
  auto tif = limit("BUY", "90", "1");
  tif.time_in_force.clear();
  CHECK(v.place(tif, 7).msg == "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
  CHECK(v.cancel("BTCUSDT", 999, "", 8).code == -2011);
  CHECK(v.query("BTCUSDT", 999, "").code == -2013);
  // A client id is free again once its order is done.
  REQUIRE(v.cancel("BTCUSDT", 0, "dup", 9).code == 0);
  CHECK(v.cancel("BTCUSDT", 0, "dup", 10).code == -2011);  // already canceled
  CHECK(v.place(limit("BUY", "91", "1", "dup"), 11).code == 0);
  CHECK(v.balances().at("USDT").free + v.balances().at("USDT").locked == Approx(10000));
}

TEST_CASE("market, marketable and stop orders", "[venue][state]") {
  auto v = make_venue();
  venue_order_request m;
  m.symbol = "BTCUSDT";
  m.side = "BUY";
  m.type = "MARKET";
  m.quantity = d("1");
  CHECK(v.place(m, 1).msg == "Market is closed.");  // no price yet
  v.on_trade("BTCUSDT", 100, 2);
  auto bought = v.place(m, 3);
  REQUIRE(bought.code == 0);
  REQUIRE(bought.fills.size() == 1);
  CHECK(bought.order->status == "FILLED");
  CHECK_FALSE(bought.fills[0].is_maker);
  // A sell limit below the market takes at the market's price.
  auto taken = v.place(limit("SELL", "95", "0.5"), 4);
  REQUIRE(taken.fills.size() == 1);
  CHECK(taken.fills[0].price == d("100"));
  // A stop loss below the market waits, then sells at the trade that reaches it.
  venue_order_request s;
  s.symbol = "BTCUSDT";
  s.side = "SELL";
  s.type = "STOP_LOSS";
  s.stop_price = d("97");
  s.quantity = d("1");
  auto stop = v.place(s, 5);
  REQUIRE(stop.code == 0);
  CHECK_FALSE(stop.order->working);
  CHECK(v.balances().at("BTC").locked == Approx(1));
  CHECK(v.on_trade("BTCUSDT", 98, 6).empty());
  auto hit = v.on_trade("BTCUSDT", 96.5, 7);
  REQUIRE(hit.size() == 1);
  CHECK(hit[0].price == d("96.5"));
  CHECK(v.balances().at("BTC").free + v.balances().at("BTC").locked == Approx(1 + 1 - 0.5 - 1));
  // One that would trigger at once is refused.
  s.stop_price = d("99");
  CHECK(v.place(s, 8).msg == "Stop price would trigger immediately.");
  // LIMIT_MAKER that would take is refused and holds nothing.
  auto maker = limit("BUY", "200", "0.05");
  maker.type = "LIMIT_MAKER";
  maker.time_in_force.clear();
  CHECK(v.place(maker, 9).msg == "Order would immediately match and take.");
  CHECK(v.balances().at("USDT").locked == Approx(0).margin(1e-9));
}

TEST_CASE("symbols split into base and quote", "[venue][state]") {
  CHECK(split_symbol("BTCUSDT") == std::pair<std::string, std::string>{"BTC", "USDT"});
  CHECK(split_symbol("ETHBTC") == std::pair<std::string, std::string>{"ETH", "BTC"});
  CHECK_FALSE(split_symbol("USDT").has_value());
  CHECK_FALSE(split_symbol("FOOBAR").has_value());
}

namespace {

venue_oco_request sell_oco(const char* qty, const char* tp, const char* stop) {
  venue_oco_request r;
  r.symbol = "BTCUSDT";
  r.side = "SELL";
  r.quantity = d(qty);
  r.above_type = "LIMIT_MAKER";
  r.above_price = d(tp);
  r.below_type = "STOP_LOSS";
  r.below_stop_price = d(stop);
  r.above_client_id = "tp";
  r.below_client_id = "sl";
  return r;
}

} // namespace

TEST_CASE("an OCO holds its base once; a fill of either leg ends the other", "[venue][state][oco]") {
  auto v = make_venue();  // 1 BTC
  v.on_trade("BTCUSDT", 100, 1);
  auto placed = v.place_oco(sell_oco("1", "110", "90"), 2);
  REQUIRE(placed.code == 0);
  REQUIRE(placed.legs.size() == 2);
  CHECK(placed.legs[0].type == "LIMIT_MAKER");
  CHECK(placed.legs[1].order_list_id == placed.list->order_list_id);
  CHECK(v.balances().at("BTC").locked == Approx(1));  // once, not twice
  CHECK(v.balances().at("BTC").free == Approx(0).margin(1e-12));
  // A second OCO of the same base cannot be held.
  auto more = sell_oco("0.5", "120", "80");
  more.above_client_id = "tp-b";
  more.below_client_id = "sl-b";
  CHECK(v.place_oco(more, 3).msg == "Account has insufficient balance for requested action.");
  // The take-profit fills at its price; the stop expires; nothing is held any more.
  auto fills = v.on_trade("BTCUSDT", 110.5, 4);
  REQUIRE(fills.size() == 1);
  CHECK(fills[0].price == d("110"));
  CHECK(v.query("BTCUSDT", 0, "sl").order->status == "EXPIRED");
  CHECK(v.query_list("BTCUSDT", placed.list->order_list_id, "").list->list_order_status == "ALL_DONE");
  CHECK(v.balances().at("BTC").locked == Approx(0).margin(1e-12));
  CHECK(v.balances().at("BTC").free == Approx(0).margin(1e-12));
  CHECK(v.balances().at("USDT").free == Approx(10000 + 110 - 0.11));
  CHECK(v.on_trade("BTCUSDT", 85, 5).empty());  // the stop is gone
}

TEST_CASE("an OCO's stop leg fills when the market falls to it; canceling one leg cancels both",
          "[venue][state][oco]") {
  auto v = make_venue();
  v.on_trade("BTCUSDT", 100, 1);
  REQUIRE(v.place_oco(sell_oco("0.4", "110", "90"), 2).code == 0);
  auto hit = v.on_trade("BTCUSDT", 89.5, 3);
  REQUIRE(hit.size() == 1);
  CHECK(hit[0].price == d("89.5"));
  CHECK(v.query("BTCUSDT", 0, "tp").order->status == "EXPIRED");
  CHECK(v.balances().at("BTC").free == Approx(0.6));

  auto second = sell_oco("0.5", "120", "80");
  second.above_client_id = "tp2";
  second.below_client_id = "sl2";
  second.list_client_id = "list-2";
  REQUIRE(v.place_oco(second, 4).code == 0);
  CHECK(v.balances().at("BTC").locked == Approx(0.5));
  REQUIRE(v.cancel("BTCUSDT", 0, "tp2", 5).code == 0);
  CHECK(v.query("BTCUSDT", 0, "sl2").order->status == "CANCELED");
  CHECK(v.balances().at("BTC").locked == Approx(0).margin(1e-12));
  CHECK(v.cancel_list("BTCUSDT", 0, "list-2", 6).code == -2011);  // already done
  // Legs that would fill or trigger at once are refused, nothing held.
  v.on_trade("BTCUSDT", 100, 6);
  CHECK(v.place_oco(sell_oco("0.1", "95", "90"), 7).msg == "Order would immediately match and take.");
  CHECK(v.place_oco(sell_oco("0.1", "110", "95"), 8).code == 0);
  auto eager = sell_oco("0.1", "110", "100.5");
  eager.above_client_id = "e-tp";
  eager.below_client_id = "e-sl";
  CHECK(v.place_oco(eager, 9).msg == "Stop price would trigger immediately.");
  // Leg ids are unique among open orders ("tp" and "sl" legs above are still open).
  auto dup = sell_oco("0.1", "111", "91");
  CHECK(v.place_oco(dup, 9).msg == "Duplicate order sent.");
  dup.above_client_id = dup.below_client_id = "same";
  CHECK(v.place_oco(dup, 9).msg == "Duplicate order sent.");
  auto wrong = sell_oco("0.1", "110", "90");
  wrong.above_client_id = "w-tp";
  wrong.below_client_id = "w-sl";
  wrong.below_type = "LIMIT";
  CHECK(v.place_oco(wrong, 10).code == -1116);
}
