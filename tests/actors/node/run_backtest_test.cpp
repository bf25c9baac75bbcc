#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include <caf/send.hpp>

#include "actors/feeds/csv_replay_state.hpp"
#include "actors/node/run_backtest.hpp"
#include "messages/orders.hpp"
#include "actors/node/walk_forward.hpp"
#include "config/loader.hpp"

using namespace tickline;

// The shipped example config and its two sample files (12 hours of 1-minute bars each)
// through the whole actor graph.

namespace {

const std::string root = TICKLINE_SOURCE_DIR;

// `progress_ns`: how often progress is reported, which must change nothing.
backtest_result run_with(std::int64_t progress_ns = 3'600'000'000'000) {
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  backtest_options o;
  o.files = {{"BTCUSDT", {root + "/examples/data/BTCUSDT-1m-sample.csv"}},
             {"ETHUSDT", {root + "/examples/data/ETHUSDT-1m-sample.csv"}}};
  o.progress_ns = progress_ns;
  std::int64_t reports = 0;
  o.progress = [&reports](std::int64_t) { ++reports; };
  auto res = run_backtest(r.config, o);
  CHECK(reports >= (progress_ns < 86'400'000'000'000 ? 2 : 1));
  return res;
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

TEST_CASE("a backtest gives the same trades and equity on every run, whatever the progress interval",
          "[backtest]") {
  auto one = run_with();
  // Something must happen for the comparison to mean anything.
  REQUIRE(one.trades.size() >= 5);
  REQUIRE(one.ledger.fills().size() >= 10);
  CHECK(one.events == 1440);  // two files of 720 bars
  CHECK(one.messages > one.events);  // each bar goes on from its scanner
  CHECK(one.equity.front().ts_ns == 1704067260000000000);  // the first bar closes (open + 60 s)
  CHECK(one.equity.front().equity == 100000);
  CHECK(one.last_ns == 1704067200000000000 + 720 * 60'000'000'000LL);
  require_same(one, run_with());
  require_same(one, run_with(60'000'000'000));   // every minute
  require_same(one, run_with(86'400'000'000'000));  // once a day
}

TEST_CASE("a backtest's books add up and nothing fills before it was sent", "[backtest]") {
  auto res = run_with();
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

TEST_CASE("the grid's points are every combination, the first parameter slowest", "[backtest]") {
  auto ps = grid_points({{"a", {1, 2}}, {"b", {10, 20, 30}}});
  REQUIRE(ps.size() == 6);
  CHECK(ps[0] == parameter_set{{"a", 1}, {"b", 10}});
  CHECK(ps[2] == parameter_set{{"a", 1}, {"b", 30}});
  CHECK(ps[3] == parameter_set{{"a", 2}, {"b", 10}});
  CHECK(grid_points({}).size() == 1);  // no grid: the config as it is
}

TEST_CASE("walk-forward picks each window's best in-sample point and scores it after",
          "[backtest]") {
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  auto cfg = r.config;
  constexpr std::int64_t hour = 3'600'000'000'000;
  cfg.backtest.walk_forward.in_sample_ns = 4 * hour;
  cfg.backtest.walk_forward.out_of_sample_ns = 3 * hour;
  cfg.backtest.grid = {{"strategy.stop_atr_multiple", {1, 3}}};
  backtest_options o;
  o.files = {{"BTCUSDT", {root + "/examples/data/BTCUSDT-1m-sample.csv"}},
             {"ETHUSDT", {root + "/examples/data/ETHUSDT-1m-sample.csv"}}};
  auto pnl = [](const backtest_result& res) {
    double sum = 0;
    for (const auto& t : res.trades)
      sum += t.pnl;
    return sum;
  };
  const std::int64_t first = 1704067200000000000;  // 2024-01-01 00:00 UTC, the first bar
  auto windows = run_walk_forward(cfg, o, first, first + 12 * hour, pnl);
  // In 12 hours: [0,4)+[4,7), [3,7)+[7,10); the next would end at 13 h.
  REQUIRE(windows.size() == 2);
  CHECK(windows[1].in_sample_from_ns == first + 3 * hour);
  CHECK(windows[1].out_of_sample_to_ns == first + 10 * hour);
  // Checked against separate runs: the winner is the better of the two in sample.
  const auto& w = windows[0];
  double score[2];
  for (int i = 0; i < 2; ++i) {
    auto c = cfg;
    c.strategy.stop_atr_multiple = i == 0 ? 1 : 3;
    auto io = o;
    io.from_ns = w.in_sample_from_ns;
    io.to_ns = w.in_sample_to_ns;
    score[i] = pnl(run_backtest(c, io));
  }
  REQUIRE(score[0] != score[1]);  // else the choice proves nothing
  CHECK(w.best == parameter_set{{"strategy.stop_atr_multiple", score[0] > score[1] ? 1.0 : 3.0}});
  CHECK(w.in_sample_score == std::max(score[0], score[1]));
  auto c = cfg;
  c.strategy.stop_atr_multiple = w.best[0].second;
  auto oo = o;
  oo.from_ns = w.out_of_sample_from_ns;
  oo.to_ns = w.out_of_sample_to_ns;
  auto oos = run_backtest(c, oo);
  CHECK(w.out_of_sample_score == pnl(oos));
  CHECK(w.out_of_sample_trades == oos.trades.size());
  // A window starts from nothing: no trade before its start.
  for (const auto& t : oos.trades)
    CHECK(t.entry_ns >= w.out_of_sample_from_ns);
}

TEST_CASE("the invariant checker passes a clean backtest and names the event a phantom fill corrupts",
          "[backtest][invariants]") {
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  backtest_options o;
  o.files = {{"BTCUSDT", {root + "/examples/data/BTCUSDT-1m-sample.csv"}},
             {"ETHUSDT", {root + "/examples/data/ETHUSDT-1m-sample.csv"}}};
  o.check_invariants = true;
  std::uint64_t seen = 0;
  o.after_event = [&seen](std::uint64_t event, const actor_registry&) { seen = event; };
  auto checked = run_backtest(r.config, o);
  CHECK(seen == 1440);
  // Checking changes nothing.
  require_same(checked, run_with());
  // A fill the broker never made reaches the order manager after event 300: its books
  // no longer match the broker's, and the run stops there, saying so.
  o.after_event = [](std::uint64_t event, const actor_registry& reg) {
    if (event != 300)
      return;
    fill f;
    f.client_order_id = "someone-else-1";
    f.symbol = "BTCUSDT";
    f.sd = side::buy;
    f.price = 42000;
    f.qty = 0.25;
    f.ts_ns = 1704067200000000000 + 150 * 60'000'000'000LL;
    f.exec_id = "phantom-1";
    caf::anon_send(reg.get("order_manager"), f);
  };
  CHECK_THROWS_WITH(run_backtest(r.config, o),
                    Catch::Contains("invariant broken after event 300 (")
                      && Catch::Contains("order manager position of BTCUSDT is"));
}

TEST_CASE("a market order fills on the first bar the broker's latency allows, never earlier",
          "[backtest][latency]") {
  // Bar opening and closing times per symbol, from the files themselves.
  std::map<std::string, std::vector<std::int64_t>> opens, closes;
  {
    csv_replay_state replay{{{"BTCUSDT", {root + "/examples/data/BTCUSDT-1m-sample.csv"}},
                             {"ETHUSDT", {root + "/examples/data/ETHUSDT-1m-sample.csv"}}},
                            INT64_MIN, INT64_MAX};
    csv_replay_state::event ev;
    while (replay.next_event(ev))
    {
      opens[replay.symbols()[ev.symbol]].push_back(ev.candle.open_ns);
      closes[replay.symbols()[ev.symbol]].push_back(ev.candle.close_ns);
    }
  }
  for (const std::int64_t latency_ms : {0, 90'000}) {
    INFO("latency " << latency_ms << " ms");
    auto r = load_config_file(root + "/examples/backtest.toml");
    REQUIRE(r.ok());
    r.config.broker.latency_ms = latency_ms;
    backtest_options o;
    o.files = {{"BTCUSDT", {root + "/examples/data/BTCUSDT-1m-sample.csv"}},
               {"ETHUSDT", {root + "/examples/data/ETHUSDT-1m-sample.csv"}}};
    auto res = run_backtest(r.config, o);
    std::size_t checked = 0;
    for (const auto& [id, order] : res.ledger.orders()) {
      const auto fills = res.ledger.fills_of(id);
      if (order.request.type != order_type::market || fills.empty())
        continue;
      // Decided on the event at received_ns: it fills on the first bar that opens at or
      // after the latency has passed, stamped with that bar's last instant.
      const auto& times = opens.at(order.request.symbol);
      const auto active = order.received_ns + latency_ms * 1'000'000;
      const auto first = std::lower_bound(times.begin(), times.end(), active);
      REQUIRE(first != times.end());
      CHECK(fills.front().ts_ns > order.received_ns);
      CHECK(fills.front().ts_ns == closes.at(order.request.symbol)[first - times.begin()] - 1);
      ++checked;
    }
    CHECK(checked >= 5);
  }
}
