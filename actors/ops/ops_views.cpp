#include "actors/ops/ops_views.hpp"

#include <nlohmann/json.hpp>

#include "actors/ops/alerts_state.hpp"
#include "actors/ops/http_api_state.hpp"
#include "actors/ops/stream_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

using json = nlohmann::ordered_json;

std::string view_json(const alerts_state& s) {
  auto rules = json::object();
  for (const auto& r : s.rules())
    rules[r.name] = {{"sent", s.sent(r.name)}, {"held", s.held(r.name)}};
  return json{{"trading_state", s.trading_state()}, {"rules", rules}}.dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const http_api_state& s) {
  return json{{"requests", s.requests()}, {"refused", s.refused()},
              {"controls_accepted", s.controls_accepted()},
              {"controls_refused", s.controls_refused()}, {"trades_kept", s.trades().size()}}
    .dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const stream_state& s) {
  return json{{"risk_state", s.risk_state()}, {"counts", s.counts()}}.dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
