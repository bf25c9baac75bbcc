#include "actors/broker/paper_broker_view.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "actors/broker/paper_broker_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string view_json(const paper_broker_state& b) {
  using json = nlohmann::ordered_json;
  const auto& ledger = b.ledger();
  json positions = json::object();
  std::set<std::string> symbols;
  for (const auto& [symbol, qty] : ledger.positions()) {
    positions[symbol] = qty;
    symbols.insert(symbol);
  }
  json last = json::object();
  json seen = json::object();
  for (const auto& symbol : symbols) {
    const auto book = b.book_symbol(symbol);
    if (book.has_last)
      last[symbol] = book.last_price;
    seen[symbol] = {{"trade_id", book.seen.trade_id}, {"bar_close_ns", book.seen.bar_close_ns},
                    {"quote_ns", book.seen.quote_ns}};
  }
  return json{{"cash", ledger.cash()},
              {"starting_cash", ledger.starting_cash()},
              {"positions", positions},
              {"last_prices", last},
              {"working_orders", b.working_orders()},
              {"orders", ledger.orders().size()},
              {"fills", ledger.fills().size()},
              {"last_exec_id", ledger.fills().empty() ? "" : ledger.fills().back().exec_id},
              {"seen", seen},
              {"replayed", b.replayed()}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
