#include <catch2/catch.hpp>

#include <algorithm>

#include "storage/journal.hpp"
#include "storage/keys.hpp"
#include "temp_dir.hpp"

using namespace tickline;

namespace {

std::vector<std::uint64_t> seqs(const std::vector<journal_entry>& es) {
  std::vector<std::uint64_t> out;
  for (const auto& e : es)
    out.push_back(e.seq);
  return out;
}

std::vector<std::string> payloads(const std::vector<journal_entry>& es) {
  std::vector<std::string> out;
  for (const auto& e : es)
    out.push_back(e.payload);
  return out;
}

} // namespace

TEST_CASE("appends are numbered from 1 without gaps", "[storage][journal]") {
  test::temp_dir tmp;
  journal j{store::open(tmp.sub("db")), "orders"};
  CHECK(j.name() == "orders");
  CHECK(j.last_seq() == 0);
  CHECK(j.read_from(1).empty());
  CHECK(j.append("o1") == 1);
  CHECK(j.append("o2") == 2);
  CHECK(j.append("o3") == 3);
  CHECK(j.last_seq() == 3);
}

TEST_CASE("read_from returns the entries from a sequence number, in order",
          "[storage][journal]") {
  test::temp_dir tmp;
  journal j{store::open(tmp.sub("db")), "fills"};
  for (int i = 1; i <= 5; ++i)
    j.append("fill-" + std::to_string(i));
  auto es = j.read_from(3);
  CHECK(seqs(es) == std::vector<std::uint64_t>{3, 4, 5});
  CHECK(payloads(es) == std::vector<std::string>{"fill-3", "fill-4", "fill-5"});
  CHECK(seqs(j.read_from(0)) == std::vector<std::uint64_t>{1, 2, 3, 4, 5});
  CHECK(seqs(j.read_from(5)) == std::vector<std::uint64_t>{5});
  CHECK(j.read_from(6).empty());
}

TEST_CASE("read_from stops after max entries", "[storage][journal]") {
  test::temp_dir tmp;
  journal j{store::open(tmp.sub("db")), "audit"};
  for (int i = 1; i <= 6; ++i)
    j.append("a" + std::to_string(i));
  CHECK(seqs(j.read_from(2, 3)) == std::vector<std::uint64_t>{2, 3, 4});
  CHECK(payloads(j.read_from(5, 1)) == std::vector<std::string>{"a5"});
  CHECK(j.read_from(1, 0).empty());
  CHECK(seqs(j.read_from(5, 100)) == std::vector<std::uint64_t>{5, 6});
}

TEST_CASE("a reopened journal continues after its last entry", "[storage][journal]") {
  test::temp_dir tmp;
  auto path = tmp.sub("db");
  {
    journal j{store::open(path), "signals"};
    j.append("s1");
    j.append("s2");
  }
  journal j{store::open(path), "signals"};
  CHECK(j.last_seq() == 2);
  CHECK(j.append("s3") == 3);
  CHECK(payloads(j.read_from(1)) == std::vector<std::string>{"s1", "s2", "s3"});
}

TEST_CASE("two journals do not interleave and both are named", "[storage][journal]") {
  test::temp_dir tmp;
  auto path = tmp.sub("db");
  {
    auto db = store::open(path);
    CHECK(journal::names(*db).empty());
    // "order" is a prefix of "orders": their keys must still stay apart.
    journal a{db, "orders"};
    journal b{db, "order"};
    CHECK(a.append("a1") == 1);
    CHECK(b.append("b1") == 1);
    CHECK(a.append("a2") == 2);
    CHECK(b.append("b2") == 2);
    CHECK(b.append("b3") == 3);
    CHECK(payloads(a.read_from(1)) == std::vector<std::string>{"a1", "a2"});
    CHECK(payloads(b.read_from(1)) == std::vector<std::string>{"b1", "b2", "b3"});
  }
  auto db = store::open(path);
  CHECK(journal::names(*db) == std::vector<std::string>{"order", "orders"});
  CHECK(journal{db, "orders"}.last_seq() == 2);
  CHECK(journal{db, "order"}.last_seq() == 3);
  CHECK(journal{db, "fresh"}.last_seq() == 0);
}

TEST_CASE("append_once journals a key once, also across a reopen", "[storage][journal]") {
  test::temp_dir tmp;
  auto path = tmp.sub("db");
  {
    journal j{store::open(path), "orders"};
    j.append("plain");
    auto first = j.append_once("client-order-7", "new order 7");
    CHECK(first.seq == 2);
    CHECK(first.inserted);
    auto again = j.append_once("client-order-7", "new order 7 (replayed)");
    CHECK(again.seq == 2);
    CHECK_FALSE(again.inserted);
    CHECK(j.last_seq() == 2);
  }
  auto db = store::open(path);
  journal j{db, "orders"};
  auto replay = j.append_once("client-order-7", "new order 7 (after crash)");
  CHECK(replay.seq == 2);
  CHECK_FALSE(replay.inserted);
  auto other = j.append_once("client-order-8", "new order 8");
  CHECK(other.seq == 3);
  CHECK(other.inserted);
  CHECK(payloads(j.read_from(1)) ==
        std::vector<std::string>{"plain", "new order 7", "new order 8"});
  // The key belongs to its journal: another journal may use it too.
  journal k{db, "fills"};
  auto in_k = k.append_once("client-order-7", "fill of 7");
  CHECK(in_k.seq == 1);
  CHECK(in_k.inserted);
}

TEST_CASE("a thousand appends read back exactly", "[storage][journal]") {
  test::temp_dir tmp;
  journal j{store::open(tmp.sub("db")), "ticks"};
  for (std::uint64_t i = 1; i <= 1000; ++i)
    REQUIRE(j.append("payload-" + std::to_string(i)) == i);
  auto es = j.read_from(1);
  REQUIRE(es.size() == 1000);
  for (std::uint64_t i = 1; i <= 1000; ++i) {
    REQUIRE(es[i - 1].seq == i);
    REQUIRE(es[i - 1].payload == "payload-" + std::to_string(i));
  }
  // Past 255 the big-endian key spans two bytes: order must still be numeric.
  CHECK(seqs(j.read_from(255, 3)) == std::vector<std::uint64_t>{255, 256, 257});
}

TEST_CASE("append_once_all writes a batch once per key in one write", "[storage][journal]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  {
    journal j{db, "signals"};
    CHECK(j.append_once("a", "A").seq == 1);
    auto r = j.append_once_all({{"b", "B"}, {"a", "A again"}, {"c", "C"}, {"b", "B again"}});
    REQUIRE(r.size() == 4);
    CHECK(r[0].seq == 2);
    CHECK(r[0].inserted);
    CHECK(r[1].seq == 1);           // journaled before the batch
    CHECK_FALSE(r[1].inserted);
    CHECK(r[2].seq == 3);
    CHECK(r[2].inserted);
    CHECK(r[3].seq == 2);           // repeated inside the batch
    CHECK_FALSE(r[3].inserted);
    CHECK(j.append_once_all({{"a", "x"}, {"c", "y"}}).at(1).seq == 3);
    CHECK(j.last_seq() == 3);
  }
  journal again{db, "signals"};
  auto all = again.read_from(1);
  REQUIRE(all.size() == 3);
  CHECK(all[0].payload == "A");
  CHECK(all[1].payload == "B");
  CHECK(all[2].payload == "C");
  CHECK(again.append_once_all({{"d", "D"}}).at(0).seq == 4);
}

TEST_CASE("append_all writes a batch with contiguous numbers after the last entry",
          "[storage][journal]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  {
    journal j{db, "orders"};
    CHECK(j.append_all({}) == 0);   // nothing written, nothing numbered
    CHECK(j.last_seq() == 0);
    CHECK(j.append("o1") == 1);
    CHECK(j.append_all({"o2", "o3", "o4"}) == 2);  // 2, 3, 4
    CHECK(j.last_seq() == 4);
    CHECK(j.append("o5") == 5);
  }
  journal again{db, "orders"};
  CHECK(again.last_seq() == 5);
  auto all = again.read_from(1);
  CHECK(seqs(all) == std::vector<std::uint64_t>{1, 2, 3, 4, 5});
  CHECK(payloads(all) == std::vector<std::string>{"o1", "o2", "o3", "o4", "o5"});
  CHECK(again.append_all({"o6"}) == 6);
}

TEST_CASE("logged appends keep the numbering and are read back like synced ones",
          "[storage][journal]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  std::vector<double> synced_writes;
  {
    journal j{db, "orders"};
    j.observe_writes([&](double s) { synced_writes.push_back(s); });
    CHECK(j.append_all({"a1", "a2"}, durability::logged) == 1);
    CHECK(j.append_all({"s3"}) == 3);  // synced: carries the logged ones with it
    CHECK(j.append_all({"a4"}, durability::logged) == 4);
  }
  // Only the synced write is timed: the journal metric is the cost of an fsync.
  CHECK(synced_writes.size() == 1);
  journal again{db, "orders"};
  CHECK(again.last_seq() == 4);
  CHECK(payloads(again.read_from(1)) == std::vector<std::string>{"a1", "a2", "s3", "a4"});
}

TEST_CASE("a checkpoint replaces the entries it covers; numbering goes on after it",
          "[storage][journal][checkpoint]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  {
    journal j{db, "orders"};
    journal other{db, "signals"};
    for (int i = 1; i <= 5; ++i)
      j.append("o" + std::to_string(i));
    other.append("s1");
    CHECK_FALSE(j.last_checkpoint());
    j.checkpoint(3, std::string("state\0after 3", 13));
    const auto c = j.last_checkpoint();
    REQUIRE(c);
    CHECK(c->through_seq == 3);
    CHECK(c->state == std::string("state\0after 3", 13));
    CHECK(seqs(j.read_from(1)) == std::vector<std::uint64_t>{4, 5});
    CHECK(payloads(j.read_from(1)) == std::vector<std::string>{"o4", "o5"});
    CHECK(payloads(other.read_from(1)) == std::vector<std::string>{"s1"});  // untouched
    CHECK_THROWS_AS(j.checkpoint(6, "x"), std::invalid_argument);  // beyond the last entry
    CHECK_THROWS_AS(j.checkpoint(2, "x"), std::invalid_argument);  // before the current one
    j.checkpoint(5, "after 5");  // every entry covered
    CHECK(j.read_from(1).empty());
    CHECK(j.last_seq() == 5);
  }
  // Reopened with no entry left: the next one is 6, not 1.
  journal j{db, "orders"};
  CHECK(j.last_seq() == 5);
  CHECK(j.append("o6") == 6);
  CHECK(j.last_checkpoint()->state == "after 5");
  CHECK(seqs(j.read_from(1)) == std::vector<std::uint64_t>{6});
}

TEST_CASE("every entry is chained to the one before: a changed entry or link is found",
          "[storage][journal][chain]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  {
    journal j{db, "orders"};
    j.append("o1");
    j.append_all({"o2", "o3"});
    j.append_once("k4", "o4");
    j.append_once_all({{"k5", "o5"}, {"k4", "again"}});
    auto check = j.verify_chain();
    CHECK(check.broken_seq == 0);
    CHECK(check.chained == 5);
    CHECK(check.unchained == 0);
  }
  // The link of entry 3, computed by hand: SHA-256(link 2 ‖ be64(3) ‖ "o3").
  const auto l1 = journal::link(std::string(32, '\0'), 1, "o1");
  const auto l2 = journal::link(l1, 2, "o2");
  std::string stored;
  REQUIRE(db->get(column::meta, "journal-link/orders" + std::string(1, '\0') + be64(3), stored));
  CHECK(stored == journal::link(l2, 3, "o3"));
  CHECK(stored.size() == 32);
  // Reopened, the chain goes on from the last link.
  journal j{db, "orders"};
  j.append("o6");
  CHECK(j.verify_chain().chained == 6);

  // A payload changed in place: its link no longer holds.
  const auto key3 = std::string("orders") + '\0' + be64(3);
  store::batch edit;
  edit.put(column::journal, key3, "o3 (changed)");
  db->write(edit, true);
  auto broken = j.verify_chain();
  CHECK(broken.broken_seq == 3);
  CHECK(broken.chained == 2);
  CHECK(broken.what == "its link does not match its content and the entry before it");
  // Its link recomputed to match: the next entry's link breaks instead.
  store::batch relink;
  relink.put(column::meta, "journal-link/orders" + std::string(1, '\0') + be64(3),
             journal::link(l2, 3, "o3 (changed)"));
  db->write(relink, true);
  CHECK(j.verify_chain().broken_seq == 4);
  // A removed link is a broken link too.
  store::batch restore;
  restore.put(column::journal, key3, "o3");
  restore.put(column::meta, "journal-link/orders" + std::string(1, '\0') + be64(3), stored);
  db->write(restore, true);
  REQUIRE(j.verify_chain().broken_seq == 0);
  store::batch drop;
  drop.erase_range(column::meta, "journal-link/orders" + std::string(1, '\0') + be64(5),
                   "journal-link/orders" + std::string(1, '\0') + be64(6));
  db->write(drop, true);
  auto missing = j.verify_chain();
  CHECK(missing.broken_seq == 5);
  CHECK(missing.what == "its link is missing");
}

TEST_CASE("a checkpoint keeps the anchor of the chain; entries from before chains are counted apart",
          "[storage][journal][chain]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  // Two entries as a journal wrote them before links were kept.
  store::batch old;
  old.put(column::journal, std::string("audit") + '\0' + be64(1), "a1");
  old.put(column::journal, std::string("audit") + '\0' + be64(2), "a2");
  db->write(old, true);
  journal j{db, "audit"};
  j.append("a3");
  j.append("a4");
  auto check = j.verify_chain();
  CHECK(check.broken_seq == 0);
  CHECK(check.unchained == 2);
  CHECK(check.chained == 2);
  j.checkpoint(3, "state through 3");
  j.append("a5");
  check = j.verify_chain();
  CHECK(check.broken_seq == 0);
  CHECK(check.chained == 2);  // 4 and 5, anchored at 3's link
  CHECK(check.unchained == 0);
  // Only the anchor's link is left of those the checkpoint replaced.
  std::string link;
  CHECK(db->get(column::meta, "journal-link/audit" + std::string(1, '\0') + be64(3), link));
  CHECK_FALSE(db->get(column::meta, "journal-link/audit" + std::string(1, '\0') + be64(2), link));
  CHECK(journal::names(*db) == std::vector<std::string>{"audit"});
}
