#include "actors/trading/portfolio/portfolio_view.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/trading/portfolio/portfolio_state.hpp"

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
  return out.dump() + "\n";
}

} // namespace tickline
