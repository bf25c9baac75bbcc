#include "actors/trading/strategy/strategy_view.hpp"

#include <nlohmann/json.hpp>

#include "actors/trading/strategy/strategy_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string view_json(const strategy_state& s) {
  using json = nlohmann::ordered_json;
  auto symbols = json::object();
  for (const auto& symbol : s.symbols()) {
    const auto atr = s.atr_of(symbol);
    symbols[symbol] = {{"open_intent", s.open_intent(symbol)},
                       {"atr", atr ? json(*atr) : json(nullptr)},
                       {"realized_vol", s.realized_vol(symbol)},
                       {"regime", s.regime_of(symbol)}};
  }
  return json{{"wins", s.wins()}, {"losses", s.losses()}, {"weights", s.weights()},
              {"learned", s.learned()}, {"learned_version", s.learned_version()},
              {"last_sizing", s.last_sizing().to_string()}, {"symbols", symbols}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
