#include "actors/signals/signal_log_view.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/signals/signal_log_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string signals_json(const signal_log_state& log, std::uint64_t since) {
  const auto& recent = log.recent();
  const std::uint64_t first = log.total() - recent.size() + 1;
  auto list = nlohmann::json::array();
  for (std::size_t i = 0; i < recent.size(); ++i) {
    const auto seq = first + i;
    if (seq <= since)
      continue;
    auto j = nlohmann::json::parse(signal_log_state::to_json(recent[i]));
    j["seq"] = seq;
    list.push_back(std::move(j));
  }
  return nlohmann::json{{"next", log.total()}, {"signals", std::move(list)}}.dump(-1, ' ', false, invalid_utf8) + "\n";
}

std::string view_json(const signal_log_state& log) {
  const auto& r = log.recent();
  auto newest = nlohmann::ordered_json::array();
  // The newest ten: a whole log would drown the view.
  for (auto i = r.size() > 10 ? r.size() - 10 : 0; i < r.size(); ++i)
    newest.push_back(nlohmann::ordered_json::parse(signal_log_state::to_json(r[i])));
  return nlohmann::ordered_json{{"total", log.total()}, {"kept", r.size()}, {"newest", newest}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
