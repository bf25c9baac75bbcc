#include "actors/trading/portfolio/portfolio_view.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/trading/portfolio/portfolio_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string positions_json(const portfolio_state& book) {
  auto out = nlohmann::json::array();
  for (const auto& [sym, h] : book.holdings()) {
    if (h.qty == 0)
      continue;
    out.push_back({{"symbol", sym},
                   {"qty", h.qty},
                   {"avg_price", h.avg_price},
                   {"last_price", h.mark},
                   {"unrealized_pnl", (h.mark - h.avg_price) * h.qty},
                   {"realized_pnl", h.realized_pnl}});
  }
  return out.dump(-1, ' ', false, invalid_utf8) + "\n";
}

std::string view_json(const portfolio_state& book) {
  auto holdings = nlohmann::ordered_json::object();
  for (const auto& [symbol, h] : book.holdings())
    holdings[symbol] = {{"qty", h.qty},         {"avg_price", h.avg_price},
                        {"mark", h.mark},       {"mark_ns", h.mark_ns},
                        {"realized_pnl", h.realized_pnl}, {"fees", h.fees}};
  return nlohmann::ordered_json{{"cash", book.cash()},
                                {"starting_cash", book.starting_cash()},
                                {"equity", book.equity()},
                                {"realized_pnl", book.realized_pnl()},
                                {"unrealized_pnl", book.unrealized_pnl()},
                                {"fees", book.fees()},
                                {"gross_exposure", book.gross_exposure()},
                                {"net_exposure", book.net_exposure()},
                                {"peak_equity", book.peak_equity()},
                                {"max_drawdown_pct", book.max_drawdown_pct()},
                                {"day_pnl", book.day_pnl()},
                                {"ignored_fills", book.ignored_fills()},
                                {"duplicate_fills", book.duplicate_fills()},
                                {"holdings", holdings}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
