#include "tools/cli/indicators_command.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "actors/market_data/csv_market_data.hpp"
#include "actors/signals/scanner_state.hpp"
#include "config/durations.hpp"
#include "config/indicator_spec.hpp"

namespace tickline::cli {

namespace {

// Splits "sma(20),bbands(20,2)" at the commas outside parentheses.
std::vector<std::string> split_specs(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    depth += c == '(' ? 1 : (c == ')' ? -1 : 0);
    if (c == ',' && depth == 0) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty())
    out.push_back(cur);
  return out;
}

int bad_input(const std::string& message) {
  std::cerr << "tickline indicators: " << message << "\n";
  return 2;
}

} // namespace

int run_indicators(const indicators_options& o) {
  scanner_settings settings;
  for (const auto& text : split_specs(o.indicators)) {
    std::string err;
    auto spec = parse_indicator_spec(text, &err);
    if (!spec)
      return bad_input("--indicators: " + err);
    settings.indicators.push_back(*spec);
  }
  csv_data data;
  try {
    data = read_market_csv(o.data, "DATA");
  } catch (const std::exception& e) {
    return bad_input(e.what());
  }
  std::size_t shown = 0;
  for (const auto& p : data.problems)
    if (shown++ < 20)
      std::cerr << p.where << ": skipped: " << p.message << "\n";
  if (data.problems.size() > 20)
    std::cerr << data.problems.size() << " rows skipped in all\n";

  std::int64_t tf_s = data.trades.empty() ? data.timeframe_s : 60;
  if (!o.timeframe.empty()) {
    auto ns = parse_duration_ns(o.timeframe);
    if (!ns || *ns % 1'000'000'000 != 0)
      return bad_input("--timeframe: expected whole seconds such as 1m, 1h or 1d, got \""
                       + o.timeframe + "\"");
    tf_s = *ns / 1'000'000'000;
  }
  if (!data.bars.empty() && (tf_s < data.timeframe_s || tf_s % data.timeframe_s != 0))
    return bad_input("--timeframe " + o.timeframe + " is not a multiple of the data's "
                     + format_duration(data.timeframe_s * 1'000'000'000) + " bars");
  settings.timeframes_s = {tf_s};
  scanner_state scanner{"DATA", settings};

  std::ofstream file;
  if (!o.out.empty()) {
    file.open(o.out, std::ios::trunc);
    if (!file)
      return bad_input(o.out + ": cannot write");
  }
  std::ostream& out = o.out.empty() ? std::cout : file;
  const auto& columns = scanner.timeframes()[0].indicators.columns();
  out << "open_time,close";
  for (const auto& c : columns)
    out << ',' << c;
  out << '\n';
  std::vector<bar> closed;
  char buf[64];
  auto write_closed = [&] {
    for (const auto& b : closed) {
      out << b.open_ns / 1'000'000;
      std::snprintf(buf, sizeof(buf), ",%.12g", b.close);
      out << buf;
      const auto& set = scanner.timeframes()[0].indicators;
      for (std::size_t i = 0; i < columns.size(); ++i)
        out << ',' << set.text(i);
      out << '\n';
    }
    closed.clear();
  };
  for (const auto& b : data.bars) {
    scanner.on_bar(b, closed);
    write_closed();
  }
  for (const auto& t : data.trades) {
    scanner.on_trade(t, closed);
    write_closed();
  }
  return out ? 0 : bad_input("write failed");
}

} // namespace tickline::cli
