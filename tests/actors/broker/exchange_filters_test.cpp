#include <catch2/catch.hpp>

#include "actors/broker/exchange_filters.hpp"

using namespace tickline;

namespace {

decimal8 d(const char* text) {
  auto v = decimal8::parse(text);
  REQUIRE(v);
  return *v;
}

symbol_filters btcusdt() {
  symbol_filters f;
  f.symbol = "BTCUSDT";
  f.base = "BTC";
  f.quote = "USDT";
  f.min_price = d("0.01");
  f.max_price = d("1000000");
  f.tick_size = d("0.01");
  f.min_qty = d("0.00001");
  f.max_qty = d("9000");
  f.step_size = d("0.00001");
  f.min_notional = d("5");
  f.max_notional = d("9000000");
  return f;
}

} // namespace

TEST_CASE("decimal strings are exact, and anything else is refused", "[venue][filters]") {
  CHECK(d("0.01").units == 1'000'000);
  CHECK(d("100").units == 10'000'000'000LL);
  CHECK(d("0.00001000").units == 1000);
  CHECK(d("0.123456780000").units == 12'345'678);  // trailing zeros past 8 places are fine
  CHECK(d("0.01").str() == "0.01000000");
  CHECK(d("123.4").str() == "123.40000000");
  for (const char* bad : {"", "-1", "1e3", "0.000000001", "1.", ".5", "1,5", "abc", "99999999999"}) {
    INFO(bad);
    CHECK_FALSE(decimal8::parse(bad).has_value());
  }
  // 0.1 + 0.2 is not a problem here.
  CHECK(decimal8{d("0.1").units + d("0.2").units} == d("0.3"));
  CHECK(decimal8::from_double(0.30000000000000004) == d("0.3"));
}

TEST_CASE("the filters at their boundaries", "[venue][filters]") {
  const auto f = btcusdt();
  CHECK(filter_failure(f, d("100.01"), d("0.05"), false).empty());
  // PRICE_FILTER: on the tick, within [min, max].
  CHECK(filter_failure(f, d("100.015"), d("0.05"), false) == "Filter failure: PRICE_FILTER");
  CHECK(filter_failure(f, d("0.01"), d("600"), false).empty());
  CHECK(filter_failure(f, d("0.009"), d("600"), false) == "Filter failure: PRICE_FILTER");
  CHECK(filter_failure(f, d("1000000"), d("0.00001"), false).empty());
  CHECK(filter_failure(f, d("1000000.01"), d("0.00001"), false) == "Filter failure: PRICE_FILTER");
  // LOT_SIZE: on the step, within [min, max].
  CHECK(filter_failure(f, d("100"), d("0.000015"), false) == "Filter failure: LOT_SIZE");
  CHECK(filter_failure(f, d("100"), d("0"), false) == "Filter failure: LOT_SIZE");
  CHECK(filter_failure(f, d("1"), d("9000"), false).empty());
  CHECK(filter_failure(f, d("1"), d("9000.00001"), false) == "Filter failure: LOT_SIZE");
  // NOTIONAL: 5 exactly passes, a tick less fails; market orders at the reference price.
  CHECK(filter_failure(f, d("100"), d("0.05"), false).empty());
  CHECK(filter_failure(f, d("99.99"), d("0.05"), false) == "Filter failure: NOTIONAL");
  CHECK(filter_failure(f, d("99.99"), d("0.05"), true) == "Filter failure: NOTIONAL");
  CHECK(filter_failure(f, d("0"), d("0.05"), true).empty());  // no reference price: not checked
  auto no_market = f;
  no_market.min_notional_to_market = false;
  CHECK(filter_failure(no_market, d("99.99"), d("0.05"), true).empty());
  // A zero step or tick disables the rule, as on Binance.
  auto loose = f;
  loose.tick_size = decimal8{};
  CHECK(filter_failure(loose, d("100.015"), d("0.05"), false).empty());
}

TEST_CASE("orders are brought onto the filters before sending, never to more than asked",
          "[venue][filters]") {
  const auto f = btcusdt();
  // A buy limit rounds down, a sell limit up; the quantity always down.
  auto buy = prepare_order(f, 100.019, rounding::down, 0.123456789, false);
  CHECK(buy.price == d("100.01"));
  CHECK(buy.qty == d("0.12345"));
  CHECK(buy.error.empty());
  auto sell = prepare_order(f, 100.011, rounding::up, 0.1, false);
  CHECK(sell.price == d("100.02"));
  CHECK(sell.qty == d("0.1"));
  // 0.1 as a double is 0.1000000000000000055...: still 0.1, not a step more.
  CHECK(prepare_order(f, 100, rounding::down, 0.1 + 0.2, false).qty == d("0.3"));
  // Just below a step, or past the 8th decimal: down, never up.
  CHECK(prepare_order(f, 100, rounding::down, 0.0009999999996, false).qty == d("0.00099"));
  CHECK(decimal8::at_most(0.123456785) == d("0.12345678"));
  CHECK(decimal8::at_most(0.3) == d("0.3"));
  CHECK(decimal8::from_double(1e12).zero());  // out of range: refused by the filters
  CHECK_FALSE(prepare_order(f, 1e12, rounding::down, 1, false).error.empty());
  // Refused locally with the reason and the numbers.
  auto small = prepare_order(f, 100, rounding::down, 0.04, false);
  CHECK(small.error.rfind("Filter failure: NOTIONAL (BTCUSDT: price 100.00000000, quantity 0.04000000", 0) == 0);
  auto dust = prepare_order(f, 100, rounding::down, 0.000001, false);
  CHECK(dust.error.rfind("Filter failure: LOT_SIZE", 0) == 0);
}
