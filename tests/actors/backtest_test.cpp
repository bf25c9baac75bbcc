#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "actors/backtest.hpp"
#include "config/loader.hpp"

using namespace tickline;

// The shipped example config and its two sample files (12 hours of 1-minute bars each)
// through the whole actor graph.

namespace {

const std::string root = TICKLINE_SOURCE_DIR;

backtest_result run_with(int threads) {
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  backtest_options o;
  o.files = {{"BTCUSDT", root + "/examples/data/BTCUSDT-1m-sample.csv"},
             {"ETHUSDT", root + "/examples/data/ETHUSDT-1m-sample.csv"}};
  o.threads = threads;
  return run_backtest(r.config, o);
}

void require_same(const backtest_result& a, const backtest_result& b) {
  REQUIRE(a.trades.size() == b.trades.size());
  for (std::size_t i = 0; i < a.trades.size(); ++i) {
    const auto& x = a.trades[i];
    const auto& y = b.trades[i];
    CHECK(x.symbol == y.symbol);
    CHECK(x.sd == y.sd);
    CHECK(x.entry_ns == y.entry_ns);
    CHECK(x.exit_ns == y.exit_ns);
    // Bit for bit: the same operations in the same order.
    CHECK(x.qty == y.qty);
    CHECK(x.entry_price == y.entry_price);
    CHECK(x.exit_price == y.exit_price);
    CHECK(x.pnl == y.pnl);
  }
  for (std::size_t i = 0; i < std::min(a.equity.size(), b.equity.size()); ++i)
    if (a.equity[i].ts_ns != b.equity[i].ts_ns || a.equity[i].equity != b.equity[i].equity) {
      INFO("equity sample " << i << ": " << a.equity[i].ts_ns << " " << a.equity[i].equity << " vs "
                            << b.equity[i].ts_ns << " " << b.equity[i].equity << "; before: "
                            << (i ? a.equity[i - 1].ts_ns : 0));
      CHECK(false);
      break;
    }
  REQUIRE(a.equity.size() == b.equity.size());
  for (std::size_t i = 0; i < a.equity.size(); ++i) {
    CHECK(a.equity[i].ts_ns == b.equity[i].ts_ns);
    CHECK(a.equity[i].equity == b.equity[i].equity);
  }
  CHECK(a.ledger.orders().size() == b.ledger.orders().size());
  CHECK(a.ledger.fills().size() == b.ledger.fills().size());
  CHECK(a.ledger.cash() == b.ledger.cash());
}

} // namespace

TEST_CASE("a backtest gives the same trades and equity with 1, 2 or 8 scheduler threads",
          "[backtest]") {
  auto one = run_with(1);
  // Something must happen for the comparison to mean anything.
  REQUIRE(one.trades.size() >= 5);
  REQUIRE(one.ledger.fills().size() >= 10);
  CHECK(one.slices == 720);   // 12 hours of 1-minute slices
  CHECK(one.events == 1440);  // two files of 720 bars
  CHECK(one.equity.front().ts_ns == 1704067260000000000);  // the first bar closes (open + 60 s)
  CHECK(one.equity.front().equity == 100000);
  require_same(one, run_with(2));
  require_same(one, run_with(8));
}

TEST_CASE("a backtest's books add up and nothing fills before it was sent", "[backtest]") {
  auto res = run_with(2);
  CHECK(res.ledger.audit().empty());
  // No look-ahead: a fill comes from data stamped after the order reached the broker.
  for (const auto& f : res.ledger.fills()) {
    const auto* o = res.ledger.find(f.client_order_id);
    REQUIRE(o != nullptr);
    CHECK(f.ts_ns > o->received_ns);
  }
  // The closed trades' P&L adds up to the change in equity, less what is still open.
  double closed = 0;
  for (const auto& t : res.trades) {
    CHECK(t.exit_ns >= t.entry_ns);
    closed += t.pnl;
  }
  REQUIRE(!res.equity.empty());
  const auto& last = res.equity.back();
  if (last.positions == 0)
    CHECK(last.equity - 100000 == Approx(closed).margin(1e-6));
  // The portfolio's cash is the broker's cash.
  CHECK(last.cash == Approx(res.ledger.cash()).margin(1e-6));
}
