#include "actors/trading/orders/order_manager_state.hpp"

#include <algorithm>

// Read-only views of the order manager's state: lookups, net positions, and what a fill
// was for (the trade log's context). Nothing here changes the state.

namespace tickline {

// -- inspection ----------------------------------------------------------------------------

const managed_order* order_manager_state::find(const std::string& client_order_id) const {
  const auto it = orders_.find(client_order_id);
  return it == orders_.end() ? nullptr : &it->second;
}

const bracket* order_manager_state::find_bracket(const std::string& entry_id) const {
  const auto it = brackets_.find(entry_id);
  return it == brackets_.end() ? nullptr : &it->second;
}

std::vector<position> order_manager_state::positions() const {
  std::vector<position> out;
  for (const auto& [symbol, p] : positions_)
    if (p.qty != 0)
      out.push_back(p);
  return out;
}

bool order_manager_state::seen_fill(const fill& f) const {
  const auto key = fill_key(f);
  const auto* o = find(f.client_order_id);
  if (!o)
    return stray_fills_.count(key) != 0;
  return std::find(o->fill_keys.begin(), o->fill_keys.end(), key) != o->fill_keys.end();
}

double order_manager_state::net_position(const std::string& symbol) const {
  const auto it = positions_.find(symbol);
  return it == positions_.end() ? 0 : it->second.qty;
}

// -- what a fill was for -------------------------------------------------------------------

booked_fill order_manager_state::booked(const fill& f) const {
  booked_fill out;
  out.fill = f;
  const auto* o = find(f.client_order_id);
  if (!o)
    return out;
  const auto& spec = o->spec;
  const bracket* b = nullptr;
  if (spec.role == order_role::entry) {
    out.purpose = "entry";
  } else if (spec.role == order_role::flatten) {
    // The emergency stop's reason names it ("command emergency_stop by ...").
    out.purpose = spec.tag.find("emergency_stop") != std::string::npos ? "emergency_stop"
                                                                      : "flatten";
    for (const auto& [id, candidate] : brackets_)
      if (candidate.symbol == spec.request.symbol && positive_qty(open_qty(candidate))
          && (!b || candidate.opened_ns > b->opened_ns))
        b = &candidate;
  } else {
    b = find_bracket(spec.bracket);
    if (spec.role == order_role::take_profit) {
      out.purpose = "take_profit";
    } else if (spec.role == order_role::stop) {
      const auto* entry = find(spec.bracket);
      const bool moved = entry && !nearly_equal(spec.request.stop_price, entry->spec.stop_loss);
      out.purpose = moved ? "trailing_stop" : "stop_loss";
    } else {
      // A bracket is closed at market when held too long or when its stop was refused.
      bool refused = false;
      for (const auto& id : b ? b->exit_ids : std::vector<std::string>{})
        if (const auto* x = find(id); x && x->spec.role == order_role::stop
                                      && x->state == lifecycle::rejected)
          refused = true;
      out.purpose = refused ? "stop_rejected" : "time_stop";
    }
  }
  const auto* entry = spec.role == order_role::entry ? o : b ? find(b->entry_id) : nullptr;
  if (entry) {
    out.trade_id = entry->id();
    out.intent_id = entry->spec.intent_id;
    out.entry_tag = entry->spec.tag;
  }
  return out;
}

} // namespace tickline
