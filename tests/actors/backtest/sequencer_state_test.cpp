#include <catch2/catch.hpp>

#include "actors/backtest/sequencer_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

trade_tick trade(const std::string& sym, std::int64_t ts, std::int64_t id) {
  trade_tick t;
  t.symbol = sym;
  t.price = 100;
  t.qty = 1;
  t.trade_id = id;
  t.ts_ns = ts;
  return t;
}

signal sig(const std::string& sym, std::int64_t ts, const std::string& source, const std::string& name) {
  signal s;
  s.symbol = sym;
  s.ts_ns = ts;
  s.source = source;
  s.name = name;
  return s;
}

bar bar_at(const std::string& sym, std::int64_t close_ns, std::int64_t tf) {
  bar b;
  b.symbol = sym;
  b.close_ns = close_ns;
  b.timeframe_s = tf;
  return b;
}

std::vector<std::int64_t> trade_ids(const std::vector<trade_tick>& xs) {
  std::vector<std::int64_t> out;
  for (const auto& x : xs)
    out.push_back(x.trade_id);
  return out;
}

} // namespace

TEST_CASE("sequencer_state releases trades by time then symbol, whatever order the senders ran in",
          "[sequencer]") {
  // Two interleavings of the same two per-symbol streams: scheduler order must not show.
  auto eth = std::vector<trade_tick>{trade("ETH", 10, 1), trade("ETH", 20, 2), trade("ETH", 20, 3)};
  auto btc = std::vector<trade_tick>{trade("BTC", 20, 4), trade("BTC", 30, 5)};
  sequencer_state a;
  a.add(eth);
  a.add(btc);
  sequencer_state b;
  b.add(btc);
  b.add(eth);
  auto ra = a.release();
  auto rb = b.release();
  // By hand: ts 10 ETH#1; ts 20 BTC#4 before ETH (symbol), ETH#2 before #3 (arrival);
  // ts 30 BTC#5.
  const std::vector<std::int64_t> want{1, 4, 2, 3, 5};
  CHECK(trade_ids(ra.trades) == want);
  CHECK(trade_ids(rb.trades) == want);
  CHECK(a.held() == 0);
  CHECK(a.releases() == 1);
  CHECK(a.release().empty());
  CHECK(a.releases() == 2);
}

TEST_CASE("sequencer_state orders bars by close, symbol, timeframe and signals by source and name",
          "[sequencer]") {
  sequencer_state s;
  s.add(std::vector<bar>{bar_at("B", 120, 3600), bar_at("B", 120, 60), bar_at("A", 180, 60)});
  s.add(std::vector<bar>{bar_at("A", 120, 60)});
  s.add(std::vector<signal>{sig("X", 5, "detector:whale:X", "large_trade"),
                            sig("X", 5, "detector:pattern:X", "hammer"),
                            sig("A", 5, "detector:whale:A", "large_trade"),
                            sig("X", 4, "detector:whale:X", "large_trade")});
  CHECK(s.held() == 8);
  auto r = s.release();
  REQUIRE(r.bars.size() == 4);
  CHECK(r.bars[0].symbol == "A");
  CHECK(r.bars[0].close_ns == 120);
  CHECK(r.bars[1].symbol == "B");
  CHECK(r.bars[1].timeframe_s == 60);
  CHECK(r.bars[2].timeframe_s == 3600);
  CHECK(r.bars[3].close_ns == 180);
  REQUIRE(r.signals.size() == 4);
  CHECK(r.signals[0].ts_ns == 4);
  CHECK(r.signals[1].symbol == "A");
  CHECK(r.signals[2].source == "detector:pattern:X");
  CHECK(r.signals[3].source == "detector:whale:X");
}

TEST_CASE("sequencer_state snapshot round trip keeps what is held and the release count",
          "[sequencer][snapshot]") {
  sequencer_state s;
  s.add(std::vector<trade_tick>{trade("ETH", 7, 9), trade("BTC", 7, 8)});
  s.release();
  s.add(std::vector<trade_tick>{trade("SOL", 3, 2), trade("ADA", 3, 1)});
  book_top q;
  q.symbol = "SOL";
  q.bid = 1;
  q.ask = 2;
  q.ts_ns = 4;
  s.add(std::vector<book_top>{q});
  s.add(std::vector<signal>{sig("SOL", 3, "detector:whale:SOL", "large_trade")});

  sequencer_state back;
  test::load_state(test::save_state(s), back);
  CHECK(back.held() == 4);
  CHECK(back.releases() == 1);
  auto r = back.release();
  CHECK(trade_ids(r.trades) == std::vector<std::int64_t>{1, 2});
  REQUIRE(r.tops.size() == 1);
  CHECK(r.tops[0].ask == 2);
  REQUIRE(r.signals.size() == 1);
  CHECK(r.signals[0].symbol == "SOL");
  CHECK(back.releases() == 2);
}
