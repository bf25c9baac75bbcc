#include "actors/market_data/synthetic_market_view.hpp"

#include <nlohmann/json.hpp>

#include "actors/market_data/synthetic_market_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string view_json(const synthetic_market_state& s) {
  using json = nlohmann::ordered_json;
  auto prices = json::object();
  for (std::size_t i = 0; i < s.symbols().size(); ++i)
    prices[s.symbols()[i]] = s.price(i);
  return json{{"cursor_ns", s.cursor_ns()}, {"prices", prices}, {"whales", s.whales_generated()},
              {"gaps", s.gaps_generated()}, {"bursts", s.bursts_generated()}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
