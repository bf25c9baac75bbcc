#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "actors/feeds/csv_replay_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

struct temp_files {
  std::string dir;
  temp_files() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tickline-replay-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()));
    dir = tmpl;
  }
  ~temp_files() { std::filesystem::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    auto p = dir + "/" + name;
    std::ofstream{p} << text;
    return p;
  }
};

// Trades of one symbol at the given millisecond times.
std::string trades_at(std::initializer_list<long long> ms) {
  std::string out;
  long long id = 0;
  for (auto t : ms)
    out += std::to_string(++id) + ",100,1,100," + std::to_string(t) + ",false,true\n";
  return out;
}

} // namespace

TEST_CASE("replay merges the files of several symbols in time order", "[replay]") {
  temp_files f;
  auto a = f.write("A.csv", trades_at({1000, 1003, 1004}));
  auto b = f.write("B.csv", trades_at({1001, 1002, 1005}));
  csv_replay_state r{{{"A", a}, {"B", b}}};
  std::vector<std::vector<trade_tick>> trades;
  std::vector<std::vector<bar>> bars;
  CHECK(r.next_ns() == 1'000'000'000);
  CHECK(r.take_next(3, trades, bars) == 3);  // A@1000, B@1001, B@1002
  CHECK(trades[0].size() == 1);
  CHECK(trades[1].size() == 2);
  CHECK(r.next_ns() == 1'003'000'000);
  CHECK(r.take_until(1'005'000'000, trades, bars) == 2);  // A@1003, A@1004
  CHECK(trades[0].size() == 2);
  CHECK(trades[1].empty());
  CHECK_FALSE(r.done());
  CHECK(r.take_next(10, trades, bars) == 1);
  CHECK(r.done());
  CHECK(r.replayed() == 6);
}

TEST_CASE("klines replay at their close, so nothing is seen before it is complete", "[replay]") {
  temp_files f;
  auto k = f.write("K.csv", "60000,1,2,0.5,1.5,10,119999,1,1,1,1,0\n"
                            "120000,1.5,2,1,1.8,10,179999,1,1,1,1,0\n");
  csv_replay_state r{{{"K", k}}};
  std::vector<std::vector<trade_tick>> trades;
  std::vector<std::vector<bar>> bars;
  CHECK(r.next_ns() == 120'000'000'000);  // first bar opens at 60 s, known at 120 s
  CHECK(r.take_until(120'000'000'000, trades, bars) == 0);
  CHECK(r.take_until(120'000'000'001, trades, bars) == 1);
  CHECK(bars[0][0].close == 1.5);
}

TEST_CASE("a replay position restores, and one for other files is refused", "[replay][snapshot]") {
  temp_files f;
  auto a = f.write("A.csv", trades_at({1, 2, 3, 4}));
  auto b = f.write("B.csv", trades_at({5, 6}));
  csv_replay_state r{{{"A", a}, {"B", b}}};
  std::vector<std::vector<trade_tick>> trades;
  std::vector<std::vector<bar>> bars;
  r.take_next(3, trades, bars);
  auto saved = test::save_state(r);

  csv_replay_state again{{{"A", a}, {"B", b}}};
  test::load_state(saved, again);
  CHECK(again.replayed() == 3);
  CHECK(again.next_ns() == 4'000'000);

  csv_replay_state other{{{"A", a}}};
  CHECK_THROWS(test::load_state(saved, other));
}

TEST_CASE("replay chains a symbol's files and keeps to the window", "[replay]") {
  temp_files f;
  auto a1 = f.write("A1.csv", trades_at({1000, 2000, 3000}));
  auto a2 = f.write("A2.csv", trades_at({4000, 5000}));
  auto b = f.write("B.csv", trades_at({2500, 6000}));
  // Window [2 s, 5 s): A@2000, B@2500, A@3000, A@4000.
  csv_replay_state r{{{"A", {a1, a2}}, {"B", {b}}}, 2'000'000'000, 5'000'000'000};
  std::vector<std::vector<trade_tick>> trades;
  std::vector<std::vector<bar>> bars;
  CHECK(r.next_ns() == 2'000'000'000);
  CHECK(r.take_next(100, trades, bars) == 4);
  REQUIRE(trades[0].size() == 3);
  CHECK(trades[0][2].ts_ns == 4'000'000'000);
  CHECK(trades[0][2].trade_id == 1);  // the first row of A2
  REQUIRE(trades[1].size() == 1);
  CHECK(trades[1][0].ts_ns == 2'500'000'000);
  CHECK(r.done());
}

TEST_CASE("replay streams: skipped rows show as they are reached; a copy keeps the position",
          "[replay]") {
  temp_files f;
  auto a = f.write("A.csv", trades_at({1, 2}) + "3,x,1,1,3,false,true\n" + trades_at({4}).replace(0, 1, "4"));
  csv_replay_state r{{{"A", a}}};
  std::vector<std::vector<trade_tick>> trades;
  std::vector<std::vector<bar>> bars;
  CHECK(r.problems().empty());
  CHECK(r.take_next(1, trades, bars) == 1);
  CHECK(r.problems().empty());
  CHECK(r.take_next(1, trades, bars) == 1);  // reads ahead past the bad row to the next event
  REQUIRE(r.problems().size() == 1);
  CHECK(r.problems()[0].where == a + ":3");
  csv_replay_state copy = r;
  CHECK(copy.replayed() == 2);
  CHECK(copy.next_ns() == 4'000'000);
  CHECK(copy.take_next(5, trades, bars) == 1);
  CHECK(trades[0][0].trade_id == 4);
  CHECK(copy.done());
  CHECK_FALSE(r.done());
}

TEST_CASE("a replay of a file with no usable row fails naming it", "[replay]") {
  temp_files f;
  auto a = f.write("A.csv", "1,-5,1,1,3,false,true\n");  // price <= 0
  CHECK_THROWS_WITH((csv_replay_state{{{"A", a}}}), a + ": no usable row (1 skipped)");
}
