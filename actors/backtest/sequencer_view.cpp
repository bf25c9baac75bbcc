#include "actors/backtest/sequencer_view.hpp"

#include <nlohmann/json.hpp>

#include "actors/backtest/sequencer_state.hpp"

namespace tickline {

std::string view_json(const sequencer_state& s) {
  return nlohmann::ordered_json{{"held", s.held()}, {"releases", s.releases()}}.dump();
}

} // namespace tickline
