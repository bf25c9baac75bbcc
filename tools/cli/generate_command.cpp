#include "tools/cli/generate_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "actors/market_data/market_data_generator.hpp"
#include "actors/node/planted_edge.hpp"
#include "config/civil_time.hpp"

namespace tickline::cli {

namespace {

int bad_input(const std::string& message) {
  std::cerr << "tickline generate: " << message << "\n";
  return 2;
}

} // namespace

CLI::App* add_generate_command(CLI::App& app, generate_options& o) {
  auto* cmd = app.add_subcommand("generate", "Write synthetic market data as Binance CSV, one file per symbol");
  cmd->add_option("--out", o.out, "Output directory (created when missing)")->required();
  cmd->add_option("--symbols", o.symbols, "Number of symbols, 1..10000")->required();
  cmd->add_option("--from", o.from, "Start, YYYY-MM-DD or ISO-8601 (UTC)")->required();
  cmd->add_option("--to", o.to, "End (exclusive), YYYY-MM-DD or ISO-8601 (UTC)")->required();
  cmd->add_option("--kind", o.kind, "trades or klines (1m)")->capture_default_str();
  cmd->add_option("--seed", o.seed, "Seed: the same seed writes the same bytes")->capture_default_str();
  cmd->add_option("--rate", o.rate, "Mean trades per second per symbol (default 1; 0.1 for klines)");
  cmd->add_option("--plant", o.plant,
                  "PATTERN:MOVE:BARS: after each PATTERN signal on the 1-minute bars (the "
                  "default pattern detector) the price drifts MOVE (a fraction) its way over "
                  "BARS minutes, e.g. breakout:0.004:5");
  return cmd;
}

int run_generate(const generate_options& o) {
  generate_request r;
  r.out_dir = o.out;
  r.symbols = o.symbols;
  r.seed = o.seed;
  if (o.kind == "trades")
    r.kind = generated_kind::trades;
  else if (o.kind == "klines")
    r.kind = generated_kind::klines;
  else
    return bad_input("--kind: expected trades or klines, got \"" + o.kind + "\"");
  auto from = parse_utc_instant_ns(o.from);
  if (!from)
    return bad_input("--from: expected YYYY-MM-DD or an ISO-8601 time, got \"" + o.from + "\"");
  auto to = parse_utc_instant_ns(o.to);
  if (!to)
    return bad_input("--to: expected YYYY-MM-DD or an ISO-8601 time, got \"" + o.to + "\"");
  r.from_ns = *from;
  r.to_ns = *to;
  r.rate = o.rate != 0 ? o.rate : (r.kind == generated_kind::trades ? 1.0 : 0.1);
  if (auto err = check_generate_request(r); !err.empty())
    return bad_input(err);
  if (!o.plant.empty()) {
    std::string error;
    auto edge = parse_planted_edge(o.plant, error);
    if (!edge)
      return bad_input(error);
    r.shaper = edge_shaper(*edge);
  }
  auto files = generate_market_data(r);
  std::uint64_t rows = 0;
  for (const auto& f : files)
    rows += f.rows;
  std::cout << "wrote " << files.size() << " file(s), " << rows << " "
            << (r.kind == generated_kind::trades ? "trades" : "klines") << ", "
            << format_iso8601_utc(r.from_ns) << " .. " << format_iso8601_utc(r.to_ns) << ", to "
            << o.out << (o.plant.empty() ? "" : ", edge planted: " + o.plant) << "\n";
  return 0;
}

} // namespace tickline::cli
