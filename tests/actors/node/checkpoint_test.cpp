// The orders journal's checkpoint through the running node: the demo tree trades on the
// test scheduler with its orders journaled, is stopped and started again on the same
// store. With checkpoints the start replays only what came after the latest one, and
// the books it rebuilds are those of a node that replayed everything.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/journal.hpp"
#include "storage/store.hpp"
#include "trading_fixture.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

struct temp_path {
  std::string path;
  temp_path() {
    std::string tmpl =
      (std::filesystem::temp_directory_path() / "tickline-checkpoint-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()));
    path = tmpl;
  }
  ~temp_path() { std::filesystem::remove_all(path); }
};

// What a restart must rebuild exactly: cash, P&L, fees and each holding's quantity and
// average price (marks come from the next bars).
nlohmann::json books(const nlohmann::json& portfolio) {
  nlohmann::json out{{"cash", portfolio["cash"]},
                     {"realized_pnl", portfolio["realized_pnl"]},
                     {"fees", portfolio["fees"]},
                     {"duplicate_fills", portfolio["duplicate_fills"]}};
  for (const auto& [symbol, h] : portfolio["holdings"].items())
    out["holdings"][symbol] = {h["qty"], h["avg_price"], h["realized_pnl"]};
  return out;
}

struct run_result {
  nlohmann::json before;           // the portfolio's books when the node stopped
  nlohmann::json after;            // as the restarted node rebuilt them
  std::uint64_t last_seq = 0;
  std::uint64_t through = 0;       // the checkpoint's; 0 = none
  std::uint64_t first_left = 0;    // the first record still in the journal
  int slices = 0;
};

// Trades `slices` slices with checkpoints every `every` records (0: none), stops, starts
// again on the same store.
run_result trade_and_restart(int slices, std::int64_t every) {
  temp_path dir;
  auto db = store::open(dir.path + "/db");
  auto tweak = [every](engine_config& c) { c.orders.checkpoint_every = every; };
  run_result r;
  {
    auto orders = std::make_shared<journal>(db, "orders");
    trading_fixture f{nullptr, nullptr, tweak, orders};
    f.advance(slices);
    r.before = books(f.describe("portfolio"));
  }
  journal orders{db, "orders"};
  r.last_seq = orders.last_seq();
  if (auto c = orders.last_checkpoint())
    r.through = c->through_seq;
  const auto left = orders.read_from(1, 1);
  r.first_left = left.empty() ? 0 : left.front().seq;
  trading_fixture g{nullptr, nullptr, tweak, std::make_shared<journal>(db, "orders")};
  r.after = books(g.describe("portfolio"));
  return r;
}

} // namespace

TEST_CASE("a restart from the orders journal's checkpoint rebuilds the books a full replay does",
          "[orders][checkpoint]") {
  constexpr int slices = 6000;  // five simulated minutes of the demo market
  const auto full = trade_and_restart(slices, 0);
  const auto checkpointed = trade_and_restart(slices, 1000);
  INFO("records: " << full.last_seq << ", checkpoint through " << checkpointed.through);
  // The demo trades enough for several checkpoints and records after the last one.
  REQUIRE(full.last_seq > 1500);
  CHECK(full.through == 0);
  CHECK(full.first_left == 1);
  CHECK(checkpointed.last_seq == full.last_seq);  // the same trading, record for record
  CHECK(checkpointed.through >= 1000);
  CHECK(checkpointed.through % 1000 < 200);        // written once 1000 more had gathered
  // Only the records after the checkpoint are left, and the start replayed only those.
  CHECK(checkpointed.first_left == checkpointed.through + 1);
  REQUIRE(full.before["holdings"].size() > 0);
  CHECK(full.after == full.before);
  CHECK(checkpointed.before == full.before);
  CHECK(checkpointed.after == full.after);
}
