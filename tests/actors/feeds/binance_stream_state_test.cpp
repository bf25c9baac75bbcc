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

namespace {

std::string diff(long long first, long long last, const std::string& bids, const std::string& asks,
                 long long time_ms = 1700000000000) {
  return R"({"e":"depthUpdate","E":)" + std::to_string(time_ms) + R"(,"s":"BTCUSDT","U":)"
         + std::to_string(first) + R"(,"u":)" + std::to_string(last) + R"(,"b":)" + bids
         + R"(,"a":)" + asks + "}";
}

} // namespace

TEST_CASE("a binance depth book syncs from its REST snapshot, then follows the diffs",
          "[binance_stream][depth]") {
  fixture f;
  CHECK(f.st.take_snapshot_requests().empty());
  // Diffs before any snapshot are held, and the book asks for one, once.
  f.feed(diff(98, 100, R"([["99","7"]])", R"([])"));
  f.feed(diff(101, 102, R"([["100.0","1"],["99.5","2"]])", R"([["101","3"]])"));
  f.feed(diff(103, 103, R"([["100.0","0"]])", R"([])", 1700000000100));
  CHECK(f.out.tops[0].empty());
  CHECK(f.st.counts().depth_buffered == 3);
  CHECK(f.st.take_snapshot_requests() == std::vector<std::size_t>{0});
  CHECK(f.st.take_snapshot_requests().empty());  // asked for already
  // The snapshot is as of update 101: the diff ending at 100 is covered and dropped; the
  // one spanning 101..102 is the first applied (U <= 102 <= u), then 103.
  REQUIRE(f.st.on_snapshot(0, R"({"lastUpdateId":101,"bids":[["100.0","9"],["98","4"]],"asks":[["102","1"],["101","5"]]})", f.out));
  CHECK(f.st.counts().snapshots == 1);
  REQUIRE(f.out.tops[0].size() == 1);
  const auto& t = f.out.tops[0][0];
  // 100.0 was set to 1 by diff 101..102, then removed by 103; 99.5 (2) is the best bid;
  // 99 (from the covered diff) never entered the book.
  CHECK(t.bid == 99.5);
  CHECK(t.bid_qty == 2);
  CHECK(t.ask == 101);
  CHECK(t.ask_qty == 3);
  CHECK(t.ts_ns == 1700000000100LL * 1'000'000);
  // Synced: diffs apply as they come; an unchanged top is not passed on again.
  f.feed(diff(104, 104, R"([["90","5"]])", R"([])"));
  CHECK(f.out.tops[0].size() == 1);
  f.feed(diff(105, 105, R"([])", R"([["101","0"]])"));
  REQUIRE(f.out.tops[0].size() == 2);
  CHECK(f.out.tops[0][1].ask == 102);
  CHECK(f.st.counts().depth_updates == 2);
  // A repeated diff is old and ignored.
  f.feed(diff(105, 105, R"([])", R"([["101","8"]])"));
  CHECK(f.st.counts().non_monotonic == 1);
  CHECK(f.out.tops[0].size() == 2);
  // A gap: the book is dropped, nothing is passed on from it, and a snapshot is wanted.
  f.feed(diff(110, 111, R"([["95","1"]])", R"([["96","1"]])"));
  CHECK(f.st.counts().sequence_gaps == 1);
  CHECK(f.out.tops[0].size() == 2);
  CHECK(f.st.take_snapshot_requests() == std::vector<std::size_t>{0});
  // A snapshot older than every buffered diff cannot sync the book: another is wanted.
  CHECK_FALSE(f.st.on_snapshot(0, R"({"lastUpdateId":105,"bids":[],"asks":[]})", f.out));
  CHECK(f.st.counts().snapshot_retries == 1);
  CHECK(f.st.take_snapshot_requests() == std::vector<std::size_t>{0});
  // A bad body is a failure, reported with the symbol; the book still wants one.
  CHECK_FALSE(f.st.on_snapshot(0, R"({"lastUpdateId":"x"})", f.out));
  CHECK(f.st.counts().snapshot_failures == 1);
  const auto problems = f.st.take_problems();
  REQUIRE_FALSE(problems.empty());
  CHECK(problems.back() == "feed:b: BTCUSDT depth snapshot: no positive \"lastUpdateId\"");
  CHECK(f.st.take_snapshot_requests() == std::vector<std::size_t>{0});
  REQUIRE(f.st.on_snapshot(0, R"({"lastUpdateId":110,"bids":[["94","2"]],"asks":[["97","2"]]})", f.out));
  REQUIRE(f.out.tops[0].size() == 3);
  CHECK(f.out.tops[0][2].bid == 95);
  CHECK(f.out.tops[0][2].ask == 96);
  // A bad level leaves the book untouched.
  f.feed(diff(112, 112, R"([["-1","1"]])", R"([])"));
  CHECK(f.st.counts().bad_value == 1);
  CHECK(f.st.counts().depth_updates == 2);
  // A new connection: the book syncs again from a new snapshot.
  f.st.on_connected();
  f.feed(diff(200, 201, R"([["50","1"]])", R"([["51","1"]])"));
  CHECK(f.out.tops[0].size() == 3);
  CHECK(f.st.take_snapshot_requests() == std::vector<std::size_t>{0});
}

TEST_CASE("a depth book never applies levels out of order", "[binance_stream][depth]") {
  depth_book b;
  CHECK(b.on_diff({5, 6, 1, {{10, 1}}, {{11, 1}}}) == depth_book::diff_result::buffered);
  CHECK(b.on_diff({8, 9, 2, {{10, 2}}, {}}) == depth_book::diff_result::buffered);
  CHECK(b.take_snapshot_request());
  // Snapshot 5 spans the first diff, but the buffer itself skips 7.
  CHECK(b.on_snapshot({5, {{10, 3}}, {{11, 3}}}) == depth_book::snapshot_result::gap);
  CHECK_FALSE(b.synced());
  CHECK(b.buffered() == 1);  // 8..9 is kept for the next snapshot
  CHECK(b.take_snapshot_request());
  // Snapshot 6: the next buffered diff starts at 8, so 7 is missing: too old to sync on.
  CHECK(b.on_snapshot({6, {{10, 3}}, {{11, 3}}}) == depth_book::snapshot_result::too_old);
  CHECK_FALSE(b.synced());
  CHECK(b.take_snapshot_request());
  CHECK(b.on_diff({10, 10, 2, {}, {{11, 4}}}) == depth_book::diff_result::buffered);
  CHECK(b.on_snapshot({8, {{10, 4}}, {{11, 5}}}) == depth_book::snapshot_result::applied);
  CHECK(b.synced());
  CHECK(b.update_id() == 10);
  double bid = 0, bq = 0, ask = 0, aq = 0;
  REQUIRE(b.take_changed_top(bid, bq, ask, aq));
  CHECK(bq == 2);   // from diff 8..9
  CHECK(aq == 4);   // from diff 10
  // A failed fetch: asked again; the buffer is kept meanwhile.
  b.restart();
  CHECK(b.on_diff({20, 21, 3, {}, {}}) == depth_book::diff_result::buffered);
  CHECK(b.take_snapshot_request());
  b.snapshot_failed();
  CHECK(b.buffered() == 1);
  CHECK(b.take_snapshot_request());
  CHECK_FALSE(b.take_snapshot_request());
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
  f.feed(diff(1, 2, "[]", "[]"));
  binance_stream_state back{"feed:b", {"BTCUSDT", "ETHUSDT"}};
  test::load_state(test::save_state(f.st), back);
  CHECK(back.counts().trades == 1);
  CHECK(back.counts().depth_buffered == 1);
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
