#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "actors/trading/trade_log/trade_records.hpp"
#include "process.hpp"
#include "storage/journal.hpp"
#include "storage/store.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;
using nlohmann::json;

// End to end: `tickline trades export` on a data directory whose "trades" journal this
// test wrote, as the trade logger does.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

trade_record exit_record() {
  trade_record r;
  r.kind = "exit";
  r.key = "tl-1-3|110|1|2000";
  r.ts_ns = 2000;
  r.symbol = "BTCUSDT";
  r.sd = side::sell;
  r.qty = 1;
  r.price = 110;
  r.fee = 0.11;
  r.order_id = "tl-1-3";
  r.trade_id = "tl-1-1";
  r.intent_id = "strategy-BTCUSDT-1";
  r.entry_tag = "pattern:engulfing";
  r.avg_entry_price = 101;
  r.exit_reason = "take_profit";
  r.realized_pnl = 8.79;
  r.entry_ns = 1000;
  return r;
}

// Writes the records into `dir`/data/db, as a node with data_dir "data" would; returns the
// lines written.
std::vector<std::string> write_log(const temp_dir& dir) {
  auto entry = exit_record();
  entry.kind = "entry";
  entry.key = "tl-1-1|100|1|1000";
  entry.sd = side::buy;
  entry.order_id = "tl-1-1";
  entry.price = 100;
  entry.position_after = 1;
  // The target's second partial fill: 2 more at 112.
  auto more = exit_record();
  more.key = "x:paper-9";
  more.ts_ns = 3000;
  more.qty = 2;
  more.price = 112;
  more.fee = 0.2;
  more.realized_pnl = 21.8;
  more.position_after = -2;
  std::vector<std::string> lines{to_json(entry), to_json(exit_record()), to_json(more)};
  std::filesystem::create_directories(dir.path() + "/data");
  auto db = store::open(dir.path() + "/data/db");
  journal trades{db, "trades"};
  trades.append_once(entry.key, lines[0]);
  trades.append_once(exit_record().key, lines[1]);
  trades.append_once(exit_record().key, lines[1]);  // a replay: not written again
  trades.append_once(more.key, lines[2]);
  journal orders{db, "orders"};
  orders.append("{\"type\":\"session\"}");         // other journals are left out
  return lines;
}

} // namespace

TEST_CASE("trades export writes the trade log as JSONL", "[cli][trade_log]") {
  temp_dir dir;
  auto lines = write_log(dir);
  // --fills: one line per fill, as journaled.
  auto r = run({tickline_bin, "trades", "export", "--data-dir", "data", "--out", "t.jsonl",
                "--fills"}, dir.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(read_file(dir.path() + "/t.jsonl") == lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n");
  // By default one line per order: the exit's two fills are one exit.
  auto out = run({tickline_bin, "trades", "export", "--data-dir", "data"}, dir.path());
  REQUIRE(out.status == 0);
  std::vector<json> rows;
  std::size_t at = 0;
  for (auto nl = out.out.find('\n'); nl != std::string::npos; nl = out.out.find('\n', at)) {
    rows.push_back(json::parse(out.out.substr(at, nl - at)));
    at = nl + 1;
  }
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["kind"] == "entry");
  CHECK(rows[0]["fills"] == 1);
  const auto& exit = rows[1];
  CHECK(exit["kind"] == "exit");
  CHECK(exit["order_id"] == "tl-1-3");
  CHECK(exit["fills"] == 2);
  CHECK(exit["qty"].get<double>() == Approx(3));
  CHECK(exit["price"].get<double>() == Approx((110.0 + 2 * 112.0) / 3));
  CHECK(exit["fee"].get<double>() == Approx(0.31));
  CHECK(exit["realized_pnl"].get<double>() == Approx(8.79 + 21.8));
  CHECK(exit["ts_ns"] == 2000);
  CHECK(exit["last_ts_ns"] == 3000);
  CHECK(exit["position_after"].get<double>() == Approx(-2));
  CHECK(exit["exit_reason"] == "take_profit");
  CHECK(exit["entry_tag"] == "pattern:engulfing");
}

TEST_CASE("trades export of a node that never traded is empty", "[cli][trade_log]") {
  temp_dir dir;
  std::filesystem::create_directories(dir.path() + "/data");
  store::open(dir.path() + "/data/db");
  auto r = run({tickline_bin, "trades", "export", "--data-dir", "data"}, dir.path());
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out.empty());
}

TEST_CASE("trades export names what is wrong with its input", "[cli][trade_log]") {
  temp_dir dir;
  auto missing = run({tickline_bin, "trades", "export", "--data-dir", "nope"}, dir.path());
  CHECK(missing.status == 2);
  CHECK(missing.err.find("--data-dir nope: not a directory") != std::string::npos);
  std::filesystem::create_directories(dir.path() + "/empty");
  auto no_db = run({tickline_bin, "trades", "export", "--data-dir", "empty"}, dir.path());
  CHECK(no_db.status == 2);
  CHECK(no_db.err.find("no node database") != std::string::npos);
  write_log(dir);
  auto bad_out = run({tickline_bin, "trades", "export", "--data-dir", "data", "--out",
                      "no/such/dir/t.jsonl"}, dir.path());
  CHECK(bad_out.status == 2);
  CHECK(bad_out.err.find("--out no/such/dir/t.jsonl") != std::string::npos);
  auto no_dir = run({tickline_bin, "trades", "export"}, dir.path());
  CHECK(no_dir.status == 2);
  CHECK(no_dir.err.find("--data-dir") != std::string::npos);
}
