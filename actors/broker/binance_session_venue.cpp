#include "actors/broker/binance_session.hpp"

// The session's exit groups at the venue (placing and cancelling their legs, their records
// in RocksDB) and what a start finds there (orphans, orders asked about but not found).

#include <algorithm>

#include "actors/broker/binance_wire.hpp"
#include "messages/json_text.hpp"

namespace tickline {

using namespace binance_wire;

// -- exit groups ---------------------------------------------------------------------------

void binance_session::run_plan(std::int64_t wall_ms, std::vector<broker_event>& out) {
  // A plan's cancels may end legs at once, which lets the next plan place: a few rounds.
  for (int round = 0; round < 4; ++round) {
    auto plan = groups_.plan(wall_ms, out);
    if (plan.cancels.empty() && plan.places.empty())
      break;
    save_groups();  // the legs about to go are written first
    for (const auto& c : plan.cancels)
      cancel_leg(c.leg, c.symbol, wall_ms, out);
    for (const auto& p : plan.places)
      place_leg(p.leg, p.symbol, p.sd, wall_ms, out);
  }
  save_groups();
  for (const auto& id : groups_.take_finished(wall_ms)) {
    if (opts_.db && saved_groups_.erase(group_key(id))) {
      store::batch b;
      const auto key = group_key(id);
      b.erase_range(column::meta, key, key + std::string(1, '\0'));
      opts_.db->write(b, false);
    }
  }
}

void binance_session::place_leg(const exit_leg& leg, const std::string& symbol, side sd, std::int64_t wall_ms,
                                std::vector<broker_event>& out) {
  std::string why;
  const auto now = venue_ms(wall_ms);
  for (const auto& id : leg.venue_ids()) {
    order_request r;
    r.client_order_id = id;
    r.symbol = symbol;
    r.sd = sd;
    tracker_.begin(r, now, why);
  }
  if (leg.kind != exit_leg_kind::oco) {
    const bool stop = leg.kind == exit_leg_kind::stop;
    params_t p{{"symbol", symbol}, {"side", venue_side(sd)}, {"type", stop ? "STOP_LOSS" : "LIMIT"}};
    if (stop) {
      p.emplace_back("stopPrice", leg.stop_price.str());
    } else {
      p.emplace_back("timeInForce", "GTC");
      p.emplace_back("price", leg.limit_price.str());
    }
    p.emplace_back("quantity", leg.qty.str());
    const auto id = stop ? leg.stop_id : leg.limit_id;
    p.emplace_back("newClientOrderId", id);
    p.emplace_back("newOrderRespType", "RESULT");
    auto reply = call("POST", "/api/v3/order", std::move(p), true, wall_ms);
    route(tracker_.on_place(id, reply, now), out);
    return;
  }
  // A sell's take-profit is above the market and its stop below; a buy's the other way.
  const bool sell = sd == side::sell;
  params_t p{{"symbol", symbol}, {"side", venue_side(sd)}, {"quantity", leg.qty.str()},
             {"listClientOrderId", leg.list_id}};
  auto limit_part = [&](const std::string& at) {
    p.emplace_back(at + "Type", "LIMIT_MAKER");
    p.emplace_back(at + "ClientOrderId", leg.limit_id);
    p.emplace_back(at + "Price", leg.limit_price.str());
  };
  auto stop_part = [&](const std::string& at) {
    p.emplace_back(at + "Type", "STOP_LOSS");
    p.emplace_back(at + "ClientOrderId", leg.stop_id);
    p.emplace_back(at + "StopPrice", leg.stop_price.str());
  };
  if (sell) {
    limit_part("above");
    stop_part("below");
  } else {
    stop_part("above");
    limit_part("below");
  }
  p.emplace_back("newOrderRespType", "RESULT");
  auto reply = call("POST", "/api/v3/orderList/oco", std::move(p), true, wall_ms);
  if (reply.outcome == rest_outcome::ok && reply.body.contains("orderReports") && reply.body["orderReports"].is_array()) {
    for (const auto& rep : reply.body["orderReports"])
      if (rep.is_object() && rep.contains("clientOrderId") && rep["clientOrderId"].is_string())
        route(tracker_.on_place(rep["clientOrderId"].get<std::string>(), leg_reply(reply, rep), now), out);
    return;
  }
  if (reply.outcome == rest_outcome::ok)
    reply.outcome = rest_outcome::unknown;  // 200 without its orders: ask
  for (const auto& id : leg.venue_ids())
    route(tracker_.on_place(id, reply, now), out);
}

void binance_session::cancel_leg(const exit_leg& leg, const std::string& symbol, std::int64_t wall_ms,
                                 std::vector<broker_event>& out) {
  const auto now = venue_ms(wall_ms);
  rest_reply reply;
  if (leg.kind == exit_leg_kind::oco)
    reply = call("DELETE", "/api/v3/orderList", {{"symbol", symbol}, {"listClientOrderId", leg.list_id}}, true, wall_ms);
  else
    reply = call("DELETE", "/api/v3/order",
                 {{"symbol", symbol}, {"origClientOrderId", leg.stop_id.empty() ? leg.limit_id : leg.stop_id}}, true,
                 wall_ms);
  if (reply.outcome == rest_outcome::ok) {
    if (leg.kind == exit_leg_kind::oco && reply.body.contains("orderReports") && reply.body["orderReports"].is_array()) {
      for (const auto& rep : reply.body["orderReports"])
        if (rep.is_object() && rep.contains("clientOrderId") && rep["clientOrderId"].is_string())
          route(tracker_.on_query(rep["clientOrderId"].get<std::string>(), leg_reply(reply, rep), now), out);
    } else if (leg.kind != exit_leg_kind::oco) {
      route(tracker_.on_query(leg.stop_id.empty() ? leg.limit_id : leg.stop_id, reply, now), out);
    }
    return;
  }
  // Over already, or no answer: its orders are asked about; what is over is marked so,
  // and the plan cancels again what still works.
  bool working = false;
  for (const auto& id : leg.venue_ids()) {
    query_now(id, wall_ms, out);
    const auto* t = tracker_.find(id);
    if (t && (t->state == wire_state::done || t->state == wire_state::absent))
      groups_.mark_ended(id);
    else
      working = true;
  }
  if (working)
    groups_.cancel_failed(leg);
}

std::string binance_session::group_key(const std::string& group) const {
  return "venue/" + opts_.name + std::string(1, '\0') + "g" + group;
}

void binance_session::save_groups() {
  if (!opts_.db)
    return;
  store::batch b;
  for (const auto& [id, g] : groups_.groups()) {
    auto text = binance_exit_groups::to_json(g).dump(-1, ' ', false, invalid_utf8);
    auto& saved = saved_groups_[group_key(id)];
    if (saved == text)
      continue;
    b.put(column::meta, group_key(id), text);
    saved = std::move(text);
  }
  if (b.size() > 0)
    opts_.db->write(b, true);  // synced: a leg is never at the venue without its record
}

void binance_session::load_groups(std::int64_t wall_ms) {
  if (!opts_.db)
    return;
  std::vector<exit_group> loaded;
  const auto prefix = group_key("");
  opts_.db->scan(column::meta, prefix, prefix, [&](const std::string& k, const std::string& v) {
    try {
      loaded.push_back(binance_exit_groups::from_json(nlohmann::json::parse(v)));
    } catch (const std::exception& e) {
      throw std::runtime_error(opts_.name + ": stored exit group " + k.substr(prefix.size()) +
                               " does not read: " + e.what());
    }
    saved_groups_[k] = v;
    return true;
  });
  // Every leg that may still work is asked about before anything is planned anew.
  const auto now = venue_ms(wall_ms);
  for (const auto& g : loaded)
    for (const auto& l : g.legs) {
      if (l.state == exit_leg_state::done)
        continue;
      if (!l.stop_id.empty() && !l.stop_ended)
        tracker_.adopt(l.stop_id, g.symbol, g.sd, l.stop_filled, l.stop_filled.value() * l.stop_price.value(), now);
      if (!l.limit_id.empty() && !l.limit_ended)
        tracker_.adopt(l.limit_id, g.symbol, g.sd, l.limit_filled, l.limit_filled.value() * l.limit_price.value(), now);
    }
  if (!loaded.empty())
    log_.push_back(opts_.name + ": " + std::to_string(loaded.size()) + " exit group(s) restored; their legs are asked about");
  groups_.assign(std::move(loaded));
}

void binance_session::find_orphans(std::int64_t wall_ms) {
  auto r = call("GET", "/api/v3/openOrders", {}, true, wall_ms);
  if (r.outcome != rest_outcome::ok || !r.body.is_array()) {
    log_.push_back(opts_.name + ": open orders not readable at start (" + r.msg + "); orphans are not looked for");
    orphans_settled_ = true;
    return;
  }
  const auto mine = opts_.client_id_prefix + "-";
  for (const auto& o : r.body) {
    const auto cid = binance_wire::field(o, "clientOrderId", std::string{});
    const auto sym = binance_wire::field(o, "symbol", std::string{});
    if (cid.empty() || groups_.is_leg(cid) || tracker_.find(cid))
      continue;
    if (cid.rfind(mine, 0) != 0) {
      log_.push_back(opts_.name + ": open order " + cid + " (" + sym + ") at the venue is not this engine's: left alone");
      continue;
    }
    orphans_[cid] = sym;
  }
  stats_.orphans_found = orphans_.size();
}

void binance_session::read_venue_trades(std::int64_t wall_ms) {
  const auto since = venue_ms(wall_ms) - trades_lookback_ms;
  for (const auto& sym : opts_.symbols) {
    auto orders = call("GET", "/api/v3/allOrders", {{"symbol", sym}}, true, wall_ms);
    auto trades = call("GET", "/api/v3/myTrades", {{"symbol", sym}}, true, wall_ms);
    if (orders.outcome != rest_outcome::ok || trades.outcome != rest_outcome::ok || !orders.body.is_array() ||
        !trades.body.is_array()) {
      log_.push_back(opts_.name + ": " + sym + "'s trades not readable at start (" + orders.msg + trades.msg +
                     "); not compared with the journal");
      continue;
    }
    std::map<std::int64_t, std::string> client_of;
    for (const auto& o : orders.body)
      client_of[binance_wire::field(o, "orderId", std::int64_t{0})] = binance_wire::field(o, "clientOrderId", std::string{});
    for (const auto& t : trades.body) {
      const auto time = binance_wire::field(t, "time", std::int64_t{0});
      const double price = binance_wire::dec_of(t, "price").value();
      const double qty = binance_wire::dec_of(t, "qty").value();
      if (time < since || !(price > 0) || !(qty > 0))
        continue;
      auto id = client_of[binance_wire::field(t, "orderId", std::int64_t{0})];
      // A leg's id is its exit's id with "_<tag><n>" after it.
      if (const auto cut = id.rfind('_'); cut != std::string::npos && cut + 1 < id.size() &&
                                          std::string{"osl"}.find(id[cut + 1]) != std::string::npos)
        id.erase(cut);
      fill f;
      f.client_order_id = id;
      f.symbol = sym;
      f.sd = binance_wire::field(t, "isBuyer", false) ? side::buy : side::sell;
      f.price = price;
      f.qty = qty;
      f.maker = binance_wire::field(t, "isMaker", false);
      f.ts_ns = time * 1'000'000;
      f.exec_id = std::to_string(binance_wire::field(t, "id", std::int64_t{0}));
      venue_trades_.push_back(std::move(f));
    }
  }
}

void binance_session::settle_orphans(std::int64_t wall_ms) {
  if (orphans_settled_ || wall_ms - started_ms_ < opts_.orphan_grace_ms)
    return;
  orphans_settled_ = true;
  read_venue_trades(wall_ms);
  if (opts_.halt_on_orphans && !orphans_.empty()) {
    halt_ = std::to_string(orphans_.size()) + " open order(s) at the venue in no journal:";
    for (const auto& [cid, sym] : orphans_)
      halt_ += " " + cid + " (" + sym + ")";
    halt_ += "; kept for an operator";
    log_.push_back(opts_.name + ": " + halt_);
    orphans_.clear();
    return;
  }
  for (const auto& [cid, sym] : orphans_) {
    if (!opts_.cancel_orphans) {
      log_.push_back(opts_.name + ": open order " + cid + " (" + sym + ") is in no journal: kept, as configured");
      continue;
    }
    auto r = call("DELETE", "/api/v3/order", {{"symbol", sym}, {"origClientOrderId", cid}}, true, wall_ms);
    if (r.outcome == rest_outcome::ok)
      ++stats_.orphans_cancelled;
    log_.push_back(opts_.name + ": open order " + cid + " (" + sym + ") is in no journal: " +
                   (r.outcome == rest_outcome::ok ? "cancelled" : "cancel failed (" + r.msg + ")"));
  }
  orphans_.clear();
}

} // namespace tickline
