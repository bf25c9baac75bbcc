#include "actors/trading/orders/order_manager_state.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

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

bool order_manager_state::holds_live(const std::string& symbol) const {
  if (reconciling())
    return true;
  for (const auto& [id, o] : orders_)
    if (o.spec.request.symbol == symbol && !o.terminal())
      return true;
  if (nearly_equal(net_position(symbol), 0))
    return false;
  // A position is open: it holds the symbol, unless all that is left of it are brackets
  // whose close the venue refuses (dust below its lot size), which nothing the strategy
  // does could change.
  bool refused_only = false;
  for (const auto& [id, b] : brackets_) {
    if (b.symbol != symbol || !positive_qty(open_qty(b)))
      continue;
    if (!close_refused_.count(id))
      return true;
    refused_only = true;
  }
  return !refused_only;
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

std::vector<std::string> order_manager_state::exit_violations(bool with_cancels) const {
  auto num = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.10g", x);
    return std::string{buf};
  };
  std::vector<std::string> out;
  std::map<std::string, std::array<double, 2>> by_symbol;  // sells, buys of armed brackets
  // Only brackets with exits not done can break them: the index of those is small.
  for (const auto& [entry, ids] : live_exits_) {
    const auto bt = brackets_.find(entry);
    if (bt == brackets_.end())
      continue;
    const auto& b = bt->second;
    double stops = 0, targets = 0, closes = 0;
    int live_stops = 0;
    for (const auto& id : ids) {
      const auto* o = find(id);
      if (!o || o->terminal())
        continue;
      if (o->spec.role == order_role::stop)
        ++live_stops;  // a stop whose cancel is on the way is still at the venue
      if (!with_cancels && !o->working())
        continue;
      auto& into = o->spec.role == order_role::stop          ? stops
                   : o->spec.role == order_role::take_profit ? targets
                                                             : closes;
      into += o->remaining();
    }
    if (live_stops > 1)
      out.push_back(entry + " (" + b.symbol + "): " + std::to_string(live_stops)
                    + " stops live for one position");
    // The stop and the targets are one exit group: together they sell no more than the
    // larger of the two.
    const double exposure = std::max(stops, targets) + closes;
    const double open = open_qty(b);
    if (exposure > open && !nearly_equal(exposure, open))
      out.push_back(entry + " (" + b.symbol + "): exits for " + num(exposure) + " (stop "
                    + num(stops) + ", targets " + num(targets) + ", closes " + num(closes)
                    + ") above the open " + num(open));
    if (b.armed)
      by_symbol[b.symbol][b.sd == side::buy ? 0 : 1] += exposure;
  }
  for (const auto& [symbol, exits] : by_symbol) {
    const double net = net_position(symbol);
    const double longs = std::max(0.0, net), shorts = std::max(0.0, -net);
    if (exits[0] > longs && !nearly_equal(exits[0], longs))
      out.push_back(symbol + ": sell exits for " + num(exits[0]) + " above the position "
                    + num(net));
    if (exits[1] > shorts && !nearly_equal(exits[1], shorts))
      out.push_back(symbol + ": buy exits for " + num(exits[1]) + " above the position "
                    + num(net));
  }
  return out;
}

} // namespace tickline
