#include <catch2/catch.hpp>

#include <filesystem>

#include "storage/store.hpp"
#include "temp_dir.hpp"

using namespace tickline;
using Catch::Matchers::Contains;

namespace {

std::string value_of(const store& db, column cf, const std::string& key) {
  std::string v;
  REQUIRE(db.get(cf, key, v));
  return v;
}

} // namespace

TEST_CASE("open creates the database and its directory", "[storage][store]") {
  test::temp_dir tmp;
  auto path = tmp.sub("node/db");
  std::filesystem::create_directories(tmp.sub("node"));
  REQUIRE_FALSE(std::filesystem::exists(path));
  auto db = store::open(path);
  REQUIRE(db);
  CHECK(db->path() == path);
  CHECK_FALSE(db->read_only());
  CHECK(std::filesystem::exists(std::filesystem::path{path} / "CURRENT"));
  std::string v;
  CHECK_FALSE(db->get(column::meta, "absent", v));
}

TEST_CASE("a database reopens with what was written", "[storage][store]") {
  test::temp_dir tmp;
  auto path = tmp.sub("db");
  {
    auto db = store::open(path);
    store::batch b;
    b.put(column::meta, "node", "alpha");
    CHECK(b.size() == 1);
    db->write(b, true);
  }
  auto db = store::open(path);
  CHECK(value_of(*db, column::meta, "node") == "alpha");
  {
    store::batch b;
    b.put(column::meta, "node", "beta");
    db->write(b, false);
  }
  CHECK(value_of(*db, column::meta, "node") == "beta");
}

TEST_CASE("read-only open of a missing path throws storage_error naming the path",
          "[storage][store]") {
  test::temp_dir tmp;
  auto path = tmp.sub("missing-db");
  CHECK_THROWS_AS(store::open(path, true), storage_error);
  CHECK_THROWS_WITH(store::open(path, true), Contains(path));
  CHECK_FALSE(std::filesystem::exists(path));  // read-only never creates
}

TEST_CASE("a read-only store sees the data and reports read_only", "[storage][store]") {
  test::temp_dir tmp;
  auto path = tmp.sub("db");
  {
    auto db = store::open(path);
    store::batch b;
    b.put(column::snapshots, "k", "v");
    db->write(b, true);
  }
  auto ro = store::open(path, true);
  CHECK(ro->read_only());
  CHECK(value_of(*ro, column::snapshots, "k") == "v");
}

TEST_CASE("a batch across column families is atomic and survives a reopen",
          "[storage][store]") {
  test::temp_dir tmp;
  auto path = tmp.sub("db");
  {
    auto db = store::open(path);
    store::batch b;
    b.put(column::snapshots, "key", "in snapshots");
    b.put(column::journal, "key", "in journal");
    b.put(column::meta, "key", "in meta");
    b.put(column::meta, "other", std::string("bin\0ary", 7));
    CHECK(b.size() == 4);
    db->write(b, true);
  }
  auto db = store::open(path);
  // Same key, three families, three values: the families are separate key spaces.
  CHECK(value_of(*db, column::snapshots, "key") == "in snapshots");
  CHECK(value_of(*db, column::journal, "key") == "in journal");
  CHECK(value_of(*db, column::meta, "key") == "in meta");
  CHECK(value_of(*db, column::meta, "other") == std::string("bin\0ary", 7));
  std::string v;
  CHECK_FALSE(db->get(column::snapshots, "other", v));
}

TEST_CASE("scan visits a prefix in key order and last_key finds its end", "[storage][store]") {
  test::temp_dir tmp;
  auto db = store::open(tmp.sub("db"));
  store::batch b;
  for (auto k : {"p/c", "p/a", "q/a", "p/b", "o/z"})
    b.put(column::meta, k, std::string("v") + k);
  db->write(b, false);
  std::vector<std::string> keys;
  db->scan(column::meta, "p/", "p/", [&](const std::string& k, const std::string& v) {
    CHECK(v == "v" + k);
    keys.push_back(k);
    return true;
  });
  CHECK(keys == std::vector<std::string>{"p/a", "p/b", "p/c"});
  keys.clear();
  db->scan(column::meta, "p/", "p/b", [&](const std::string& k, const std::string&) {
    keys.push_back(k);
    return false;  // stop after the first
  });
  CHECK(keys == std::vector<std::string>{"p/b"});
  std::string last;
  REQUIRE(db->last_key(column::meta, "p/", last));
  CHECK(last == "p/c");
  CHECK_FALSE(db->last_key(column::meta, "x/", last));
}

TEST_CASE("a database of a newer data format is refused, naming it; an older one is marked",
          "[storage][format]") {
  test::temp_dir tmp;
  const auto path = tmp.sub("db");
  {
    auto db = store::open(path);
    std::string format;
    REQUIRE(db->get(column::meta, "store/format", format));
    CHECK(format == std::to_string(store::format_version));
    // As a build of a later format would leave it.
    store::batch b;
    b.put(column::meta, "store/format", std::to_string(store::format_version + 1));
    db->write(b, true);
  }
  try {
    store::open(path);
    FAIL("a newer format was opened");
  } catch (const storage_error& e) {
    CHECK(std::string{e.what()}.find("storage " + path + ": data format " + std::to_string(store::format_version + 1) +
                                     " is newer than this build reads") != std::string::npos);
  }
  CHECK_THROWS_AS(store::open(path, true), storage_error);
  {
    // Nothing was changed by the refusals; a marker that is no number is refused too.
    auto raw = tmp.sub("other");
    auto db = store::open(raw);
    store::batch b;
    b.put(column::meta, "store/format", "two");
    db->write(b, true);
  }
  CHECK_THROWS_WITH(store::open(tmp.sub("other")), Catch::Contains("unreadable data format marker \"two\""));
  // A database of a build before the marker (format 1, none written) opens and is marked.
  {
    auto db = store::open(tmp.sub("legacy"));
    store::batch b;
    b.put(column::meta, "store/format", "1");
    db->write(b, true);
  }
  auto db = store::open(tmp.sub("legacy"));
  std::string format;
  REQUIRE(db->get(column::meta, "store/format", format));
  CHECK(format == std::to_string(store::format_version));
}
