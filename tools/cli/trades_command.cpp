#include "tools/cli/trades_command.hpp"
#include "tools/common/node_db.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "actors/trading/trade_log/trade_records.hpp"
#include "storage/journal.hpp"
#include "storage/store.hpp"

namespace tickline::cli {

namespace {

int bad_input(const std::string& message) {
  std::cerr << "tickline trades export: " << message << "\n";
  return 2;
}

} // namespace

int run_trades_export(const trades_export_options& o) {
  int status = 0;
  auto db = open_node_db(o.data_dir, "tickline trades export", status);
  if (!db)
    return status;
  std::ofstream file;
  if (!o.out.empty()) {
    file.open(o.out, std::ios::trunc);
    if (!file)
      return bad_input("--out " + o.out + ": cannot open for writing");
  }
  std::ostream& out = o.out.empty() ? std::cout : file;
  journal trades{db, "trades"};
  // In pages; per fill nothing is held, per order one folded record per order.
  constexpr std::size_t page = 1000;
  std::uint64_t next = 1;
  fill_aggregator orders;
  for (;;) {
    auto entries = trades.read_from(next, page);
    for (const auto& e : entries) {
      if (o.fills)
        out << e.payload << '\n';
      else
        orders.add(e.payload);
    }
    if (entries.size() < page)
      break;
    next = entries.back().seq + 1;
  }
  if (!o.fills)
    for (const auto& line : orders.lines())
      out << line << '\n';
  out.flush();
  if (!out) {
    std::cerr << "tickline trades export: cannot write " << (o.out.empty() ? "standard output" : o.out)
              << "\n";
    return 1;
  }
  return 0;
}

} // namespace tickline::cli
