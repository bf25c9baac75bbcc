#pragma once

#include <string>

namespace tickline::cli {

/// Options of `tickline learning report`.
struct learning_report_options {
  std::string data_dir;   ///< A node's data directory (node.data_dir); its database is DIR/db.
  std::string html;       ///< Also write the report as one HTML page here; empty: no.
  std::size_t top = 20;   ///< Rows per symbol-level table.
};

/// What a node's learning daemon learned, read offline from its data directory (opened
/// read-only, so the node may be running): per horizon the pooled (detector, pattern) rows
/// with their outcomes, hit rate, mean return and excursions and the weight in use, the
/// best (detector, pattern, symbol, regime) rows, the trades by the signal that opened
/// them, and the weight versions of the `learning` journal. Returns the exit status: 0,
/// 1 when the database cannot be read or the model does not decode, 2 for bad input.
int run_learning_report(const learning_report_options& o);

} // namespace tickline::cli
