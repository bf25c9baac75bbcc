#pragma once

// Whether the books of a stopped node agree: the order journal (replayed as the order
// manager would), the paper broker's books, the portfolio's snapshot and the trade log,
// per order and per symbol; and whether the exits working at the broker fit the
// positions (one stop per exit group, no more to sell than is held). Read-only; used by `tickline-inspect verify` and the crash
// tests. No CAF.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tickline {

class store;

/// What the books say and where they disagree.
struct books_report {
  bool trading = false;  ///< False when the data dir has no order journal and no broker.
  /// Net position per symbol as each book has it (flat symbols left out).
  std::map<std::string, double> order_manager, broker, portfolio, trade_log;
  std::size_t fills_booked = 0;    ///< Executions the order manager booked (after the journal's checkpoint).
  std::size_t broker_fills = 0;    ///< Executions in the broker's books.
  std::vector<std::string> problems;  ///< Each disagreement, in the order found.
};

/// Checks the books in `db`, whose broker is `broker_name` (e.g. "broker:paper"), to a
/// tolerance of `tolerance` per quantity. A node killed mid-flight can show the broker
/// ahead of the order manager (fills it sent that were never journaled) until the next
/// start reconciles them: check a data dir after a graceful stop.
books_report check_books(const std::shared_ptr<store>& db, const std::string& broker_name,
                         double tolerance = 1e-9);

} // namespace tickline
