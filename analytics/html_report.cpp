#include <algorithm>
#include <cmath>

#include "analytics/format.hpp"
#include "analytics/writers.hpp"

namespace tickline::analytics {

namespace {

constexpr double chart_w = 900, chart_h = 240, pad_l = 70, pad_r = 10, pad_t = 10, pad_b = 24;
constexpr std::size_t max_chart_points = 2000;

/// A metric for a table cell: the value with 4 decimals, or "n/a" when undefined.
std::string cell(double x, int decimals = 4) {
  return std::isfinite(x) ? fixed(x, decimals) : "n/a";
}

std::string pct(double x) {
  return std::isfinite(x) ? fixed(100 * x, 2) + "%" : "n/a";
}

/// Indices of the points to draw: all of them, or per bucket its lowest and highest, so a
/// long series keeps its extremes.
std::vector<std::size_t> chart_points(const std::vector<double>& ys) {
  std::vector<std::size_t> idx;
  if (ys.size() <= max_chart_points) {
    for (std::size_t i = 0; i < ys.size(); ++i)
      idx.push_back(i);
    return idx;
  }
  std::size_t buckets = max_chart_points / 2;
  for (std::size_t b = 0; b < buckets; ++b) {
    std::size_t from = b * ys.size() / buckets, to = (b + 1) * ys.size() / buckets;
    auto lo = std::min_element(ys.begin() + from, ys.begin() + to) - ys.begin();
    auto hi = std::max_element(ys.begin() + from, ys.begin() + to) - ys.begin();
    idx.push_back(static_cast<std::size_t>(std::min(lo, hi)));
    if (lo != hi)
      idx.push_back(static_cast<std::size_t>(std::max(lo, hi)));
  }
  return idx;
}

/// An SVG line chart of `ys` against `ts` (ns), the y axis labelled by `label_of`; with
/// `area` the region between the line and the top of the chart is filled.
template <class Label>
std::string line_chart(const std::vector<std::int64_t>& ts, const std::vector<double>& ys,
                       const char* color, bool area, Label label_of) {
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + fixed(chart_w, 0) + " " +
                    fixed(chart_h, 0) + "\" role=\"img\">";
  if (ys.empty())
    return svg + "<text x=\"10\" y=\"20\">no data</text></svg>";
  double lo = *std::min_element(ys.begin(), ys.end());
  double hi = *std::max_element(ys.begin(), ys.end());
  if (area)
    hi = std::max(hi, 0.0);  // the area hangs from the zero line
  if (hi == lo)
    (area ? lo : hi) += area ? -1 : 1;
  double t0 = static_cast<double>(ts.front()), t1 = static_cast<double>(ts.back());
  if (t1 == t0)
    t1 = t0 + 1;
  auto x_of = [&](std::size_t i) {
    return pad_l + (static_cast<double>(ts[i]) - t0) / (t1 - t0) * (chart_w - pad_l - pad_r);
  };
  auto y_of = [&](double y) {
    return pad_t + (hi - y) / (hi - lo) * (chart_h - pad_t - pad_b);
  };
  std::string points;
  for (std::size_t i : chart_points(ys))
    points += fixed(x_of(i), 1) + "," + fixed(y_of(ys[i]), 1) + " ";
  if (area)
    svg += "<polygon fill=\"" + std::string{color} + "\" fill-opacity=\"0.35\" points=\"" +
           fixed(x_of(0), 1) + "," + fixed(pad_t, 1) + " " + points +
           fixed(x_of(ys.size() - 1), 1) + "," + fixed(pad_t, 1) + "\"/>";
  svg += "<polyline fill=\"none\" stroke=\"" + std::string{color} +
         "\" stroke-width=\"1.5\" points=\"" + points + "\"/>";
  svg += "<text class=\"axis\" x=\"2\" y=\"" + fixed(pad_t + 10, 0) + "\">" + label_of(hi) +
         "</text><text class=\"axis\" x=\"2\" y=\"" + fixed(chart_h - pad_b, 0) + "\">" +
         label_of(lo) + "</text>";
  svg += "<text class=\"axis\" x=\"" + fixed(pad_l, 0) + "\" y=\"" + fixed(chart_h - 6, 0) +
         "\">" + iso_date(utc_day(ts.front())) + "</text><text class=\"axis\" x=\"" +
         fixed(chart_w - pad_r, 0) + "\" y=\"" + fixed(chart_h - 6, 0) +
         "\" text-anchor=\"end\">" + iso_date(utc_day(ts.back())) + "</text>";
  return svg + "</svg>";
}

/// A histogram of the trades' net P&L in 20 equal bins, wins green and losses red.
std::string pnl_histogram(const std::vector<closed_trade>& trades) {
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + fixed(chart_w, 0) + " " +
                    fixed(chart_h, 0) + "\" role=\"img\">";
  if (trades.empty())
    return svg + "<text x=\"10\" y=\"20\">no trades</text></svg>";
  constexpr std::size_t bins = 20;
  double lo = 0, hi = 0;
  for (const auto& t : trades) {
    if (std::isfinite(t.pnl)) {
      lo = std::min(lo, t.pnl);
      hi = std::max(hi, t.pnl);
    }
  }
  double width = hi > lo ? (hi - lo) / bins : 1;
  std::vector<std::size_t> counts(bins, 0);
  for (const auto& t : trades)
    if (std::isfinite(t.pnl))
      ++counts[std::min(bins - 1, static_cast<std::size_t>((t.pnl - lo) / width))];
  if (*std::max_element(counts.begin(), counts.end()) == 0)
    return svg + "<text x=\"10\" y=\"20\">no trades</text></svg>";
  std::size_t top = *std::max_element(counts.begin(), counts.end());
  double bar_w = (chart_w - pad_l - pad_r) / bins;
  for (std::size_t b = 0; b < bins; ++b) {
    double h = static_cast<double>(counts[b]) / static_cast<double>(top) *
               (chart_h - pad_t - pad_b);
    double mid = lo + (static_cast<double>(b) + 0.5) * width;
    svg += "<rect x=\"" + fixed(pad_l + static_cast<double>(b) * bar_w + 1, 1) + "\" y=\"" +
           fixed(chart_h - pad_b - h, 1) + "\" width=\"" + fixed(bar_w - 2, 1) +
           "\" height=\"" + fixed(h, 1) + "\" fill=\"" + (mid >= 0 ? "#2e7d32" : "#c62828") +
           "\"><title>" + std::to_string(counts[b]) + " trades</title></rect>";
  }
  svg += "<text class=\"axis\" x=\"2\" y=\"" + fixed(pad_t + 10, 0) + "\">" +
         std::to_string(top) + "</text>";
  svg += "<text class=\"axis\" x=\"" + fixed(pad_l, 0) + "\" y=\"" + fixed(chart_h - 6, 0) +
         "\">" + fixed(lo, 2) + "</text><text class=\"axis\" x=\"" + fixed(chart_w - pad_r, 0) +
         "\" y=\"" + fixed(chart_h - 6, 0) + "\" text-anchor=\"end\">" + fixed(hi, 2) +
         "</text>";
  return svg + "</svg>";
}

/// The monthly returns as a year-by-month table, each cell shaded by its sign and size.
std::string monthly_table(const std::vector<monthly_return>& months) {
  static const char* const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string html = "<table class=\"heat\"><tr><th>Year</th>";
  for (const char* n : names)
    html += std::string{"<th>"} + n + "</th>";
  html += "<th>Year</th></tr>";
  double scale = 0;
  for (const auto& m : months)
    scale = std::max(scale, std::fabs(m.ret));
  std::size_t i = 0;
  while (i < months.size()) {
    int year = months[i].year;
    double compounded = 1;
    html += "<tr><th>" + std::to_string(year) + "</th>";
    for (int month = 1; month <= 12; ++month) {
      if (i < months.size() && months[i].year == year && months[i].month == month) {
        double r = months[i++].ret;
        compounded *= 1 + r;
        double alpha = scale > 0 && std::isfinite(r) ? 0.15 + 0.75 * std::fabs(r) / scale : 0;
        html += "<td style=\"background:rgba(" + std::string{r >= 0 ? "46,125,50," : "198,40,40,"} +
                fixed(alpha, 2) + ")\">" + pct(r) + "</td>";
      } else {
        html += "<td></td>";
      }
    }
    html += "<td>" + pct(compounded - 1) + "</td></tr>";
  }
  return html + "</table>";
}

/// A two-column table of name/value rows.
std::string kv_table(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string html = "<table>";
  for (const auto& [k, v] : rows)
    html += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
  return html + "</table>";
}

std::string attribution_table(const char* title, const std::vector<attribution_row>& rows) {
  std::string html = "<h3>" + std::string{title} +
                     "</h3><table><tr><th>key</th><th>trades</th><th>win rate</th><th>P&amp;L</th></tr>";
  for (const auto& r : rows)
    html += "<tr><td>" + html_escape(r.key) + "</td><td>" + std::to_string(r.trades) +
            "</td><td>" + pct(r.win_rate) + "</td><td>" + fixed(r.pnl, 2) + "</td></tr>";
  return html + "</table>";
}

std::string metric_tables(const performance_metrics& m, const monte_carlo_result& mc) {
  std::string html = "<div class=\"cols\"><div><h3>Returns (daily, 365/yr)</h3>" +
    kv_table({{"starting equity", fixed(m.starting_equity, 2)},
              {"final equity", fixed(m.final_equity, 2)},
              {"total return", pct(m.total_return)}, {"CAGR", pct(m.cagr)},
              {"volatility", pct(m.volatility)}, {"Sharpe", cell(m.sharpe)},
              {"Sortino", cell(m.sortino)}, {"Calmar", cell(m.calmar)},
              {"max drawdown", pct(m.max_drawdown)},
              {"max drawdown duration (days)", cell(m.max_drawdown_duration / 86400, 2)},
              {"VaR 95 / CVaR 95", pct(m.var_95) + " / " + pct(m.cvar_95)},
              {"VaR 99 / CVaR 99", pct(m.var_99) + " / " + pct(m.cvar_99)},
              {"VaR 95 / CVaR 95 (normal)",
               pct(m.var_95_parametric) + " / " + pct(m.cvar_95_parametric)},
              {"VaR 99 / CVaR 99 (normal)",
               pct(m.var_99_parametric) + " / " + pct(m.cvar_99_parametric)},
              {"days", std::to_string(m.days)}});
  html += "</div><div><h3>Trades</h3>" +
    kv_table({{"trades", std::to_string(m.trades)}, {"win rate", pct(m.win_rate)},
              {"profit factor", cell(m.profit_factor)}, {"expectancy", cell(m.expectancy)},
              {"average win", cell(m.avg_win)}, {"average loss", cell(m.avg_loss)},
              {"Kelly", cell(m.kelly)}, {"exposure", pct(m.exposure)},
              {"net P&L", fixed(m.net_pnl, 2)}});
  html += "</div><div><h3>Monte Carlo (" + std::to_string(mc.runs) + " runs, seed " +
          std::to_string(mc.seed) + ")</h3>" +
    kv_table({{"ruin level", pct(mc.ruin_level)}, {"P(ruin)", pct(mc.ruin_probability)},
              {"final equity p5 / p50 / p95", fixed(mc.final_equity.p5, 2) + " / " +
                 fixed(mc.final_equity.p50, 2) + " / " + fixed(mc.final_equity.p95, 2)},
              {"max drawdown p5 / p50 / p95", pct(mc.max_drawdown.p5) + " / " +
                 pct(mc.max_drawdown.p50) + " / " + pct(mc.max_drawdown.p95)}});
  return html + "</div></div>";
}

// tickline optimize's ranked candidates: rank, parameters, score and results (the
// first 100 rows).
std::string optimization_table(const nlohmann::json& opt) {
  std::string html = "<h2>Optimization</h2><p>" + html_escape(opt.value("method", std::string{})) +
                     (opt.value("halving", false) ? " with successive halving" : "") +
                     ", objective " + html_escape(opt.value("objective", std::string{})) + ", " +
                     std::to_string(opt.value("candidates", nlohmann::json::array()).size()) +
                     " candidates</p><table><tr><th>rank</th>";
  const auto rows = opt.value("candidates", nlohmann::json::array());
  std::vector<std::string> names;
  if (!rows.empty()) {
    const auto first = rows.front().value("params", nlohmann::json::object());
    for (const auto& [name, value] : first.items())
      names.push_back(name);
  }
  for (const auto& n : names)
    html += "<th>" + html_escape(n) + "</th>";
  html += "<th>score</th><th>trades</th><th>P&amp;L</th><th>final equity</th><th>data</th></tr>";
  auto cell = [](const nlohmann::json& v, int decimals) {
    return "<td>" + (v.is_number() ? fixed(v.get<double>(), decimals) : std::string{"&ndash;"}) + "</td>";
  };
  std::size_t shown = 0;
  for (const auto& r : rows) {
    if (++shown > 100)
      break;
    html += "<tr><td>" + std::to_string(r.value("rank", 0)) + "</td>";
    const auto params = r.value("params", nlohmann::json::object());
    for (const auto& n : names)
      html += cell(params.contains(n) ? params[n] : nlohmann::json{}, 4);
    html += cell(r.value("score", nlohmann::json{}), 4) + cell(r.value("trades", nlohmann::json{}), 0) +
            cell(r.value("pnl", nlohmann::json{}), 2) + cell(r.value("final_equity", nlohmann::json{}), 2) +
            "<td>" + pct(r.value("data_fraction", 1.0)) + "</td></tr>";
  }
  return html + "</table>";
}

// The walk-forward windows: in-sample best parameters and score, out-of-sample results;
// where learning was applied too, its out-of-sample results beside learning off's, and
// the totals of both.
std::string walk_forward_table(const nlohmann::json& wf) {
  bool learning = false;
  for (const auto& w : wf)
    learning = learning || w.contains("learning");
  auto num = [](const nlohmann::json& v, int decimals) {
    return "<td>" + (v.is_number() ? fixed(v.get<double>(), decimals) : std::string{"&ndash;"}) + "</td>";
  };
  auto text = [](const nlohmann::json& v) {
    return "<td>" + html_escape(v.is_string() ? v.get<std::string>() : std::string{}) + "</td>";
  };
  std::string html = "<h2>Walk-forward</h2><table><tr><th>in sample</th><th>out of sample</th>"
                     "<th>parameters</th><th>in-sample score</th><th>score</th><th>trades</th>"
                     "<th>P&amp;L</th>";
  if (learning)
    html += "<th>learning: model</th><th>score</th><th>trades</th><th>P&amp;L</th>";
  html += "</tr>";
  double pnl = 0, lpnl = 0;
  std::size_t trades = 0, ltrades = 0;
  for (const auto& w : wf) {
    std::string params;
    const auto parameters = w.value("parameters", nlohmann::json::object());
    for (const auto& [name, value] : parameters.items())
      params += (params.empty() ? "" : ", ") + name + " = " +
                (value.is_number() ? fixed(value.get<double>(), 4) : value.dump());
    html += "<tr>" + text(w.value("in_sample_from", "")) + text(w.value("out_of_sample_from", "")) +
            "<td>" + html_escape(params) + "</td>" + num(w.value("in_sample_score", nlohmann::json{}), 4) +
            num(w.value("out_of_sample_score", nlohmann::json{}), 4) +
            num(w.value("out_of_sample_trades", nlohmann::json{}), 0) +
            num(w.value("out_of_sample_pnl", nlohmann::json{}), 2);
    pnl += w.value("out_of_sample_pnl", nlohmann::json{}).is_number() ? w["out_of_sample_pnl"].get<double>() : 0;
    trades += w.value("out_of_sample_trades", std::size_t{0});
    if (learning) {
      const auto l = w.value("learning", nlohmann::json::object());
      html += "<td>v" + std::to_string(l.value("model_version", std::uint64_t{0})) + "</td>" +
              num(l.value("out_of_sample_score", nlohmann::json{}), 4) +
              num(l.value("out_of_sample_trades", nlohmann::json{}), 0) +
              num(l.value("out_of_sample_pnl", nlohmann::json{}), 2);
      lpnl += l.value("out_of_sample_pnl", nlohmann::json{}).is_number() ? l["out_of_sample_pnl"].get<double>() : 0;
      ltrades += l.value("out_of_sample_trades", std::size_t{0});
    }
    html += "</tr>";
  }
  html += "<tr><th colspan=\"5\">total out of sample</th><th>" + std::to_string(trades) + "</th><th>" +
          fixed(pnl, 2) + "</th>";
  if (learning)
    html += "<th></th><th></th><th>" + std::to_string(ltrades) + "</th><th>" + fixed(lpnl, 2) + "</th>";
  return html + "</tr></table>";
}

const char* const style =
  "body{font-family:sans-serif;margin:24px;color:#222}"
  "table{border-collapse:collapse;margin:4px 0 16px}"
  "th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;font-size:13px}"
  "th{background:#f4f4f4}.chart{width:100%;max-width:900px;border:1px solid #eee}"
  ".axis{font-size:11px;fill:#555}.cols{display:flex;flex-wrap:wrap;gap:24px}";

} // namespace

std::string report_html(const backtest_report& report, const backtest_inputs& in,
                        const nlohmann::json& optimization, const nlohmann::json& walk_forward) {
  std::vector<std::int64_t> ts;
  std::vector<double> eq;
  for (const auto& p : in.equity) {
    ts.push_back(p.ts_ns);
    eq.push_back(p.equity);
  }
  auto dd = drawdowns(in.equity, in.starting_equity).drawdown;
  for (auto& d : dd)
    d = -d;
  const auto& a = report.attribution;
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<title>tickline backtest report</title><style>";
  html += style;
  html += "</style></head><body><h1>Backtest report</h1>";
  html += metric_tables(report.metrics, report.monte_carlo);
  html += "<h2>Equity</h2>" + line_chart(ts, eq, "#1565c0", false, [](double y) {
            return fixed(y, 0);
          });
  html += "<h2>Drawdown</h2>" + line_chart(ts, dd, "#c62828", true, pct);
  html += "<h2>Monthly returns</h2>" + monthly_table(report.monthly_returns);
  html += "<h2>Trade P&amp;L distribution</h2>" + pnl_histogram(in.trades);
  html += "<h2>Attribution</h2><div class=\"cols\">";
  html += attribution_table("By detector", a.by_detector);
  html += attribution_table("By pattern", a.by_pattern);
  html += attribution_table("By symbol", a.by_symbol);
  html += attribution_table("By exit reason", a.by_exit_reason);
  html += attribution_table("By hour (UTC)", a.by_hour);
  html += attribution_table("By weekday (UTC)", a.by_weekday);
  html += "</div>";
  if (walk_forward.is_array() && !walk_forward.empty())
    html += walk_forward_table(walk_forward);
  if (!optimization.is_null())
    html += optimization_table(optimization);
  return html + "</body></html>\n";
}

} // namespace tickline::analytics
