#include "actors/feeds/feed_views.hpp"

#include <climits>

#include <nlohmann/json.hpp>

#include "actors/feeds/binance_stream_state.hpp"
#include "actors/feeds/csv_replay_state.hpp"
#include "actors/feeds/webhook_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

using json = nlohmann::ordered_json;

std::string view_json(const csv_replay_state& s) {
  auto problems = json::array();
  for (const auto& p : s.problems())
    problems.push_back({{"where", p.where}, {"message", p.message}});
  const auto next = s.next_ns();
  return json{{"symbols", s.symbols()}, {"replayed", s.replayed()}, {"skipped", s.skipped()},
              {"done", s.done()}, {"next_ns", next == INT64_MAX ? json(nullptr) : json(next)},
              {"problems", problems}}
    .dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const binance_stream_state& s) {
  return json{{"symbols", s.symbols()}, {"counts", s.counts().by_name()}}.dump(-1, ' ', false, invalid_utf8);
}

std::string view_json(const webhook_state& s) {
  return json{{"counts", s.counts().by_name()}}.dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
