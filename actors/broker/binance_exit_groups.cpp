#include "actors/broker/binance_exit_groups.hpp"

#include <algorithm>

namespace tickline {

namespace {

// Binance's client ids: [A-Za-z0-9-_], at most 36.
constexpr std::size_t max_client_id = 36;
constexpr double qty_epsilon = 1e-9;

std::int64_t ns(std::int64_t ms) { return ms * 1'000'000; }

decimal8 dec(double x) { return decimal8::from_double(x); }

decimal8 minus(decimal8 a, decimal8 b) { return decimal8{a.units > b.units ? a.units - b.units : 0}; }

// A shape the group should have at the venue.
struct shape {
  exit_leg_kind kind;
  std::string stop_engine, limit_engine;
  decimal8 qty, stop_price, limit_price;
};

bool fits(const exit_leg& leg, const shape& s) {
  if (leg.kind != s.kind || leg.stop_engine != s.stop_engine || leg.limit_engine != s.limit_engine)
    return false;
  if (leg.stop_ended || leg.limit_ended)
    return false;  // an OCO half gone, or a plain order over: not what is wanted
  return leg.remaining() == s.qty && leg.stop_price == s.stop_price && leg.limit_price == s.limit_price;
}

} // namespace

std::vector<std::string> exit_leg::venue_ids() const {
  std::vector<std::string> out;
  if (!stop_id.empty())
    out.push_back(stop_id);
  if (!limit_id.empty())
    out.push_back(limit_id);
  return out;
}

decimal8 exit_leg::remaining() const { return minus(qty, std::max(stop_filled, limit_filled)); }

bool binance_exit_groups::owns(const std::string& engine_id) const { return order_group_.count(engine_id) != 0; }

bool binance_exit_groups::add(const order_request& r, std::string& why) {
  if (r.type != order_type::stop && r.type != order_type::limit) {
    why = "an exit group holds stops and limits only";
    return false;
  }
  if (order_group_.count(r.client_order_id)) {
    why = "client order id " + r.client_order_id + " was sent before: never sent twice";
    return false;
  }
  if (!filters_.count(r.symbol)) {
    why = "no exchange filters for " + r.symbol;
    return false;
  }
  auto& g = groups_[r.exit_group];
  if (g.id.empty()) {
    g.id = r.exit_group;
    g.symbol = r.symbol;
    g.sd = r.sd;
  } else if (g.symbol != r.symbol || g.sd != r.sd) {
    why = "exit group " + r.exit_group + " is of " + g.symbol + ", " + to_string(g.sd);
    return false;
  }
  exit_order o;
  o.req = r;
  o.qty = r.qty;
  g.orders.emplace(r.client_order_id, o);
  order_group_[r.client_order_id] = g.id;
  return true;
}

void binance_exit_groups::cancel(const std::string& engine_id, std::int64_t now_ms, std::vector<broker_event>&) {
  auto it = order_group_.find(engine_id);
  if (it == order_group_.end())
    return;
  auto& g = groups_.at(it->second);
  auto& o = g.orders.at(engine_id);
  if (o.ended || o.cancel_requested)
    return;
  o.cancel_requested = true;
  // A stop going while targets stay: its replacement is expected; the targets wait for it.
  if (o.req.type == order_type::stop && !g.stopping)
    g.hold_until_ms = now_ms + regroup_ms_;
}

std::optional<order_status> binance_exit_groups::status(const std::string& engine_id, std::int64_t now_ms) const {
  auto it = order_group_.find(engine_id);
  if (it == order_group_.end())
    return std::nullopt;
  const auto& g = groups_.at(it->second);
  const auto& o = g.orders.at(engine_id);
  order_status s;
  s.client_order_id = engine_id;
  s.symbol = g.symbol;
  s.qty = o.qty;
  s.filled_qty = o.filled;
  s.avg_price = o.filled > 0 ? o.filled_quote / o.filled : 0;
  s.venue_order_id = o.venue_order_id;
  s.ts_ns = ns(now_ms);
  if (o.ended)
    s.state = o.filled >= o.qty - qty_epsilon && o.filled > 0 ? order_state::filled
              : o.acked                                       ? order_state::cancelled
                                                              : order_state::rejected;
  else if (!o.acked)
    s.state = order_state::pending_new;
  else
    s.state = o.filled > 0 ? order_state::partially_filled : order_state::open;
  return s;
}

exit_group* binance_exit_groups::group_of_leg(const std::string& venue_id, exit_leg** leg) {
  auto it = leg_group_.find(venue_id);
  if (it == leg_group_.end())
    return nullptr;
  auto& g = groups_.at(it->second);
  for (auto& l : g.legs)
    if (l.stop_id == venue_id || l.limit_id == venue_id || l.list_id == venue_id) {
      *leg = &l;
      return &g;
    }
  return nullptr;
}

void binance_exit_groups::on_ack(const order_ack& a, std::vector<broker_event>& out) {
  exit_leg* leg = nullptr;
  auto* g = group_of_leg(a.client_order_id, &leg);
  if (!g)
    return;
  if (leg->state == exit_leg_state::placing)
    leg->state = exit_leg_state::live;
  const auto& engine_id = a.client_order_id == leg->stop_id ? leg->stop_engine : leg->limit_engine;
  auto it = g->orders.find(engine_id);
  if (it == g->orders.end() || it->second.acked || it->second.ended)
    return;
  it->second.acked = true;
  it->second.venue_order_id = a.venue_order_id;
  out.push_back(order_ack{engine_id, a.venue_order_id, a.ts_ns});
}

void binance_exit_groups::end_engine(exit_group& g, exit_order& o, order_state state, std::string reason,
                                     std::int64_t now_ms, std::vector<broker_event>& out) {
  if (o.ended)
    return;
  o.ended = true;
  order_status s;
  s.client_order_id = o.req.client_order_id;
  s.symbol = g.symbol;
  s.state = state;
  s.qty = o.qty;
  s.filled_qty = o.filled;
  s.avg_price = o.filled > 0 ? o.filled_quote / o.filled : 0;
  s.venue_order_id = o.venue_order_id;
  s.reason = std::move(reason);
  s.ts_ns = ns(now_ms);
  out.push_back(std::move(s));
}

void binance_exit_groups::fail_engine(exit_group& g, const std::string& engine_id, const std::string& reason,
                                      std::int64_t now_ms, std::vector<broker_event>& out) {
  auto it = g.orders.find(engine_id);
  if (it == g.orders.end() || it->second.ended)
    return;
  auto& o = it->second;
  if (!o.acked) {
    o.ended = true;
    out.push_back(order_reject{engine_id, reason, ns(now_ms)});
    return;
  }
  end_engine(g, o, order_state::cancelled, reason, now_ms, out);
}

void binance_exit_groups::on_fill(const fill& f, std::vector<broker_event>& out) {
  exit_leg* leg = nullptr;
  auto* g = group_of_leg(f.client_order_id, &leg);
  if (!g)
    return;
  const std::int64_t now_ms = f.ts_ns / 1'000'000;
  auto book = [&](exit_order& o) {
    o.filled += f.qty;
    o.filled_quote += f.qty * f.price;
    fill mine = f;
    mine.client_order_id = o.req.client_order_id;
    out.push_back(std::move(mine));
    if (o.filled >= o.qty - qty_epsilon)
      o.ended = true;  // the fill says it: no status
  };
  // The stop's order: a stop fill; every target is over (their OCOs expire with it).
  auto stop_fill = [&](const std::string& stop_engine) {
    auto it = g->orders.find(stop_engine);
    if (it == g->orders.end())
      return;
    book(it->second);
    if (g->stopping)
      return;
    g->stopping = true;
    for (auto& [id, o] : g->orders)
      if (o.req.type == order_type::limit && !o.ended)
        end_engine(*g, o, order_state::cancelled, std::string{exit_group_reason} + ": stop " + stop_engine + " filled",
                   now_ms, out);
  };
  // A venue order filled whole is over; an OCO's other half expires with it (reported apart).
  auto settle_leg = [&] {
    if (!leg->stop_id.empty() && leg->stop_filled >= leg->qty)
      leg->stop_ended = true;
    if (!leg->limit_id.empty() && leg->limit_filled >= leg->qty)
      leg->limit_ended = true;
    if ((leg->stop_id.empty() || leg->stop_ended) && (leg->limit_id.empty() || leg->limit_ended))
      leg->state = exit_leg_state::done;
  };
  if (f.client_order_id == leg->stop_id) {
    leg->stop_filled = decimal8{leg->stop_filled.units + dec(f.qty).units};
    settle_leg();
    return stop_fill(leg->stop_engine);
  }
  leg->limit_filled = decimal8{leg->limit_filled.units + dec(f.qty).units};
  settle_leg();
  auto t = g->orders.find(leg->limit_engine);
  if (g->stopping || t == g->orders.end() || t->second.ended) {
    // A target already over fills (its OCO had not yet expired): it is the position's exit.
    for (auto& [id, o] : g->orders)
      if (o.req.type == order_type::stop && !o.ended)
        return stop_fill(id);
    if (t != g->orders.end())
      book(t->second);  // no stop left to carry it: the target's own
    return;
  }
  // A target's fill: every live stop of the group shrinks by it first (the venue's OCO
  // took its stop leg; the plain remainder stays), then the fill.
  for (auto& [id, o] : g->orders) {
    if (o.req.type != order_type::stop || o.ended)
      continue;
    o.qty = std::max(o.filled, o.qty - f.qty);
    const bool covered = o.remaining() <= qty_epsilon;
    order_status s;
    s.client_order_id = id;
    s.symbol = g->symbol;
    s.state = covered ? order_state::cancelled : o.filled > 0 ? order_state::partially_filled : order_state::open;
    s.qty = o.qty;
    s.filled_qty = o.filled;
    s.avg_price = o.filled > 0 ? o.filled_quote / o.filled : 0;
    s.venue_order_id = o.venue_order_id;
    s.reason = std::string{exit_group_reason} + ": target " + leg->limit_engine + " filled";
    s.ts_ns = f.ts_ns;
    if (covered)
      o.ended = true;
    out.push_back(std::move(s));
  }
  book(t->second);
}

void binance_exit_groups::on_end(const order_status& s, std::vector<broker_event>& out) {
  exit_leg* leg = nullptr;
  auto* g = group_of_leg(s.client_order_id, &leg);
  if (!g)
    return;
  const bool is_stop = s.client_order_id == leg->stop_id;
  (is_stop ? leg->stop_ended : leg->limit_ended) = true;
  const bool sibling_filled = is_stop ? !leg->limit_filled.zero() : !leg->stop_filled.zero();
  const bool whole = (leg->stop_id.empty() || leg->stop_ended) && (leg->limit_id.empty() || leg->limit_ended);
  const bool ours = leg->state == exit_leg_state::cancelling;
  if (whole)
    leg->state = exit_leg_state::done;
  if (ours || sibling_filled)
    return;
  // The venue ended it on its own (expired, cancelled by someone else): the engine order
  // it stood for is over; the engine decides what comes next.
  const auto engine = is_stop ? leg->stop_engine : leg->limit_engine;
  fail_engine(*g, engine, s.reason.empty() ? "venue ended it" : s.reason, s.ts_ns / 1'000'000, out);
}

void binance_exit_groups::on_reject(const order_reject& r, bool absent, std::vector<broker_event>& out) {
  exit_leg* leg = nullptr;
  auto* g = group_of_leg(r.client_order_id, &leg);
  if (!g || leg->state == exit_leg_state::done)
    return;
  leg->state = exit_leg_state::done;
  leg->stop_ended = leg->limit_ended = true;
  if (absent)
    return;  // never at the venue: the next plan places its shape anew, under new ids
  const std::int64_t now_ms = r.ts_ns / 1'000'000;
  if (!leg->stop_engine.empty())
    fail_engine(*g, leg->stop_engine, r.reason, now_ms, out);
  if (!leg->limit_engine.empty())
    fail_engine(*g, leg->limit_engine, r.reason, now_ms, out);
}

void binance_exit_groups::mark_ended(const std::string& venue_id) {
  exit_leg* leg = nullptr;
  if (!group_of_leg(venue_id, &leg))
    return;
  (venue_id == leg->stop_id ? leg->stop_ended : leg->limit_ended) = true;
  if ((leg->stop_id.empty() || leg->stop_ended) && (leg->limit_id.empty() || leg->limit_ended))
    leg->state = exit_leg_state::done;
}

void binance_exit_groups::cancel_failed(const exit_leg& leg) {
  exit_leg* mine = nullptr;
  auto* g = group_of_leg(leg.stop_id.empty() ? leg.limit_id : leg.stop_id, &mine);
  if (g && mine->state == exit_leg_state::cancelling)
    mine->state = exit_leg_state::live;
}

void binance_exit_groups::settle_cancels(exit_group& g, std::int64_t now_ms, std::vector<broker_event>& out) {
  for (auto& [id, o] : g.orders) {
    if (!o.cancel_requested || o.ended)
      continue;
    const bool working = std::any_of(g.legs.begin(), g.legs.end(), [&id = id](const exit_leg& l) {
      return l.state != exit_leg_state::done && l.involves(id);
    });
    if (!working)
      end_engine(g, o, order_state::cancelled, "cancelled", now_ms, out);
  }
}

std::string binance_exit_groups::next_leg_id(exit_group& g, const std::string& engine_id, char tag) {
  // The engine id's tail is what makes it unique (its prefix is the node's).
  const std::string suffix = std::string{"_"} + tag + std::to_string(g.next_leg);
  std::string base = engine_id;
  if (base.size() + suffix.size() > max_client_id)
    base = base.substr(base.size() - (max_client_id - suffix.size()));
  return base + suffix;
}

void binance_exit_groups::plan_group(exit_group& g, std::int64_t now_ms, exit_plan& plan,
                                     std::vector<broker_event>& out) {
  settle_cancels(g, now_ms, out);
  const auto& f = filters_.at(g.symbol);
  const bool sell = g.sd == side::sell;
  auto stop_px = [&](double p) {
    return round_to_step(dec(p), f.tick_size, sell ? rounding::down : rounding::up);
  };
  auto limit_px = [&](double p) {
    return round_to_step(dec(p), f.tick_size, sell ? rounding::up : rounding::down);
  };
  auto step_down = [&](double q) { return round_to_step(decimal8::at_most(q), f.step_size, rounding::down); };
  auto wanted = [](const exit_order& o) { return !o.ended && !o.cancel_requested; };

  if (g.stopping) {
    // After a stop fill nothing new is placed: what is live runs out; an engine cancel
    // of the stop still takes its legs.
    for (auto& l : g.legs)
      if (l.state == exit_leg_state::live && !l.stop_engine.empty() && !wanted(g.orders.at(l.stop_engine))) {
        l.state = exit_leg_state::cancelling;
        plan.cancels.push_back({g.symbol, g.sd, l});
        plan.groups.push_back(g.id);
      }
    return;
  }
  std::vector<shape> shapes;
  {
    const exit_order* stop = nullptr;
    std::vector<const exit_order*> targets;
    for (const auto& [id, o] : g.orders) {
      if (!wanted(o))
        continue;
      if (o.req.type == order_type::stop && !stop)
        stop = &o;
      else if (o.req.type == order_type::limit)
        targets.push_back(&o);
    }
    std::vector<std::string> refused;
    if (stop) {
      decimal8 left = step_down(stop->remaining());
      const auto sp = stop_px(stop->req.stop_price);
      bool any = false;
      for (const auto* t : targets) {
        const auto q = round_to_step(std::min(step_down(t->remaining()), left), f.step_size, rounding::down);
        if (q.zero())
          continue;
        const auto lp = limit_px(t->req.limit_price);
        auto why = filter_failure(f, lp, q, false);
        if (why.empty())
          why = filter_failure(f, sp, q, false);
        if (!why.empty()) {
          refused.push_back(t->req.client_order_id);
          continue;
        }
        shapes.push_back({exit_leg_kind::oco, stop->req.client_order_id, t->req.client_order_id, q, sp, lp});
        left = minus(left, q);
        any = true;
      }
      // A remainder too small to stand alone (the targets' split off the step) rides on
      // the last target's OCO: nothing is left unprotected, nothing sold twice.
      if (!left.zero() && any && !filter_failure(f, sp, left, false).empty()) {
        auto& last = shapes.back();
        last.qty = decimal8{last.qty.units + left.units};
        left = decimal8{};
      }
      if (!left.zero()) {
        const auto why = filter_failure(f, sp, left, false);
        if (why.empty())
          shapes.push_back({exit_leg_kind::stop, stop->req.client_order_id, "", left, sp, decimal8{}});
        else if (!any)
          fail_engine(g, stop->req.client_order_id, "refused before sending: " + why, now_ms, out);
      }
    } else if (now_ms >= g.hold_until_ms) {
      for (const auto* t : targets) {
        const auto q = step_down(t->remaining());
        const auto lp = limit_px(t->req.limit_price);
        if (q.zero() || !filter_failure(f, lp, q, false).empty()) {
          refused.push_back(t->req.client_order_id);
          continue;
        }
        shapes.push_back({exit_leg_kind::limit, "", t->req.client_order_id, q, decimal8{}, lp});
      }
    }
    for (const auto& id : refused)
      fail_engine(g, id, "refused before sending: its quantity does not pass " + g.symbol + "'s filters", now_ms,
                  out);
  }

  std::vector<bool> matched(shapes.size(), false);
  bool changed = false;
  for (auto& l : g.legs) {
    if (l.state == exit_leg_state::done || l.state == exit_leg_state::cancelling)
      continue;
    if (l.remaining().zero())
      continue;  // filled: its other half's expiry is on its way
    bool found = false;
    for (std::size_t i = 0; i < shapes.size() && !found; ++i)
      if (!matched[i] && fits(l, shapes[i]))
        matched[i] = found = true;
    if (!found && l.state == exit_leg_state::live) {
      l.state = exit_leg_state::cancelling;
      plan.cancels.push_back({g.symbol, g.sd, l});
      changed = true;
    }
  }
  const bool busy = std::any_of(g.legs.begin(), g.legs.end(), [](const exit_leg& l) {
    return l.state == exit_leg_state::placing || l.state == exit_leg_state::cancelling;
  });
  if (!busy) {
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      if (matched[i])
        continue;
      const auto& s = shapes[i];
      exit_leg l;
      l.kind = s.kind;
      l.stop_engine = s.stop_engine;
      l.limit_engine = s.limit_engine;
      l.qty = s.qty;
      l.stop_price = s.stop_price;
      l.limit_price = s.limit_price;
      const auto& owner = s.stop_engine.empty() ? s.limit_engine : s.stop_engine;
      if (s.kind == exit_leg_kind::oco) {
        l.list_id = next_leg_id(g, owner, 'o');
        l.stop_id = next_leg_id(g, owner, 's');
        l.limit_id = next_leg_id(g, owner, 'l');
      } else if (s.kind == exit_leg_kind::stop) {
        l.stop_id = next_leg_id(g, owner, 's');
      } else {
        l.limit_id = next_leg_id(g, owner, 'l');
      }
      ++g.next_leg;
      for (const auto& id : l.venue_ids())
        leg_group_[id] = g.id;
      if (!l.list_id.empty())
        leg_group_[l.list_id] = g.id;
      g.legs.push_back(l);
      plan.places.push_back({g.symbol, g.sd, l});
      changed = true;
    }
  }
  if (changed)
    plan.groups.push_back(g.id);
}

exit_plan binance_exit_groups::plan(std::int64_t now_ms, std::vector<broker_event>& out) {
  exit_plan plan;
  for (auto& [id, g] : groups_)
    plan_group(g, now_ms, plan, out);
  return plan;
}

std::vector<std::string> binance_exit_groups::take_finished(std::int64_t now_ms, std::int64_t keep_ms) {
  std::vector<std::string> out;
  for (auto it = groups_.begin(); it != groups_.end();) {
    auto& g = it->second;
    const bool over = std::all_of(g.orders.begin(), g.orders.end(), [](const auto& kv) { return kv.second.ended; }) &&
                      std::all_of(g.legs.begin(), g.legs.end(),
                                  [](const exit_leg& l) { return l.state == exit_leg_state::done; });
    if (!over) {
      g.finished_ms = 0;
      ++it;
      continue;
    }
    if (g.finished_ms == 0)
      g.finished_ms = now_ms;
    if (now_ms - g.finished_ms < keep_ms) {
      ++it;
      continue;
    }
    for (const auto& [id, o] : g.orders)
      order_group_.erase(id);
    for (const auto& l : g.legs) {
      for (const auto& v : l.venue_ids())
        leg_group_.erase(v);
      leg_group_.erase(l.list_id);
    }
    out.push_back(it->first);
    it = groups_.erase(it);
  }
  return out;
}

void binance_exit_groups::index(const exit_group& g) {
  for (const auto& [id, o] : g.orders)
    order_group_[id] = g.id;
  for (const auto& l : g.legs) {
    for (const auto& v : l.venue_ids())
      leg_group_[v] = g.id;
    if (!l.list_id.empty())
      leg_group_[l.list_id] = g.id;
  }
}

void binance_exit_groups::assign(std::vector<exit_group> groups) {
  groups_.clear();
  order_group_.clear();
  leg_group_.clear();
  for (auto& g : groups) {
    for (auto& l : g.legs)
      if (l.state == exit_leg_state::cancelling)
        l.state = exit_leg_state::live;
    index(g);
    auto id = g.id;
    groups_.emplace(std::move(id), std::move(g));
  }
}

} // namespace tickline
