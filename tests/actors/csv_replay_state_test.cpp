#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "actors/csv_replay_state.hpp"
#include "snapshot.hpp"

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
