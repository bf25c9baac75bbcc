#pragma once

#include <string>

namespace tickline::cli {

/// Options of `tickline trades export`.
struct trades_export_options {
  std::string data_dir;    ///< A node's data directory (node.data_dir); its database is DIR/db.
  std::string out;         ///< Output JSONL file; default standard output.
};

/// Writes the "trades" journal of a (running or stopped) node's data directory, opened
/// read-only, as JSONL: one record per line, oldest first (keys in docs/trading.md).
/// Returns the exit status: 0 (also for an empty log), 1 when the database cannot be
/// read, 2 for bad input (named on stderr).
int run_trades_export(const trades_export_options& o);

} // namespace tickline::cli
