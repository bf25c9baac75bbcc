#include "actors/trading/trade_log/trade_logger_view.hpp"

#include <nlohmann/json.hpp>

#include "actors/trading/trade_log/trade_logger_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string view_json(const trade_logger_state& s) {
  using json = nlohmann::ordered_json;
  auto pending = json::array();
  for (const auto& [id, p] : s.pending())
    pending.push_back({{"intent_id", id}, {"symbol", p.intent.symbol},
                       {"decided", p.decision.has_value()}});
  return json{{"entries", s.entries()}, {"exits", s.exits()}, {"denied", s.denied()},
              {"last_seq", s.last_seq()}, {"pending", pending}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
