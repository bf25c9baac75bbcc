#include <catch2/catch.hpp>

#include <limits>
#include <stdexcept>

#include "../tools/process.hpp"
#include "analytics/report.hpp"
#include "analytics/writers.hpp"
#include "sample.hpp"

using namespace tickline;
using namespace tickline::analytics;
using namespace tickline::test;

namespace {

backtest_inputs sample_inputs() {
  backtest_inputs in;
  in.trades = sample_trades();
  in.equity = sample_equity();
  in.starting_equity = 100;
  in.opts.mc_runs = 500;
  order_row o;
  o.client_order_id = "c-1";
  o.symbol = "BTCUSDT";
  o.sd = side::sell;
  o.type = order_type::limit;
  o.qty = 0.5;
  o.price = 42000.25;
  o.status = order_state::partially_filled;
  o.filled_qty = 0.125;
  o.avg_price = 42000.5;
  o.ts_ns = jan1 + 1500 * 1'000'000;
  in.orders = {o};
  return in;
}

const char* const files[] = {"trades.csv", "orders.csv", "equity.csv", "report.json",
                             "report.html"};

} // namespace

TEST_CASE("trades.csv, orders.csv and equity.csv rows", "[analytics][writers]") {
  auto in = sample_inputs();
  auto trades = in.trades;
  trades[1].sd = side::sell;
  trades[1].symbol = "ETH,USDT";
  trades[1].fees = 0.0123;
  auto t = trades_csv(trades);
  CHECK(t.rfind("symbol,side,entry_time,entry_price,exit_time,exit_price,qty,pnl,fees,"
                "exit_reason\n"
                "BTCUSDT,long,2024-01-01T12:00:00.000Z,100.00000000,2024-01-02T06:00:00.000Z,"
                "110.00000000,1.00000000,10.00000000,0.00000000,take_profit\n"
                "\"ETH,USDT\",short,2024-01-02T00:00:00.000Z,100.00000000,"
                "2024-01-02T12:00:00.000Z,95.00000000,1.00000000,-5.00000000,0.01230000,"
                "stop_loss\n",
                0) == 0);
  CHECK(std::count(t.begin(), t.end(), '\n') == 5);

  CHECK(orders_csv(in.orders) ==
        "client_order_id,symbol,side,type,qty,price,status,filled_qty,avg_price,time\n"
        "c-1,BTCUSDT,sell,limit,0.50000000,42000.25000000,partially_filled,0.12500000,"
        "42000.50000000,2024-01-01T00:00:01.500Z\n");

  // Drawdowns 0, 11/110, 5.5/110, 0.
  CHECK(equity_csv(in.equity, 100) ==
        "time,equity,drawdown\n"
        "2024-01-01T12:00:00.000Z,110.00000000,0.0000000000\n"
        "2024-01-02T06:00:00.000Z,99.00000000,0.1000000000\n"
        "2024-01-02T18:00:00.000Z,104.50000000,0.0500000000\n"
        "2024-01-04T00:00:00.000Z,114.95000000,0.0000000000\n");
}

TEST_CASE("report.json has the metric names and nulls for undefined ones",
          "[analytics][writers]") {
  auto in = sample_inputs();
  in.trades.erase(in.trades.begin() + 1);  // no losers: profit_factor undefined
  auto j = nlohmann::json::parse(
    report_json_text(analyze(in), nlohmann::json::array({{{"fold", 1}, {"sharpe", 1.5}}})));
  const std::vector<std::string> names{
    "total_return", "cagr",    "sharpe",   "sortino",       "calmar",     "max_drawdown",
    "max_drawdown_duration",   "volatility", "var_95",      "cvar_95",    "var_99",
    "cvar_99",      "win_rate", "profit_factor", "expectancy", "avg_win",  "avg_loss",
    "kelly",        "exposure", "trades"};
  for (const auto& n : names)
    CHECK(j["metrics"].contains(n));
  CHECK(j["metrics"]["profit_factor"].is_null());
  CHECK(j["metrics"]["trades"] == 3);
  CHECK(j["metrics"]["max_drawdown_duration"] == 216000.0);
  CHECK(j["attribution"]["by_symbol"][0]["key"] == "BTCUSDT");
  CHECK(j["attribution"]["by_weekday"].size() == 7);
  CHECK(j["monte_carlo"]["runs"] == 500);
  CHECK(j["monte_carlo"]["ruin_probability"] == 0);
  CHECK(j["monthly_returns"][0]["month"] == 1);
  CHECK(j["walk_forward"][0]["fold"] == 1);
  CHECK(nlohmann::json::parse(report_json_text(analyze(in), nullptr))["walk_forward"] ==
        nlohmann::json::array());
}

TEST_CASE("the backtest files are byte-identical for the same inputs", "[analytics][writers]") {
  temp_dir a, b;
  auto in = sample_inputs();
  auto wf = nlohmann::json::array({{{"fold", 1}, {"b", 2}, {"a", 3}}});
  write_backtest_files(a.path(), in, wf);
  write_backtest_files(b.path() + "/out", in, wf);
  for (const char* f : files) {
    INFO(f);
    auto first = read_file(a.path() + "/" + f);
    CHECK(!first.empty());
    CHECK(first == read_file(b.path() + "/out/" + f));
  }
  // Another seed changes the Monte Carlo, so the comparison above can tell files apart.
  in.opts.seed = 43;
  write_backtest_files(b.path(), in, wf);
  CHECK(read_file(a.path() + "/report.json") != read_file(b.path() + "/report.json"));
}

TEST_CASE("report.html is self-contained", "[analytics][writers]") {
  auto in = sample_inputs();
  in.trades[0].symbol = "<b>X</b>";
  auto html = report_html(analyze(in), in);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<b>X</b>") == std::string::npos);  // escaped
  CHECK(html.find("&lt;b&gt;X&lt;/b&gt;") != std::string::npos);
  // Equity, drawdown and histogram charts; the monthly table; January +14.95 %.
  CHECK(std::count(html.begin(), html.end(), '<') > 100);
  std::size_t svgs = 0;
  for (auto pos = html.find("<svg"); pos != std::string::npos; pos = html.find("<svg", pos + 1))
    ++svgs;
  CHECK(svgs == 3);
  CHECK(html.find("<polyline") != std::string::npos);
  CHECK(html.find("<rect") != std::string::npos);
  CHECK(html.find(">14.95%</td>") != std::string::npos);
}

TEST_CASE("bad inputs are refused with the field named", "[analytics][writers]") {
  auto in = sample_inputs();
  in.starting_equity = 0;
  CHECK_THROWS_WITH(analyze(in), Catch::Contains("starting_equity"));
  in = sample_inputs();
  std::swap(in.equity[0], in.equity[1]);
  CHECK_THROWS_WITH(analyze(in), Catch::Contains("equity point 1"));
  in = sample_inputs();
  in.opts.ruin_level = 1.5;
  CHECK_THROWS_WITH(analyze(in), Catch::Contains("ruin_level"));
  temp_dir d;
  d.write("file", "x");
  CHECK_THROWS_WITH(write_backtest_files(d.path() + "/file", sample_inputs(), nullptr),
                    Catch::Contains(d.path() + "/file"));
}

TEST_CASE("non-finite P&L leaves the other trades in the page", "[analytics][writers]") {
  auto in = sample_inputs();
  in.trades[1].pnl = std::numeric_limits<double>::infinity();
  in.trades[3].pnl = std::numeric_limits<double>::quiet_NaN();
  auto html = report_html(analyze(in), in);
  // The histogram still counts the two finite trades (+10 and +20), in two bins.
  CHECK(html.find("<title>1 trades</title>") != std::string::npos);
  CHECK(html.find("no trades") == std::string::npos);
}

TEST_CASE("report.html shows the walk-forward, learning off and applied side by side",
          "[analytics][writers][walk_forward]") {
  auto in = sample_inputs();
  auto window = [](const char* from, double pnl, double learned_pnl, bool learning) {
    nlohmann::json w{{"in_sample_from", "2024-01-01T00:00:00Z"},
                     {"out_of_sample_from", from},
                     {"parameters", {{"strategy.min_confidence", 0.5}}},
                     {"in_sample_score", 1.25},
                     {"out_of_sample_score", 0.5},
                     {"out_of_sample_trades", 10},
                     {"out_of_sample_pnl", pnl}};
    if (learning)
      w["learning"] = {{"model_version", 7}, {"out_of_sample_score", 0.75},
                       {"out_of_sample_trades", 12}, {"out_of_sample_pnl", learned_pnl}};
    return w;
  };
  auto wf = nlohmann::json::array({window("2024-01-03T00:00:00Z", 100.5, 150.25, true),
                                   window("2024-01-04T00:00:00Z", -20, 30, true)});
  auto html = report_html(analyze(in), in, nullptr, wf);
  CHECK(html.find("<h2>Walk-forward</h2>") != std::string::npos);
  CHECK(html.find("<th>learning: model</th>") != std::string::npos);
  CHECK(html.find("<td>v7</td>") != std::string::npos);
  CHECK(html.find("strategy.min_confidence = 0.5") != std::string::npos);
  // Totals: off 80.50 in 20 trades, applied 180.25 in 24.
  CHECK(html.find("<th>20</th><th>80.50</th>") != std::string::npos);
  CHECK(html.find("<th>24</th><th>180.25</th>") != std::string::npos);
  // Without learning: no learning columns; with no windows: no table.
  auto plain = report_html(analyze(in), in, nullptr,
                           nlohmann::json::array({window("2024-01-03T00:00:00Z", 5, 0, false)}));
  CHECK(plain.find("<h2>Walk-forward</h2>") != std::string::npos);
  CHECK(plain.find("learning: model") == std::string::npos);
  CHECK(report_html(analyze(in), in).find("Walk-forward") == std::string::npos);
}
