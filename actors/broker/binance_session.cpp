#include "actors/broker/binance_session.hpp"

#include <algorithm>
#include <stdexcept>

#include "actors/broker/binance_wire.hpp"
#include "storage/keys.hpp"

namespace tickline {

using namespace binance_wire;

namespace {

// One symbol's filters from exchangeInfo.
symbol_filters filters_from(const nlohmann::json& s) {
  symbol_filters f;
  f.symbol = binance_wire::field(s, "symbol", std::string{});
  f.base = binance_wire::field(s, "baseAsset", std::string{});
  f.quote = binance_wire::field(s, "quoteAsset", std::string{});
  if (!s.contains("filters") || !s["filters"].is_array())
    return f;
  for (const auto& x : s["filters"]) {
    const auto type = binance_wire::field(x, "filterType", std::string{});
    if (type == "PRICE_FILTER") {
      f.min_price = dec_of(x, "minPrice");
      f.max_price = dec_of(x, "maxPrice");
      f.tick_size = dec_of(x, "tickSize");
    } else if (type == "LOT_SIZE") {
      f.min_qty = dec_of(x, "minQty");
      f.max_qty = dec_of(x, "maxQty");
      f.step_size = dec_of(x, "stepSize");
    } else if (type == "NOTIONAL" || type == "MIN_NOTIONAL") {
      f.min_notional = dec_of(x, "minNotional");
      if (type == "NOTIONAL")
        f.max_notional = dec_of(x, "maxNotional");
      f.min_notional_to_market = binance_wire::field(x, "applyMinToMarket", binance_wire::field(x, "applyToMarket", true));
    }
  }
  return f;
}

} // namespace

binance_session::binance_session(binance_session_options opts)
  : opts_(std::move(opts)), tracker_(opts_.tracker), groups_(opts_.regroup_ms) {
  opts_.tracker.recv_window_ms = opts_.rest.recv_window_ms;
  tracker_ = binance_order_tracker{opts_.tracker};
}

rest_reply binance_session::call(const std::string& method, const std::string& path, params_t params,
                                 bool is_signed, std::int64_t wall_ms) {
  ++stats_.requests;
  auto r = binance_call(opts_.rest, method, path, std::move(params), is_signed, venue_ms(wall_ms));
  if (r.status != 0)
    stats_.last_answer_ms = wall_ms;
  if (r.used_weight_1m >= 0)
    stats_.used_weight_1m = r.used_weight_1m;
  if (r.order_count_10s >= 0)
    stats_.order_count_10s = r.order_count_10s;
  switch (r.outcome) {
    case rest_outcome::ok: break;
    case rest_outcome::rejected: ++stats_.rejected; break;
    case rest_outcome::unknown: ++stats_.unknown_outcomes; break;
    case rest_outcome::throttled:
      ++stats_.throttled;
      stats_.banned_until_ms = std::max(stats_.banned_until_ms, wall_ms + std::int64_t{1000} * std::max(1, r.retry_after_s));
      log_.push_back(opts_.name + ": the venue throttles (HTTP " + std::to_string(r.status) + "); no new entries for " +
                     std::to_string(std::max(1, r.retry_after_s)) + " s");
      break;
  }
  // The venue's clock moved away from ours: read it again before the next request.
  if (r.code == -1021)
    next_sync_ms_ = 0;
  return r;
}

void binance_session::sync_clock(std::int64_t wall_ms) {
  const auto before = wall_ms;
  auto r = call("GET", "/api/v3/time", {}, false, wall_ms);
  if (r.outcome != rest_outcome::ok || !r.body.contains("serverTime") || !r.body["serverTime"].is_number_integer()) {
    log_.push_back(opts_.name + ": the venue's time is not readable (" + r.msg + "); keeping offset " +
                   std::to_string(stats_.clock_offset_ms) + " ms");
    next_sync_ms_ = wall_ms + 5000;
    return;
  }
  // The answer was made somewhere within the round trip; its middle is the best guess.
  const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const auto mid = before + std::max<std::int64_t>(0, after - before) / 2;
  stats_.clock_offset_ms = r.body["serverTime"].get<std::int64_t>() - mid;
  next_sync_ms_ = wall_ms + opts_.time_sync_ms;
}

void binance_session::read_exchange_info(std::int64_t wall_ms) {
  auto r = call("GET", "/api/v3/exchangeInfo", {}, false, wall_ms);
  const auto where = opts_.name + ": exchangeInfo from " + opts_.rest.base.host + ":" +
                     std::to_string(opts_.rest.base.port);
  if (r.outcome != rest_outcome::ok || !r.body.is_object())
    throw std::runtime_error(where + ": " + (r.msg.empty() ? "no answer" : r.msg));
  if (r.body.contains("rateLimits") && r.body["rateLimits"].is_array())
    for (const auto& l : r.body["rateLimits"]) {
      const auto type = binance_wire::field(l, "rateLimitType", std::string{});
      const auto interval = binance_wire::field(l, "interval", std::string{});
      const auto num = binance_wire::field(l, "intervalNum", 0);
      const auto limit = binance_wire::field(l, "limit", std::int64_t{0});
      if (type == "REQUEST_WEIGHT" && interval == "MINUTE" && num == 1 && limit > 0)
        stats_.weight_limit_1m = limit;
      if (type == "ORDERS" && interval == "SECOND" && num == 10 && limit > 0)
        stats_.order_limit_10s = limit;
    }
  std::map<std::string, symbol_filters> listed;
  if (r.body.contains("symbols") && r.body["symbols"].is_array())
    for (const auto& s : r.body["symbols"])
      if (s.is_object() && s.contains("symbol") && s["symbol"].is_string())
        listed[s["symbol"].get<std::string>()] = filters_from(s);
  for (const auto& sym : opts_.symbols) {
    auto it = listed.find(sym);
    if (it == listed.end())
      throw std::runtime_error(where + ": the venue does not list " + sym);
    filters_[sym] = it->second;
    groups_.set_filters(it->second);
  }
}

void binance_session::start(std::int64_t wall_ms) {
  started_ms_ = wall_ms;
  sync_clock(wall_ms);
  if (next_sync_ms_ == wall_ms + 5000)
    throw std::runtime_error(opts_.name + ": the venue at " + opts_.rest.base.host + ":" +
                             std::to_string(opts_.rest.base.port) + " does not answer GET /api/v3/time");
  read_exchange_info(wall_ms);
  load_groups(wall_ms);
  find_orphans(wall_ms);
}

// -- what the tracker says goes to the engine, through the exit groups for their legs -----

void binance_session::route(tracker_events ev, std::vector<broker_event>& out) {
  for (auto& line : ev.log)
    log_.push_back(opts_.name + ": " + line);
  for (auto& a : ev.acks) {
    if (groups_.is_leg(a.client_order_id))
      groups_.on_ack(a, out);
    else
      out.push_back(std::move(a));
  }
  for (auto& f : ev.fills) {
    const auto id = f.client_order_id;
    const auto* t = tracker_.find(id);
    const bool over = t && t->state == wire_state::done;
    if (groups_.is_leg(id)) {
      groups_.on_fill(f, out);
      if (over)
        groups_.mark_ended(id);
      continue;
    }
    out.push_back(std::move(f));
    // Filled whole at the venue's (smaller) quantity: the engine hears it is done.
    auto small = sent_smaller_.find(id);
    if (over && small != sent_smaller_.end() && t->executed >= small->second) {
      order_status s;
      s.client_order_id = id;
      s.symbol = t->symbol;
      s.state = order_state::filled;
      s.qty = small->second.value();
      s.filled_qty = t->executed.value();
      s.avg_price = s.filled_qty > 0 ? t->executed_quote / s.filled_qty : 0;
      s.venue_order_id = std::to_string(t->venue_order_id);
      s.reason = "filled at the venue's quantity (the step of " + t->symbol + ")";
      s.ts_ns = out.empty() ? 0 : std::get<fill>(out.back()).ts_ns;
      out.push_back(std::move(s));
      sent_smaller_.erase(small);
    }
  }
  for (auto& s : ev.statuses) {
    if (groups_.is_leg(s.client_order_id)) {
      groups_.on_end(s, out);
    } else {
      cancels_due_.erase(s.client_order_id);
      out.push_back(std::move(s));
    }
  }
  for (auto& r : ev.rejects) {
    const auto* t = tracker_.find(r.client_order_id);
    const bool absent = t && t->state == wire_state::absent;
    if (groups_.is_leg(r.client_order_id))
      groups_.on_reject(r, absent, out);
    else
      out.push_back(std::move(r));
  }
}

bool binance_session::entry_refused(const order_request& r, std::int64_t wall_ms, std::string& why) const {
  if (stats_.banned_until_ms > wall_ms) {
    why = "the venue throttles: no new orders for " + std::to_string((stats_.banned_until_ms - wall_ms + 999) / 1000) +
          " s";
    return !r.reduce_only;
  }
  const auto order_cap = static_cast<std::int64_t>(opts_.budget_share * static_cast<double>(stats_.order_limit_10s));
  const auto weight_cap = static_cast<std::int64_t>(opts_.budget_share * static_cast<double>(stats_.weight_limit_1m));
  if (stats_.order_count_10s >= order_cap || stats_.used_weight_1m >= weight_cap) {
    why = "client-side budget: " + std::to_string(stats_.order_count_10s) + " orders in 10 s, weight " +
          std::to_string(stats_.used_weight_1m) + " in 1 min, against " + std::to_string(order_cap) + " and " +
          std::to_string(weight_cap);
    return !r.reduce_only;
  }
  return false;
}

std::vector<broker_event> binance_session::on_order(const order_request& r, std::int64_t wall_ms) {
  std::vector<broker_event> out;
  const auto now_ns = ns(wall_ms);
  std::string why;
  if (!filters_.count(r.symbol)) {
    ++stats_.local_refusals;
    out.push_back(order_reject{r.client_order_id, r.symbol + " is not traded by " + opts_.name, now_ns});
    return out;
  }
  if (entry_refused(r, wall_ms, why)) {
    ++stats_.local_refusals;
    out.push_back(order_reject{r.client_order_id, "refused before sending: " + why, now_ns});
    return out;
  }
  if (!r.exit_group.empty() && (r.type == order_type::stop || r.type == order_type::limit)) {
    if (!groups_.add(r, why)) {
      ++stats_.local_refusals;
      out.push_back(order_reject{r.client_order_id, why, now_ns});
    }
    return out;  // planned by on_flush, once the bracket's other orders are in
  }
  place_plain(r, wall_ms, out);
  return out;
}

void binance_session::place_plain(const order_request& r, std::int64_t wall_ms, std::vector<broker_event>& out) {
  const auto now_ns = ns(wall_ms);
  const auto& f = filters_.at(r.symbol);
  const bool market = r.type == order_type::market || r.type == order_type::stop;
  const bool buy = r.sd == side::buy;
  // Limits never at a worse price than asked; stops a tick away from the market.
  const double price = r.type == order_type::stop ? r.stop_price : r.limit_price;
  const auto price_rounding = r.type == order_type::stop ? (buy ? rounding::up : rounding::down)
                                                         : (buy ? rounding::down : rounding::up);
  auto prepared = prepare_order(f, market && r.type == order_type::market ? 0 : price, price_rounding, r.qty, market);
  if (!prepared.error.empty()) {
    ++stats_.local_refusals;
    out.push_back(order_reject{r.client_order_id, "refused before sending: " + prepared.error, now_ns});
    return;
  }
  std::string why;
  if (!tracker_.begin(r, venue_ms(wall_ms), why)) {
    out.push_back(order_reject{r.client_order_id, why, now_ns});
    return;
  }
  symbol_of_[r.client_order_id] = r.symbol;
  if (prepared.qty < decimal8::from_double(r.qty))
    sent_smaller_[r.client_order_id] = prepared.qty;
  params_t p{{"symbol", r.symbol}, {"side", venue_side(r.sd)}};
  switch (r.type) {
    case order_type::market: p.emplace_back("type", "MARKET"); break;
    case order_type::limit:
      p.emplace_back("type", "LIMIT");
      p.emplace_back("timeInForce", r.tif == time_in_force::ioc ? "IOC" : r.tif == time_in_force::fok ? "FOK" : "GTC");
      p.emplace_back("price", prepared.price.str());
      break;
    case order_type::stop:
      p.emplace_back("type", "STOP_LOSS");
      p.emplace_back("stopPrice", prepared.price.str());
      break;
    case order_type::stop_limit:
      p.emplace_back("type", "STOP_LOSS_LIMIT");
      p.emplace_back("timeInForce", "GTC");
      p.emplace_back("price", round_to_step(decimal8::from_double(r.limit_price), f.tick_size, price_rounding).str());
      p.emplace_back("stopPrice", round_to_step(decimal8::from_double(r.stop_price), f.tick_size, price_rounding).str());
      break;
  }
  p.emplace_back("quantity", prepared.qty.str());
  p.emplace_back("newClientOrderId", r.client_order_id);
  p.emplace_back("newOrderRespType", "RESULT");
  auto reply = call("POST", "/api/v3/order", std::move(p), true, wall_ms);
  route(tracker_.on_place(r.client_order_id, reply, venue_ms(wall_ms)), out);
}

std::vector<broker_event> binance_session::on_flush(std::int64_t wall_ms) {
  std::vector<broker_event> out;
  run_plan(wall_ms, out);
  return out;
}

std::vector<broker_event> binance_session::on_cancel(const order_cancel& c, std::int64_t wall_ms) {
  std::vector<broker_event> out;
  if (groups_.owns(c.client_order_id)) {
    groups_.cancel(c.client_order_id, wall_ms, out);
    return out;  // on_flush
  }
  if (!tracker_.find(c.client_order_id)) {
    order_status s;
    s.client_order_id = c.client_order_id;
    s.state = order_state::unknown;
    s.reason = "never sent by this broker";
    s.ts_ns = ns(wall_ms);
    out.push_back(std::move(s));
    return out;
  }
  cancel_plain(c.client_order_id, wall_ms, out);
  return out;
}

void binance_session::cancel_plain(const std::string& id, std::int64_t wall_ms, std::vector<broker_event>& out) {
  const auto* t = tracker_.find(id);
  if (!t)
    return;
  if (t->state == wire_state::done || t->state == wire_state::absent) {
    cancels_due_.erase(id);
    return;
  }
  auto reply = call("DELETE", "/api/v3/order", {{"symbol", t->symbol}, {"origClientOrderId", id}}, true, wall_ms);
  if (reply.outcome == rest_outcome::ok) {
    route(tracker_.on_query(id, reply, venue_ms(wall_ms)), out);
    cancels_due_.erase(id);
    return;
  }
  cancels_due_.insert(id);  // asked again at the next tick, unless the order ends first
  if (reply.outcome == rest_outcome::rejected && reply.code == -2011)
    query_now(id, wall_ms, out);  // over already (filled?) or not yet there: the venue says which
}

void binance_session::query_now(const std::string& id, std::int64_t wall_ms, std::vector<broker_event>& out) {
  const auto* t = tracker_.find(id);
  if (!t)
    return;
  auto reply = call("GET", "/api/v3/order", {{"symbol", t->symbol}, {"origClientOrderId", id}}, true, wall_ms);
  route(tracker_.on_query(id, reply, venue_ms(wall_ms)), out);
  t = tracker_.find(id);
  if (t && (t->state == wire_state::done || t->state == wire_state::absent))
    cancels_due_.erase(id);
}

order_status binance_session::on_query(const order_query& q, std::int64_t wall_ms, std::vector<broker_event>& out) {
  const auto& id = q.client_order_id;
  orphans_.erase(id);  // the engine knows it
  if (groups_.owns(id)) {
    // Its legs are asked about now; the group's view is the answer.
    for (const auto& [gid, g] : groups_.groups())
      if (g.orders.count(id))
        for (const auto& l : g.legs)
          if (l.state != exit_leg_state::done)
            for (const auto& v : l.venue_ids())
              query_now(v, wall_ms, out);
    return *groups_.status(id, wall_ms);
  }
  order_status s;
  s.client_order_id = id;
  s.ts_ns = ns(wall_ms);
  if (!tracker_.find(id)) {
    // Sent before this start (or never): the venue is asked across every traded symbol.
    for (const auto& sym : opts_.symbols) {
      auto reply = call("GET", "/api/v3/order", {{"symbol", sym}, {"origClientOrderId", id}}, true, wall_ms);
      if (reply.outcome == rest_outcome::ok && reply.body.contains("orderId")) {
        const auto executed = dec_of(reply.body, "executedQty");
        const double quote = std::strtod(binance_wire::field(reply.body, "cummulativeQuoteQty", std::string{"0"}).c_str(), nullptr);
        side sd = binance_wire::field(reply.body, "side", std::string{}) == "BUY" ? side::buy : side::sell;
        tracker_.adopt(id, sym, sd, executed, quote, venue_ms(wall_ms), reply.body["orderId"].get<std::int64_t>());
        symbol_of_[id] = sym;
        route(tracker_.on_query(id, reply, venue_ms(wall_ms)), out);
        s.symbol = sym;
        s.state = state_of(binance_wire::field(reply.body, "status", std::string{}));
        s.qty = dec_of(reply.body, "origQty").value();
        s.filled_qty = executed.value();
        s.avg_price = s.filled_qty > 0 ? quote / s.filled_qty : 0;
        s.venue_order_id = std::to_string(reply.body["orderId"].get<std::int64_t>());
        return s;
      }
      if (reply.outcome != rest_outcome::rejected || reply.code != -2013) {
        // No clear answer: not known yet (the engine asks again); never taken for absent.
        s.state = order_state::pending_new;
        s.reason = "the venue did not answer: " + reply.msg;
        return s;
      }
    }
    // Not at the venue. A request of the previous run could still arrive within its
    // recvWindow: absent only once that has passed since this start.
    if (wall_ms - started_ms_ <= opts_.rest.recv_window_ms + opts_.tracker.clock_margin_ms) {
      // Looked for again at every tick: found, it is followed as the venue says; still
      // not there once the window has passed, it is rejected to the engine.
      missing_.emplace(id, 0);
      s.state = order_state::pending_new;
      s.reason = "not at the venue yet; asked again";
      return s;
    }
    s.state = order_state::unknown;
    s.reason = "not at the venue";
    return s;
  }
  query_now(id, wall_ms, out);
  const auto* t = tracker_.find(id);
  s.symbol = t->symbol;
  s.filled_qty = t->executed.value();
  s.avg_price = s.filled_qty > 0 ? t->executed_quote / s.filled_qty : 0;
  s.venue_order_id = t->venue_order_id ? std::to_string(t->venue_order_id) : "";
  switch (t->state) {
    case wire_state::sending:
    case wire_state::unknown: s.state = order_state::pending_new; break;
    case wire_state::open: s.state = s.filled_qty > 0 ? order_state::partially_filled : order_state::open; break;
    case wire_state::absent: s.state = order_state::unknown; break;
    case wire_state::done: s.state = s.filled_qty > 0 ? order_state::filled : order_state::cancelled; break;
  }
  return s;
}

// -- time ----------------------------------------------------------------------------------

std::vector<broker_event> binance_session::on_tick(std::int64_t wall_ms) {
  std::vector<broker_event> out;
  if (wall_ms >= next_sync_ms_)
    sync_clock(wall_ms);
  const auto weight_cap = static_cast<std::int64_t>(opts_.budget_share * static_cast<double>(stats_.weight_limit_1m));
  // Polls wait while the budget is spent or the venue throttles; cancels go first.
  const auto cancels = cancels_due_;
  for (const auto& id : cancels)
    cancel_plain(id, wall_ms, out);
  if (stats_.banned_until_ms <= wall_ms && stats_.used_weight_1m < weight_cap) {
    for (const auto& id : tracker_.due(venue_ms(wall_ms)))
      query_now(id, wall_ms, out);
    look_for_missing(wall_ms, out);
    settle_orphans(wall_ms);
  }
  run_plan(wall_ms, out);
  return out;
}

void binance_session::look_for_missing(std::int64_t wall_ms, std::vector<broker_event>& out) {
  if (missing_.empty())
    return;
  const auto ids = std::exchange(missing_, {});
  for (const auto& [id, unused] : ids) {
    auto s = on_query(order_query{id, ns(wall_ms)}, wall_ms, out);
    if (missing_.count(id))
      continue;  // not there yet, still inside the window: asked again at the next tick
    if (s.state == order_state::unknown)
      out.push_back(order_reject{id, "not at the venue after a restart: it was never sent", ns(wall_ms)});
    else if (s.state == order_state::pending_new)
      missing_.emplace(id, 0);  // the venue did not answer: asked again
    else
      out.push_back(std::move(s));  // found: where it stands
  }
}

std::vector<broker_event> binance_session::on_stream(const binance_stream_event& e, std::int64_t wall_ms) {
  std::vector<broker_event> out;
  switch (e.what) {
    case binance_stream_event::kind::subscribed: stats_.stream_up = true; break;
    case binance_stream_event::kind::down:
      if (stats_.stream_up)
        ++stats_.stream_drops;
      stats_.stream_up = false;
      log_.push_back(opts_.name + ": user data stream down (" + e.text + "); polling until it is back");
      break;
    case binance_stream_event::kind::refused:
      stats_.stream_up = false;
      log_.push_back(opts_.name + ": user data stream refused: " + e.text);
      break;
    case binance_stream_event::kind::report:
      ++stats_.stream_reports;
      route(tracker_.on_execution(e.report, venue_ms(wall_ms)), out);
      run_plan(wall_ms, out);
      break;
  }
  return out;
}

std::vector<position> binance_session::positions(std::int64_t wall_ms) {
  auto r = call("GET", "/api/v3/account", {}, true, wall_ms);
  if (r.outcome != rest_outcome::ok || !r.body.contains("balances") || !r.body["balances"].is_array())
    throw std::runtime_error(opts_.name + ": GET /api/v3/account: " + (r.msg.empty() ? "no balances" : r.msg));
  std::map<std::string, double> held;
  for (const auto& b : r.body["balances"])
    if (b.is_object() && b.contains("asset") && b["asset"].is_string())
      held[b["asset"].get<std::string>()] = dec_of(b, "free").value() + dec_of(b, "locked").value();
  std::vector<position> out;
  for (const auto& sym : opts_.symbols) {
    const auto& f = filters_.at(sym);
    auto it = held.find(f.base);
    if (it == held.end() || it->second == 0)
      continue;
    position p;
    p.symbol = sym;
    p.qty = it->second;
    p.ts_ns = ns(wall_ms);
    out.push_back(p);
  }
  return out;
}

nlohmann::json binance_session::describe() const {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& [id, g] : groups_.groups())
    groups.push_back(binance_exit_groups::to_json(g));
  return {{"kind", "binance"},
          {"base_url", opts_.rest.base.host + ":" + std::to_string(opts_.rest.base.port) + opts_.rest.base.target},
          {"requests", stats_.requests},
          {"unknown_outcomes", stats_.unknown_outcomes},
          {"throttled", stats_.throttled},
          {"rejected", stats_.rejected},
          {"local_refusals", stats_.local_refusals},
          {"unknown_orders", tracker_.unknown()},
          {"clock_offset_ms", stats_.clock_offset_ms},
          {"used_weight_1m", stats_.used_weight_1m},
          {"order_count_10s", stats_.order_count_10s},
          {"banned_until_ms", stats_.banned_until_ms},
          {"stream_up", stats_.stream_up},
          {"stream_reports", stats_.stream_reports},
          {"stream_drops", stats_.stream_drops},
          {"orphans_found", stats_.orphans_found},
          {"orphans_cancelled", stats_.orphans_cancelled},
          {"exit_groups", groups}};
}

std::vector<std::string> binance_session::take_log() { return std::exchange(log_, {}); }

} // namespace tickline
