#pragma once

#include <string>

namespace CLI {
class App;
}

namespace tickline::cli {

/// Options of `tickline generate`, as typed.
struct generate_options {
  std::string out;          ///< Output directory.
  int symbols = 10;         ///< 1..10000.
  std::string from;         ///< YYYY-MM-DD or ISO-8601, UTC unless zoned.
  std::string to;           ///< Same; after `from`.
  std::string kind = "trades";  ///< trades|klines.
  unsigned long long seed = 42;
  double rate = 0;          ///< Trades per second per symbol; 0 = 1 for trades, 0.1 for klines.
  std::string plant;        ///< "PATTERN:MOVE:BARS": an edge planted after a pattern; empty: none.
};

/// Adds the `generate` subcommand, filling `o`; returns it.
CLI::App* add_generate_command(CLI::App& app, generate_options& o);

/// Writes the synthetic data and prints a one-line summary. Returns the exit status: 0,
/// 1 when a file cannot be written, or 2 for bad options (named on stderr).
int run_generate(const generate_options& o);

} // namespace tickline::cli
