#include <catch2/catch.hpp>

#include "actors/feeds/binance_stream_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

struct fixture {
  binance_stream_state st{"feed:b", {"BTCUSDT", "ETHUSDT"}};
  stream_batches out;
  fixture() { out.reset(2); }
  void feed(const std::string& text) { st.on_frame(text, out); }
};

} // namespace

TEST_CASE("binance trades and aggregate trades become ticks", "[binance_stream]") {
  fixture f;
  f.feed(R"({"e":"trade","E":1700000000001,"s":"BTCUSDT","t":12345,"p":"37000.50","q":"0.25","T":1700000000000,"m":true,"M":true})");
  f.feed(R"({"stream":"ethusdt@aggTrade","data":{"e":"aggTrade","E":1700000000005,"s":"ETHUSDT","a":777,"p":"2000.1","q":"3","f":100,"l":105,"T":1700000000004,"m":false}})");
  REQUIRE(f.out.trades[0].size() == 1);
  const auto& t = f.out.trades[0][0];
  CHECK(t.symbol == "BTCUSDT");
  CHECK(t.price == 37000.50);
  CHECK(t.qty == 0.25);
  CHECK(t.trade_id == 12345);
  CHECK(t.aggressor == side::sell);  // buyer was the maker
  CHECK(t.ts_ns == 1700000000000LL * 1'000'000);
  REQUIRE(f.out.trades[1].size() == 1);
  CHECK(f.out.trades[1][0].trade_id == 777);
  CHECK(f.out.trades[1][0].aggressor == side::buy);
  CHECK(f.st.counts().trades == 2);
  CHECK(f.st.counts().skipped() == 0);
}

TEST_CASE("the symbols that had data since the last look are fresh", "[binance_stream]") {
  fixture f;
  CHECK(f.st.take_fresh().empty());
  f.feed(R"({"result":null,"id":1})");  // a subscription answer is no market data
  f.feed(R"({"e":"trade","E":1,"s":"DOGEUSDT","t":1,"p":"1","q":"1","T":1,"m":true})");
  CHECK(f.st.take_fresh().empty());
  f.feed(R"({"e":"trade","E":1700000000001,"s":"ETHUSDT","t":5,"p":"2000","q":"1","T":1700000000000,"m":true})");
  CHECK(f.st.take_fresh() == std::vector<std::size_t>{1});
  CHECK(f.st.take_fresh().empty());  // taken: stale until the next event
}

TEST_CASE("only closed binance klines become bars", "[binance_stream]") {
  fixture f;
  auto kline = [](bool closed) {
    return std::string(R"({"e":"kline","E":1,"s":"ETHUSDT","k":{"t":1700000040000,"T":1700000099999,"s":"ETHUSDT","i":"1m","o":"10","c":"11","h":"12","l":"9","v":"100","n":7,"x":)")
           + (closed ? "true" : "false") + R"(,"q":"1050","V":"40","Q":"420"}})";
  };
  f.feed(kline(false));
  CHECK(f.out.bars[1].empty());
  CHECK(f.st.counts().open_klines == 1);
  f.feed(kline(true));
  REQUIRE(f.out.bars[1].size() == 1);
  const auto& b = f.out.bars[1][0];
  CHECK(b.timeframe_s == 60);
  CHECK(b.open_ns == 1700000040000LL * 1'000'000);
  CHECK(b.close_ns == 1700000100000LL * 1'000'000);
  CHECK(b.open == 10);
  CHECK(b.high == 12);
  CHECK(b.low == 9);
  CHECK(b.close == 11);
  CHECK(b.volume == 100);
  CHECK(b.quote_volume == 1050);
  CHECK(b.buy_volume == 40);
  CHECK(b.trades == 7);
  // The same closed kline again (a reconnect may repeat it) is not a second bar.
  f.feed(kline(true));
  CHECK(f.out.bars[1].size() == 1);
  CHECK(f.st.counts().non_monotonic == 1);
}

TEST_CASE("binance depth diffs build a book whose top is passed on", "[binance_stream]") {
  fixture f;
  f.feed(R"({"e":"depthUpdate","E":1700000000000,"s":"BTCUSDT","U":1,"u":2,"b":[["100.0","1"],["99.5","2"]],"a":[["101","3"]]})");
  REQUIRE(f.out.tops[0].size() == 1);
  CHECK(f.out.tops[0][0].bid == 100.0);
  CHECK(f.out.tops[0][0].bid_qty == 1);
  CHECK(f.out.tops[0][0].ask == 101);
  // The best bid is removed (qty 0): the next level becomes the top.
  f.feed(R"({"e":"depthUpdate","E":1700000000100,"s":"BTCUSDT","U":3,"u":3,"b":[["100.0","0"]],"a":[]})");
  REQUIRE(f.out.tops[0].size() == 2);
  CHECK(f.out.tops[0][1].bid == 99.5);
  CHECK(f.out.tops[0][1].ts_ns == 1700000000100LL * 1'000'000);
  // An unchanged top is not passed on again.
  f.feed(R"({"e":"depthUpdate","E":1700000000200,"s":"BTCUSDT","U":4,"u":4,"b":[["90","5"]],"a":[]})");
  CHECK(f.out.tops[0].size() == 2);
  // A gap in the update ids: the book starts again from this diff alone.
  f.feed(R"({"e":"depthUpdate","E":1700000000300,"s":"BTCUSDT","U":10,"u":11,"b":[["95","1"]],"a":[["96","1"]]})");
  CHECK(f.st.counts().sequence_gaps == 1);
  REQUIRE(f.out.tops[0].size() == 3);
  CHECK(f.out.tops[0][2].bid == 95);
  CHECK(f.out.tops[0][2].ask == 96);
  // A bad level leaves the book untouched.
  f.feed(R"({"e":"depthUpdate","E":1700000000400,"s":"BTCUSDT","U":12,"u":12,"b":[["-1","1"]],"a":[]})");
  CHECK(f.st.counts().bad_value == 1);
  CHECK(f.st.counts().depth_updates == 4);
}

TEST_CASE("bad binance messages are counted, described and skipped", "[binance_stream]") {
  fixture f;
  f.feed("not json at all");
  f.feed("[1,2]");
  f.feed(R"({"stream":"btcusdt@trade","data":"oops"})");
  f.feed(R"({"e":"bookTicker","s":"BTCUSDT"})");
  f.feed(R"({"foo":1})");
  f.feed(R"({"e":"trade","s":"DOGEUSDT","t":1,"p":"1","q":"1","T":1,"m":true})");
  f.feed(R"({"e":"trade","s":"BTCUSDT","t":1,"p":"0","q":"1","T":1,"m":true})");
  f.feed(R"({"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"NaN","T":1,"m":true})");
  f.feed(R"({"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","m":true})");
  f.feed(R"({"e":"trade","s":"BTCUSDT","t":2,"p":"1","q":"1","T":5000,"m":true})");
  f.feed(R"({"e":"trade","s":"BTCUSDT","t":3,"p":"1","q":"1","T":4999,"m":true})");
  f.feed(R"({"result":null,"id":7})");
  const auto& c = f.st.counts();
  CHECK(c.frames == 12);
  CHECK(c.bad_json == 3);
  CHECK(c.unknown_stream == 2);
  CHECK(c.unknown_symbol == 1);
  CHECK(c.bad_value == 3);
  CHECK(c.non_monotonic == 1);
  CHECK(c.control == 1);
  CHECK(c.trades == 1);
  auto problems = f.st.take_problems();
  REQUIRE(problems.size() == 10);
  CHECK(problems[0] == "feed:b: stream ? message 1: not a JSON object");
  CHECK(problems[2] == "feed:b: stream btcusdt@trade message 3: \"data\" is not a JSON object");
  CHECK(problems[3] == "feed:b: stream bookTicker message 4: unknown event type \"bookTicker\"");
  CHECK(problems[9] == "feed:b: stream trade message 11: trade time goes back 1 ms");
  CHECK(f.st.take_problems().empty());
  // Message numbers restart with each connection.
  f.st.on_connected();
  f.feed("x");
  CHECK(f.st.take_problems().at(0) == "feed:b: stream ? message 1: not a JSON object");
}

TEST_CASE("a binance stream state snapshot keeps counts and last times", "[binance_stream]") {
  fixture f;
  f.feed(R"({"e":"trade","s":"BTCUSDT","t":2,"p":"1","q":"1","T":5000,"m":true})");
  f.feed("junk");
  binance_stream_state back{"feed:b", {"BTCUSDT", "ETHUSDT"}};
  test::load_state(test::save_state(f.st), back);
  CHECK(back.counts().trades == 1);
  CHECK(back.counts().bad_json == 1);
  // The restored state still refuses a trade older than the last one passed on.
  stream_batches out;
  out.reset(2);
  back.on_frame(R"({"e":"trade","s":"BTCUSDT","t":3,"p":"1","q":"1","T":4000,"m":true})", out);
  CHECK(out.trades[0].empty());
  CHECK(back.counts().non_monotonic == 1);
  // A snapshot of a feed with other symbols does not load.
  binance_stream_state other{"feed:b", {"BTCUSDT"}};
  CHECK_THROWS(test::load_state(test::save_state(f.st), other));
}
