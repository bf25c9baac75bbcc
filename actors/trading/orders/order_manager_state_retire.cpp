#include <algorithm>
#include <cstdlib>
#include <set>

#include "actors/trading/orders/order_manager_state.hpp"

namespace tickline {

std::size_t order_manager_state::retire_done(std::int64_t before_ns) {
  auto old_and_over = [&](const std::string& id) {
    const auto* o = find(id);
    return !o || (o->terminal() && o->updated_ns < before_ns);
  };
  std::set<std::string> keep;  // orders a bracket still needs
  std::size_t forgotten = 0;
  for (auto it = brackets_.begin(); it != brackets_.end();) {
    const auto& b = it->second;
    const bool over = live_exits(b.entry_id).empty() && open_qty(b) == 0 &&
                      deferred_.count(b.entry_id) == 0 && old_and_over(b.entry_id) &&
                      std::all_of(b.exit_ids.begin(), b.exit_ids.end(), old_and_over);
    if (!over) {
      keep.insert(b.entry_id);
      keep.insert(b.exit_ids.begin(), b.exit_ids.end());
      ++it;
      continue;
    }
    if (const auto* entry = find(b.entry_id))
      intents_.erase(entry->spec.intent_id);
    close_refused_.erase(b.entry_id);
    live_exits_.erase(b.entry_id);
    it = brackets_.erase(it);
  }
  for (auto it = orders_.begin(); it != orders_.end();) {
    const auto& o = it->second;
    if (keep.count(it->first) != 0 || !o.terminal() || o.updated_ns >= before_ns ||
        awaiting_.count(it->first) != 0) {
      ++it;
      continue;
    }
    it = orders_.erase(it);
    ++forgotten;
  }
  retired_ += forgotten;
  return forgotten;
}

bool order_manager_state::is_retired(const std::string& client_order_id) const {
  if (retired_ == 0 || find(client_order_id))
    return false;
  const auto& prefix = cfg_.client_id_prefix;
  if (client_order_id.size() <= prefix.size() + 1 ||
      client_order_id.compare(0, prefix.size(), prefix) != 0 ||
      client_order_id[prefix.size()] != '-')
    return false;
  // "<session>-<seq>", issued already: an earlier session, or this one's below the next.
  const char* p = client_order_id.c_str() + prefix.size() + 1;
  char* end = nullptr;
  const auto session = std::strtoull(p, &end, 10);
  if (end == p || *end != '-')
    return false;
  p = end + 1;
  const auto seq = std::strtoull(p, &end, 10);
  if (end == p || *end != '\0')
    return false;
  return session >= 1 && (session < session_ || (session == session_ && seq < next_seq_));
}

} // namespace tickline
