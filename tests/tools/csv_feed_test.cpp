#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

// A node replaying Binance files through the same actors as live data.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

std::string klines(int n) {
  std::ostringstream os;
  const long long t0 = 1704067200000LL;
  for (int i = 0; i < n; ++i) {
    double c = 100 + (i % 17) * 0.25;
    os << t0 + i * 60000LL << ',' << c << ',' << c + 0.5 << ',' << c - 0.5 << ',' << c
       << ",10," << t0 + i * 60000LL + 59999 << ",1000,42,5,500,0\n";
  }
  return os.str();
}

} // namespace

TEST_CASE("a csv feed replays klines per symbol and resumes where it stopped", "[csv_feed]") {
  temp_dir dir;
  dir.write("AAA-1m.csv", klines(600));
  dir.write("BBB-1m.csv", klines(300));
  dir.write("node.toml", "[node]\ndata_dir = \"state\"\n[market]\nsymbols = [\"AAA\", \"BBB\"]\n"
                         "[[feeds]]\nname = \"history\"\nkind = \"csv\"\npath = \".\"\n"
                         "[scanner]\ntimeframes = [\"1m\", \"1h\"]\n");
  auto first = run({tickline_bin, "run", "--config", "node.toml", "--for", "2s", "--summary", "s.json"},
                   dir.path(), 60s);
  INFO(first.err);
  REQUIRE(first.status == 0);
  auto s = nlohmann::json::parse(read_file(dir.path() + "/s.json"));
  // 900 one-minute bars; ten and five whole hours.
  CHECK(s["bars"] == 900 + 10 + 5);
  CHECK(first.err.find("feed:history: replay finished, 900 events") != std::string::npos);

  // The replay position is snapshotted: a restart does not replay the files again.
  auto second = run({tickline_bin, "run", "--config", "node.toml", "--for", "1s", "--summary", "s.json"},
                    dir.path(), 60s);
  REQUIRE(second.status == 0);
  CHECK(second.err.find("restored feed:history from snapshot") != std::string::npos);
  CHECK(nlohmann::json::parse(read_file(dir.path() + "/s.json"))["bars"] == 0);
}

TEST_CASE("a csv feed replays trades and names skipped rows", "[csv_feed]") {
  temp_dir dir;
  std::ostringstream t;
  for (int i = 0; i < 3000; ++i)
    t << i << ",100." << i % 10 << ",1,100," << 1704067200000LL + i * 100 << ",false,true\n";
  t << "3000,oops,1,100,1704067600000,false,true\n";
  dir.write("AAA.csv", t.str());
  dir.write("node.toml", "[node]\ndata_dir = \"state\"\n[market]\nsymbols = [\"AAA\"]\n"
                         "[[feeds]]\nname = \"tape\"\nkind = \"csv\"\npath = \"AAA.csv\"\n");
  auto r = run({tickline_bin, "run", "--config", "node.toml", "--for", "2s", "--summary", "s.json"},
               dir.path(), 60s);
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto s = nlohmann::json::parse(read_file(dir.path() + "/s.json"));
  CHECK(s["ticks"] == 3000);
  CHECK(s["bars"].get<int>() >= 4);  // 300 s of trades: four whole minutes closed, at least
  CHECK(r.err.find("AAA.csv:3001: skipped:") != std::string::npos);
  INFO(s["feeds"].dump());
  CHECK(s["feeds"]["feed:tape"]["skipped_rows"] == 1);
  CHECK(s["feeds"]["feed:tape"]["replayed"] == 3000);
}

TEST_CASE("a csv feed with a missing file is refused before anything starts", "[csv_feed]") {
  temp_dir dir;
  dir.write("node.toml", "[node]\ndata_dir = \"state\"\n[market]\nsymbols = [\"AAA\"]\n"
                         "[[feeds]]\nname = \"tape\"\nkind = \"csv\"\npath = \"nope.csv\"\n");
  auto r = run({tickline_bin, "run", "--config", "node.toml", "--for", "1s"}, dir.path());
  CHECK(r.status == 2);
  CHECK(r.err.find("node.toml:8:8: feeds[0].path: no such file or directory: nope.csv")
        != std::string::npos);
}
