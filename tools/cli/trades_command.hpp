#pragma once

#include <string>

namespace tickline::cli {

/// Options of `tickline trades export`.
struct trades_export_options {
  std::string data_dir;    ///< A node's data directory (node.data_dir); its database is DIR/db.
  std::string out;         ///< Output JSONL file; default standard output.
  bool fills = false;      ///< One line per fill, as journaled; default one per order.
};

/// Writes the "trades" journal of a (running or stopped) node's data directory, opened
/// read-only, as JSONL, oldest first (keys in docs/trading.md): one line per order, its
/// partial fills folded into one (fill_aggregator), or with `fills` one per fill.
/// Returns the exit status: 0 (also for an empty log), 1 when the database cannot be
/// read, 2 for bad input (named on stderr).
int run_trades_export(const trades_export_options& o);

} // namespace tickline::cli
