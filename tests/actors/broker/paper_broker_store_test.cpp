// The paper broker's books kept in pieces (paper_broker_store): a round trip equals the
// original after many partial saves, a save writes only what changed, and a "crash"
// (the object dropped without a final save) restores what was last saved.

#include <catch2/catch.hpp>

#include <memory>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "../../storage/temp_dir.hpp"
#include "actors/broker/paper_broker_state.hpp"
#include "actors/broker/paper_broker_store.hpp"
#include "broker_test_helpers.hpp"
#include "../snapshot.hpp"
#include "messages/decode_limit.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

// Everything a restore must bring back, as the full snapshot's bytes: the ledger (every
// order with its state, every fill in order, cash, positions), the working list in time
// priority with each order's working state, the last prices and the venue counter.
std::string books_of(const paper_broker_state& b) { return save_state(b); }

paper_broker_state loaded(const std::shared_ptr<store>& db, const broker_config& cfg) {
  paper_broker_state b{cfg};
  paper_broker_store books{db, "broker:paper"};
  REQUIRE(books.load(b));
  return b;
}

} // namespace

TEST_CASE("the books round-trip through the incremental store after many partial saves",
          "[broker][snapshot]") {
  temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  paper_broker_store books{db, "broker:paper"};
  auto cfg = plain_broker(10'000);
  paper_broker_state b{cfg};
  CHECK_FALSE(books.exists());
  b.on_trade(trade(100, 1, 1));
  CHECK(books.save(b) == 2);            // the head (never saved) and the symbol: a last price
  CHECK(books.save(b) == 0);            // nothing changed since
  // Working orders in arrival order: a stop-limit, limits, a stop, a market buy.
  b.on_order(order("sl", side::buy, 1, order_type::stop_limit, 90.5, 104), 10);
  b.on_order(order("l1", side::buy, 2, order_type::limit, 95), 11);
  CHECK(books.save(b) == 3);            // head + two orders
  b.on_order(order("l2", side::buy, 1, order_type::limit, 90), 12);
  b.on_order(order("st", side::buy, 1, order_type::stop, 0, 110), 13);
  b.on_order(order("m", side::buy, 1), 14);
  b.on_order(order("bad", side::buy, 1, order_type::limit, 0), 15);  // rejected: no price
  CHECK(books.save(b) == 5);            // head + four orders
  // The market buy fills at 104.5; the stop-limit triggers (104 <= 104.5) and rests as a
  // limit at 90.5.
  auto ev = b.on_trade(trade(104.5, 1, 20));
  CHECK(only<fill>(ev).size() == 1);
  CHECK(books.save(b) == 5);            // head (cash) + symbol + m + sl + one fill
  b.on_trade(trade(94, 1.5, 30));       // l1 fills 1.5 of 2 (participation 1); sl not
  b.on_cancel({"l2", "test", 31}, 31);
  CHECK(books.save(b) == 5);            // head + symbol + l1 + l2 + one fill
  b.on_trade(trade(94, 5, 40));         // l1's last 0.5; the last price stays 94
  CHECK(books.save(b) == 4);            // head + symbol (position) + l1 + one fill
  b.on_trade(trade(95, 0.1, 41));       // nothing fills: only a last price
  CHECK(books.save(b) == 1);
  REQUIRE(b.working_orders() == std::vector<std::string>{"sl", "st"});

  auto back = loaded(db, cfg);
  CHECK(books_of(back) == books_of(b));
  CHECK(back.working_orders() == std::vector<std::string>{"sl", "st"});
  CHECK(back.ledger().fills().size() == 3);
  CHECK(back.ledger().audit().empty());
  CHECK(back.cash() == b.cash());
  CHECK(back.position("BTCUSDT") == 1 + 2);  // m 1, l1 1.5 + 0.5
  // The restored broker goes on as the original does: the triggered stop-limit fills at
  // its limit on the next print at or under it; the stop (110) still waits.
  CHECK(only<fill>(b.on_trade(trade(90, 1, 50))).at(0).price == 90.5);
  CHECK(only<fill>(back.on_trade(trade(90, 1, 50))).at(0).price == 90.5);
  CHECK(books_of(back) == books_of(b));
  CHECK(back.working_orders() == std::vector<std::string>{"st"});
  // A known id is refused by the restored broker too.
  CHECK(only<order_reject>(back.on_order(order("l1", side::buy, 1), 60)).size() == 1);
}

TEST_CASE("a broker dropped without its last save restores what was saved before",
          "[broker][snapshot]") {
  temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  auto cfg = plain_broker(10'000);
  std::string saved;
  {
    paper_broker_state b{cfg};
    paper_broker_store books{db, "broker:paper"};
    b.on_trade(trade(100, 1, 1));
    b.on_order(order("a", side::buy, 1, order_type::limit, 99), 2);
    b.on_order(order("b", side::buy, 1, order_type::limit, 98), 3);
    b.on_trade(trade(99, 1, 4));           // a fills
    books.save(b);
    saved = books_of(b);
    // Changes after the last save, then the "crash".
    b.on_order(order("c", side::buy, 1), 5);
    b.on_trade(trade(97, 1, 6));
    b.on_cancel({"b", "late", 7}, 7);
    REQUIRE(books_of(b) != saved);
  }
  auto back = loaded(db, cfg);
  CHECK(books_of(back) == saved);
  CHECK(back.working_orders() == std::vector<std::string>{"b"});
  CHECK(back.ledger().fills().size() == 1);
  CHECK(back.ledger().find("c") == nullptr);
  // An id the lost part used is free: that order never left the broker.
  CHECK(only<order_ack>(back.on_order(order("c", side::buy, 1), 8)).size() == 1);
}

TEST_CASE("books restored from a full snapshot are written in pieces once", "[broker][snapshot]") {
  temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  auto cfg = plain_broker(10'000);
  paper_broker_state old{cfg};
  old.on_trade(trade(100, 1, 1));
  old.on_order(order("a", side::buy, 2, order_type::limit, 99), 2);
  old.on_order(order("b", side::buy, 1, order_type::limit, 98), 3);
  old.on_trade(trade(99, 1, 4));           // a fills 1 of 2
  paper_broker_state b{cfg};
  load_state(save_state(old), b);          // as the snapshotter restores it
  b.mark_all_changed();
  paper_broker_store books{db, "broker:paper"};
  CHECK(books.save(b) == 1 + 1 + 2 + 1);   // head, the symbol, both orders, the fill
  CHECK(books.save(b) == 0);
  CHECK(books_of(loaded(db, cfg)) == books_of(old));
}

TEST_CASE("a stored order that does not decode is an error naming its key", "[broker][snapshot]") {
  temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  paper_broker_state b{plain_broker()};
  paper_broker_store books{db, "broker:paper"};
  b.on_trade(trade(100, 1, 1));
  b.on_order(order("a", side::buy, 1, order_type::limit, 99), 2);
  books.save(b);
  store::batch bad;
  bad.put(column::meta, std::string{"books/broker:paper"} + '\0' + "oa", "garbage");
  db->write(bad, false);
  paper_broker_state again{plain_broker()};
  CHECK_THROWS_WITH(books.load(again), Catch::Contains("books/broker:paper/oa"));
  // Another broker's books are apart.
  paper_broker_state other{plain_broker()};
  CHECK_FALSE(paper_broker_store(db, "broker:other").load(other));
}

namespace {

// A head as version 1 wrote it: positions and last prices inside.
struct head_v1 {
  double starting_cash = 0;
  double cash = 0;
  std::map<std::string, double> positions;
  std::map<std::string, double> last_prices;
  std::uint64_t next_id = 1;
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(starting_cash, cash, positions, last_prices, next_id);
  }
};

} // namespace

CEREAL_CLASS_VERSION(head_v1, 1);

TEST_CASE("books stored with a version 1 head are read, and written per symbol from then on",
          "[broker][snapshot]") {
  temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  auto cfg = plain_broker(10'000);
  paper_broker_state b{cfg};
  paper_broker_store books{db, "broker:paper"};
  b.on_trade(trade(100, 1, 1));
  b.on_trade(trade(50, 1, 2, "ETHUSDT"));
  b.on_order(order("a", side::buy, 2, order_type::limit, 99), 3);
  b.on_trade(trade(99, 5, 4));  // a fills: a position of 2
  REQUIRE(books.save(b) > 0);
  // The same books as version 1 kept them: its head, the orders and fills, no symbol keys.
  const std::string prefix = std::string{"books/broker:paper"} + '\0';
  head_v1 old{10'000, b.cash(), {{"BTCUSDT", 2}}, {{"BTCUSDT", 99}, {"ETHUSDT", 50}}, 2};
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(old);
  }
  auto db1 = store::open(tmp.sub("v1"));
  store::batch v1;
  v1.put(column::meta, prefix + "h", os.str());
  int copied = 0;
  db->scan(column::meta, prefix, prefix, [&](const std::string& k, const std::string& v) {
    const char kind = k[prefix.size()];
    if (kind == 'o' || kind == 'f') {
      v1.put(column::meta, k, v);
      ++copied;
    }
    return true;
  });
  REQUIRE(copied == 2);  // the order and its fill
  db1->write(v1, false);
  db = db1;
  paper_broker_store books1{db, "broker:paper"};
  auto back = loaded(db, cfg);
  CHECK(books_of(back) == books_of(b));
  CHECK(back.position("BTCUSDT") == 2);
  CHECK(back.ledger().audit().empty());
  // Its last price values a market buy: 99 x 100 would not fit beside the cash left.
  CHECK(only<order_reject>(back.on_order(order("m", side::buy, 100), 5)).size() == 1);
  // The next save writes the head in version 2 and the symbols it touches.
  back.on_trade(trade(98, 1, 6));
  CHECK(books1.save(back) == 2);  // the rejected m and the symbol; the head did not change
  back.mark_all_changed();
  CHECK(books1.save(back) == 1 + 2 + 2 + 1);  // head, both symbols, a and m, the fill
  auto again = loaded(db, cfg);
  CHECK(books_of(again) == books_of(back));
}
