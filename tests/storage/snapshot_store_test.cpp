#include <catch2/catch.hpp>

#include <sstream>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>

#include "storage/snapshot_store.hpp"
#include "temp_dir.hpp"
#include "messages/decode_limit.hpp"

using namespace tickline;

namespace {

snapshot_record record(const std::string& name, std::uint64_t seq = 1) {
  snapshot_record r;
  r.name = name;
  r.seq = seq;
  r.ts_ns = 1'700'000'000'123'456'789 + static_cast<std::int64_t>(seq);
  r.type = "scanner_state";
  r.version = 3;
  r.payload = std::string("\x00\x01\xff payload of ", 16) + name;
  return r;
}

void check_equal(const snapshot_record& a, const snapshot_record& b) {
  CHECK(a.name == b.name);
  CHECK(a.seq == b.seq);
  CHECK(a.ts_ns == b.ts_ns);
  CHECK(a.type == b.type);
  CHECK(a.version == b.version);
  CHECK(a.payload == b.payload);
}

void put_raw(store& db, const std::string& key, const std::string& bytes) {
  store::batch b;
  b.put(column::snapshots, key, bytes);
  db.write(b, false);
}

// A well-formed record in a snapshot format this build does not know.
std::string encode_with_format(std::uint32_t format, const snapshot_record& r) {
  std::ostringstream os;
  os.write("TLSN", 4);
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(format, r.name, r.seq, r.ts_ns, r.type, r.version, r.payload);
  }
  return os.str();
}

} // namespace

TEST_CASE("put then get returns every field", "[storage][snapshot]") {
  test::temp_dir tmp;
  snapshot_store snaps{store::open(tmp.sub("db"))};
  auto r = record("scanner:BTCUSDT", 42);
  r.ts_ns = -5;  // negative times survive too
  snaps.put(r);
  auto found = snaps.get("scanner:BTCUSDT");
  CHECK(found.error.empty());
  REQUIRE(found.record);
  check_equal(*found.record, r);
}

TEST_CASE("put replaces the previous snapshot of the same name", "[storage][snapshot]") {
  test::temp_dir tmp;
  snapshot_store snaps{store::open(tmp.sub("db"))};
  snaps.put(record("feed:x", 1));
  auto second = record("feed:x", 2);
  second.payload = "newer";
  snaps.put(second);
  auto found = snaps.get("feed:x");
  REQUIRE(found.record);
  CHECK(found.record->seq == 2);
  CHECK(found.record->payload == "newer");
  CHECK(snaps.list().size() == 1);
}

TEST_CASE("put_all writes several snapshots, visible after reopen", "[storage][snapshot]") {
  test::temp_dir tmp;
  auto path = tmp.sub("db");
  std::vector<snapshot_record> rs{record("b", 7), record("a", 3), record("c", 9)};
  snapshot_store{store::open(path)}.put_all(rs);
  snapshot_store snaps{store::open(path)};
  for (const auto& r : rs) {
    auto found = snaps.get(r.name);
    CHECK(found.error.empty());
    REQUIRE(found.record);
    check_equal(*found.record, r);
  }
}

TEST_CASE("get of an unknown name finds nothing and reports no error", "[storage][snapshot]") {
  test::temp_dir tmp;
  snapshot_store snaps{store::open(tmp.sub("db"))};
  snaps.put(record("known"));
  auto found = snaps.get("unknown");
  CHECK_FALSE(found.record);
  CHECK(found.error.empty());
}

TEST_CASE("list returns every snapshot in name order", "[storage][snapshot]") {
  test::temp_dir tmp;
  snapshot_store snaps{store::open(tmp.sub("db"))};
  CHECK(snaps.list().empty());
  snaps.put(record("scanner:ETHUSDT", 2));
  snaps.put(record("feed:binance", 5));
  snaps.put(record("scanner:BTCUSDT", 4));
  auto all = snaps.list();
  REQUIRE(all.size() == 3);
  CHECK(all[0].record->name == "feed:binance");
  CHECK(all[1].record->name == "scanner:BTCUSDT");
  CHECK(all[2].record->name == "scanner:ETHUSDT");
  for (const auto& l : all) {
    CHECK(l.error.empty());
    REQUIRE(l.record);
  }
  CHECK(all[0].record->seq == 5);
  CHECK(all[2].record->payload == record("scanner:ETHUSDT", 2).payload);
}

TEST_CASE("corrupt bytes are reported by get and still listed", "[storage][snapshot]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  snapshot_store snaps{db};
  auto valid = snapshot_store::encode(record("x", 8));
  auto bad_magic = valid;
  bad_magic[0] = 'X';

  std::string bytes;
  std::string expect;
  SECTION("garbage") {
    bytes = "this is not a snapshot";
    expect = "magic";
  }
  SECTION("empty value") {
    bytes = "";
    expect = "magic";
  }
  SECTION("truncated valid encoding") {
    bytes = valid.substr(0, valid.size() - 3);
    expect = "truncated";
  }
  SECTION("valid encoding cut right after the magic") {
    bytes = valid.substr(0, 4);
    expect = "truncated";
  }
  SECTION("bad magic") {
    bytes = bad_magic;
    expect = "magic";
  }
  SECTION("unknown format version") {
    bytes = encode_with_format(2, record("x", 8));
    expect = "format 2";
  }
  SECTION("trailing bytes") {
    bytes = valid + "!";
    expect = "trailing";
  }

  snaps.put(record("a-good", 1));
  put_raw(*db, "x", bytes);
  auto found = snaps.get("x");
  CHECK_FALSE(found.record);
  CHECK_THAT(found.error, Catch::Matchers::Contains(expect));

  auto all = snaps.list();
  REQUIRE(all.size() == 2);
  CHECK(all[0].error.empty());
  REQUIRE(all[0].record);
  CHECK(all[0].record->name == "a-good");
  CHECK_FALSE(all[1].error.empty());
  REQUIRE(all[1].record);
  CHECK(all[1].record->name == "x");
  // The good snapshot is unaffected by its corrupt neighbour.
  CHECK(snaps.get("a-good").record);
}

TEST_CASE("a record stored under another name is an error", "[storage][snapshot]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  snapshot_store snaps{db};
  put_raw(*db, "scanner:B", snapshot_store::encode(record("scanner:A")));
  auto found = snaps.get("scanner:B");
  CHECK_FALSE(found.record);
  CHECK_THAT(found.error, Catch::Matchers::Contains("scanner:A"));
}

TEST_CASE("decode(encode(r)) round-trips and decode rejects damage", "[storage][snapshot]") {
  auto r = record("detector:whale:ETHUSDT", 12345);
  r.version = 0xfffffffe;
  r.payload = std::string(3000, '\0') + "end";
  auto bytes = snapshot_store::encode(r);
  CHECK(bytes.compare(0, 4, "TLSN") == 0);
  std::string error;
  auto back = snapshot_store::decode(bytes, error);
  REQUIRE(back);
  CHECK(error.empty());
  check_equal(*back, r);

  snapshot_record empty;
  auto e = snapshot_store::decode(snapshot_store::encode(empty), error);
  REQUIRE(e);
  check_equal(*e, empty);

  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{10}, bytes.size() - 1}) {
    std::string why;
    CHECK_FALSE(snapshot_store::decode(bytes.substr(0, cut), why));
    CHECK_FALSE(why.empty());
  }
}
