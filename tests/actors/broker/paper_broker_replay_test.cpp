// Market data the paper broker has matched never fills an order again, even when a feed
// resends it after a restart (the high-water marks travel with its books); every fill
// has an execution id of its own.

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "../../storage/temp_dir.hpp"
#include "actors/broker/paper_broker_state.hpp"
#include "actors/broker/paper_broker_store.hpp"
#include "broker_test_helpers.hpp"
#include "messages/decode_limit.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

trade_tick trade_with_id(std::int64_t id, double price, double qty, std::int64_t ts_ns) {
  auto t = trade(price, qty, ts_ns);
  t.trade_id = id;
  return t;
}

// Trades 1..n at 100, 2 each, one millisecond apart from `ts`.
std::vector<trade_tick> tape(std::int64_t first_id, int n, std::int64_t ts) {
  std::vector<trade_tick> out;
  for (int i = 0; i < n; ++i)
    out.push_back(trade_with_id(first_id + i, 100, 2, ts + i * 1'000'000));
  return out;
}

} // namespace

TEST_CASE("trades resent with ids already matched fill nothing", "[broker][replay]") {
  auto cfg = plain_broker(1'000'000);
  cfg.max_participation = 0.5;  // one unit of each trade of 2
  paper_broker_state b{cfg};
  b.on_trade(trade(100, 1, 0));  // a last price (a trade without an id: no mark)
  b.on_order(order("big", side::buy, 10), 1);
  auto first = only<fill>(b.on_trades(tape(1, 5, 10)));
  REQUIRE(first.size() == 5);
  CHECK(b.ledger().find("big")->filled_qty == 5);
  // A feed restarting from an older cursor sends trades 3..5 again, then new ones.
  CHECK(only<fill>(b.on_trades(tape(3, 3, 10 + 2'000'000))).empty());
  CHECK(b.replayed() == 3);
  CHECK(b.ledger().find("big")->filled_qty == 5);
  auto next = only<fill>(b.on_trades(tape(6, 2, 20'000'000)));
  CHECK(next.size() == 2);
  CHECK(b.ledger().find("big")->filled_qty == 7);
  CHECK(b.seen("BTCUSDT").trade_id == 7);
  // Every fill has its own execution id, numbered in the broker's fill list.
  std::set<std::string> ids;
  for (const auto& f : b.ledger().fills())
    ids.insert(f.exec_id);
  CHECK(ids.size() == 7);
  CHECK(b.ledger().fills().front().exec_id == "paper-1");
  CHECK(b.ledger().fills().back().exec_id == "paper-7");
  CHECK(b.ledger().audit().empty());
}

TEST_CASE("the high-water marks survive a restart of the broker", "[broker][replay][snapshot]") {
  temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  auto cfg = plain_broker(1'000'000);
  cfg.max_participation = 0.5;
  {
    paper_broker_state b{cfg};
    paper_broker_store books{db, "broker:paper"};
    b.on_trade(trade(100, 1, 0));
    b.on_order(order("big", side::buy, 100), 1);
    b.on_trades(tape(1, 4, 10));
    b.on_bar(make_bar(60'000'000'000, 100, 101, 99, 100, 50));
    books.save(b);
  }  // killed: the object goes away after its last save
  paper_broker_state back{cfg};
  REQUIRE(paper_broker_store(db, "broker:paper").load(back));
  CHECK(back.seen("BTCUSDT").trade_id == 4);
  CHECK(back.seen("BTCUSDT").bar_close_ns == 120'000'000'000);
  const double filled = back.ledger().find("big")->filled_qty;
  // The feed resends the last second: trades 1..4 and the bar.
  CHECK(only<fill>(back.on_trades(tape(1, 4, 10))).empty());
  CHECK(only<fill>(back.on_bar(make_bar(60'000'000'000, 100, 101, 99, 100, 50))).empty());
  CHECK(back.ledger().find("big")->filled_qty == filled);
  // New data fills, with execution ids that go on from the saved fills.
  auto more = only<fill>(back.on_trades(tape(5, 1, 200'000'000'000)));
  REQUIRE(more.size() == 1);
  CHECK(more[0].exec_id == "paper-" + std::to_string(back.ledger().fills().size()));
}

TEST_CASE("a quote or bar not newer than the last one matched fills nothing", "[broker][replay]") {
  paper_broker_state b{plain_broker(1'000'000)};
  b.on_order(order("q", side::buy, 1, order_type::limit, 100), 1);
  b.on_order(order("q2", side::buy, 1, order_type::limit, 100), 2);
  b.on_order(order("q3", side::buy, 1, order_type::limit, 100), 3);
  // The ask reaches the limits with room for one order of 1.
  CHECK(only<fill>(b.on_book(quote(99, 1, 100, 1, 10))).size() == 1);
  CHECK(only<fill>(b.on_book(quote(99, 1, 100, 1, 10))).empty());  // the same quote again
  CHECK(only<fill>(b.on_book(quote(99, 1, 100, 1, 11))).size() == 1);
  CHECK(b.replayed() == 1);
}

TEST_CASE("books written before fills had ids are read and numbered", "[broker][snapshot]") {
  // A ledger as it was stored then: the fill fields without exec_id.
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    const double starting = 1000, cash = 800;
    std::map<std::string, double> positions{{"BTCUSDT", 2}};
    std::map<std::string, broker_order> orders;
    orders["a"].request = order("a", side::buy, 2);
    orders["a"].state = order_state::filled;
    orders["a"].filled_qty = 2;
    orders["a"].notional = 200;
    ar(starting, cash, positions, orders);
    std::vector<fill> fills{{"a", "BTCUSDT", side::buy, 100, 1, 0, false, 5, {}},
                            {"a", "BTCUSDT", side::buy, 100, 1, 0, false, 5, {}}};
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(fills.size())));
    for (auto& f : fills)
      serialize_without_exec_id(ar, f);
  }
  broker_ledger ledger;
  std::istringstream is{os.str()};
  cereal::PortableBinaryInputArchive ar{is};
  ledger.load_without_exec_ids(ar);
  REQUIRE(ledger.fills().size() == 2);
  CHECK(ledger.fills()[0].exec_id == "paper-1");
  CHECK(ledger.fills()[1].exec_id == "paper-2");  // same price, qty and time: two fills
  CHECK(ledger.position("BTCUSDT") == 2);
  CHECK(ledger.audit().empty());
}
