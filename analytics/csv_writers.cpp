#include "analytics/format.hpp"
#include "analytics/writers.hpp"

namespace tickline::analytics {

namespace {

constexpr int money_decimals = 8;
constexpr int fraction_decimals = 10;

/// Appends `cells` joined by commas and a newline.
void row(std::string& out, std::initializer_list<std::string> cells) {
  bool first = true;
  for (const auto& c : cells) {
    if (!first)
      out += ',';
    out += c;
    first = false;
  }
  out += '\n';
}

std::string money(double x) {
  return fixed(x, money_decimals);
}

} // namespace

std::string trades_csv(const std::vector<closed_trade>& trades) {
  std::string out;
  row(out, {"symbol", "side", "entry_time", "entry_price", "exit_time", "exit_price", "qty",
            "pnl", "fees", "exit_reason"});
  for (const auto& t : trades)
    row(out, {csv_cell(t.symbol), t.sd == side::buy ? "long" : "short", iso8601(t.entry_ns),
              money(t.entry_price), iso8601(t.exit_ns), money(t.exit_price), money(t.qty),
              money(t.pnl), money(t.fees), csv_cell(t.exit_reason)});
  return out;
}

std::string orders_csv(const std::vector<order_row>& orders) {
  std::string out;
  row(out, {"client_order_id", "symbol", "side", "type", "qty", "price", "status", "filled_qty",
            "avg_price", "time"});
  for (const auto& o : orders)
    row(out, {csv_cell(o.client_order_id), csv_cell(o.symbol), to_string(o.sd),
              to_string(o.type), money(o.qty), money(o.price), to_string(o.status),
              money(o.filled_qty), money(o.avg_price), iso8601(o.ts_ns)});
  return out;
}

std::string equity_csv(const std::vector<equity_point>& equity, double starting_equity) {
  std::string out;
  row(out, {"time", "equity", "drawdown"});
  auto dd = drawdowns(equity, starting_equity);
  for (std::size_t i = 0; i < equity.size(); ++i)
    row(out, {iso8601(equity[i].ts_ns), money(equity[i].equity),
              fixed(dd.drawdown[i], fraction_decimals)});
  return out;
}

std::string report_json_text(const backtest_report& report, const nlohmann::json& walk_forward,
                             const nlohmann::json& optimization) {
  return report_json(report, walk_forward, optimization).dump(2) + "\n";
}

} // namespace tickline::analytics
