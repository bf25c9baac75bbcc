#include "actors/venue/venue_state.hpp"

#include <algorithm>

namespace tickline {

namespace {

bool is_stop(const std::string& type) {
  return type == "STOP_LOSS" || type == "STOP_LOSS_LIMIT" || type == "TAKE_PROFIT" ||
         type == "TAKE_PROFIT_LIMIT";
}
bool has_limit(const std::string& type) {
  return type == "LIMIT" || type == "LIMIT_MAKER" || type == "STOP_LOSS_LIMIT" || type == "TAKE_PROFIT_LIMIT";
}
bool known_type(const std::string& type) { return type == "MARKET" || has_limit(type) || is_stop(type); }

// Whether a trade at `price` sets off a stop: a stop loss when the market moves against
// the side that would close (a sell when it falls to the stop), a take profit the other way.
bool triggers(const venue_order& o, double price) {
  const double stop = o.stop_price.value();
  const bool loss = o.type.rfind("STOP_LOSS", 0) == 0;
  const bool sell = o.side == "SELL";
  return loss == sell ? price <= stop : price >= stop;
}

venue_result failure(int code, std::string msg) {
  venue_result r;
  r.code = code;
  r.msg = std::move(msg);
  return r;
}

std::string mandatory(const char* name) {
  return std::string{"Mandatory parameter '"} + name + "' was not sent, was empty/null, or malformed.";
}

} // namespace

venue_state::venue_state(std::vector<symbol_filters> symbols, std::map<std::string, double> balances,
                         double fee_rate)
    : symbols_(std::move(symbols)), fee_rate_(fee_rate) {
  for (const auto& [asset, amount] : balances)
    balances_[asset].free = amount;
  for (const auto& s : symbols_) {
    balances_[s.base];
    balances_[s.quote];
  }
}

const symbol_filters* venue_state::filters(const std::string& symbol) const {
  for (const auto& s : symbols_)
    if (s.symbol == symbol)
      return &s;
  return nullptr;
}

std::optional<double> venue_state::last_price(const std::string& symbol) const {
  auto it = last_.find(symbol);
  if (it == last_.end())
    return std::nullopt;
  return it->second;
}

venue_result venue_state::place(const venue_order_request& r, std::int64_t now_ms) {
  const auto* f = filters(r.symbol);
  if (!f)
    return failure(-1121, "Invalid symbol.");
  if (r.side != "BUY" && r.side != "SELL")
    return failure(-1117, "Invalid side.");
  if (!known_type(r.type))
    return failure(-1116, "Invalid orderType.");
  if (!r.quantity)
    return failure(-1102, mandatory("quantity"));
  if (has_limit(r.type) && !r.price)
    return failure(-1102, mandatory("price"));
  if (is_stop(r.type) && !r.stop_price)
    return failure(-1102, mandatory("stopPrice"));
  std::string tif = r.time_in_force;
  if (has_limit(r.type) && r.type != "LIMIT_MAKER") {
    if (tif.empty())
      return failure(-1102, mandatory("timeInForce"));
    if (tif != "GTC" && tif != "IOC" && tif != "FOK")
      return failure(-1115, "Invalid timeInForce.");
  } else if (!tif.empty()) {
    return failure(-1106, "Parameter 'timeInForce' sent when not required.");
  }
  if (open_client_id(r.client_order_id))
    return failure(-2010, "Duplicate order sent.");
  const auto last = last_price(r.symbol);
  const bool market = !has_limit(r.type);
  const decimal8 reference = has_limit(r.type) ? *r.price
                             : r.stop_price ? *r.stop_price
                             : last ? decimal8::from_double(*last) : decimal8{};
  if (auto why = filter_failure(*f, reference, *r.quantity, market); !why.empty())
    return failure(-1013, why);
  if (r.type == "MARKET" && !last)
    return failure(-2010, "Market is closed.");
  if (is_stop(r.type) && last) {
    venue_order probe;
    probe.type = r.type;
    probe.side = r.side;
    probe.stop_price = *r.stop_price;
    if (triggers(probe, *last))
      return failure(-2010, "Stop price would trigger immediately.");
  }

  venue_order o;
  o.symbol = r.symbol;
  o.order_id = next_order_id_;
  o.client_order_id = r.client_order_id.empty() ? "venue-" + std::to_string(o.order_id) : r.client_order_id;
  o.side = r.side;
  o.type = r.type;
  o.time_in_force = tif;
  o.price = r.price.value_or(decimal8{});
  o.stop_price = r.stop_price.value_or(decimal8{});
  o.orig_qty = *r.quantity;
  o.time_ms = o.update_ms = now_ms;
  o.working = !is_stop(r.type);
  if (auto why = hold(o, *f, last); !why.empty())
    return failure(-2010, why);
  if (o.type == "LIMIT_MAKER" && last && reachable(o, *last)) {
    release(o);
    return failure(-2010, "Order would immediately match and take.");
  }
  ++next_order_id_;
  venue_result out;
  auto& stored = orders_.emplace(o.order_id, o).first->second;
  report(stored, "NEW", nullptr, now_ms);
  if (stored.working && last && (market || reachable(stored, *last)))
    out.fills.push_back(fill(stored, *last, false, now_ms));
  else if (stored.working && (tif == "IOC" || tif == "FOK")) {
    stored.status = "EXPIRED";
    release(stored);
    report(stored, "EXPIRED", nullptr, now_ms);
  }
  out.order = stored;
  return out;
}

venue_order* venue_state::find(const std::string& symbol, std::int64_t order_id, const std::string& client_id) {
  if (order_id > 0) {
    auto it = orders_.find(order_id);
    return it != orders_.end() && it->second.symbol == symbol ? &it->second : nullptr;
  }
  // Client ids are unique among open orders; the latest order with it otherwise.
  venue_order* found = nullptr;
  for (auto& [id, o] : orders_)
    if (o.symbol == symbol && o.client_order_id == client_id && !client_id.empty())
      if (!found || o.status == "NEW" || found->status != "NEW")
        found = &o;
  return found;
}

venue_result venue_state::cancel(const std::string& symbol, std::int64_t order_id, const std::string& client_id,
                                 std::int64_t now_ms) {
  if (!filters(symbol))
    return failure(-1121, "Invalid symbol.");
  if (order_id <= 0 && client_id.empty())
    return failure(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  auto* o = find(symbol, order_id, client_id);
  if (!o || o->status != "NEW")
    return failure(-2011, "Unknown order sent.");
  cancel_order(*o, now_ms);
  venue_result out;
  out.order = *o;
  return out;
}

venue_result venue_state::query(const std::string& symbol, std::int64_t order_id, const std::string& client_id) const {
  if (!filters(symbol))
    return failure(-1121, "Invalid symbol.");
  if (order_id <= 0 && client_id.empty())
    return failure(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  auto* o = const_cast<venue_state*>(this)->find(symbol, order_id, client_id);
  if (!o)
    return failure(-2013, "Order does not exist.");
  venue_result out;
  out.order = *o;
  return out;
}

std::vector<venue_order> venue_state::open_orders(const std::string& symbol) const {
  std::vector<venue_order> out;
  for (const auto& [id, o] : orders_)
    if (o.status == "NEW" && (symbol.empty() || o.symbol == symbol))
      out.push_back(o);
  return out;
}

std::vector<venue_order> venue_state::all_orders(const std::string& symbol) const {
  std::vector<venue_order> out;
  for (const auto& [id, o] : orders_)
    if (o.symbol == symbol)
      out.push_back(o);
  return out;
}

bool venue_state::reachable(const venue_order& o, double price) const {
  if (!has_limit(o.type))
    return true;
  return o.side == "BUY" ? price <= o.price.value() : price >= o.price.value();
}

std::string venue_state::hold(venue_order& o, const symbol_filters& f, std::optional<double> last) {
  // What the order holds back until it ends: the quote of a priced buy (with its fee),
  // the base of a sell. Unpriced buys are checked when they fill.
  const char* poor = "Account has insufficient balance for requested action.";
  if (o.side == "BUY" && has_limit(o.type)) {
    if (!take(balances_[f.quote], notional(o.price, o.orig_qty) * (1 + fee_rate_), 1e-9, o.held))
      return poor;
  } else if (o.side == "SELL") {
    if (!take(balances_[f.base], o.orig_qty.value(), 1e-12, o.held))
      return poor;
  } else if (last && balances_[f.quote].free + 1e-9 < *last * o.orig_qty.value() * (1 + fee_rate_)) {
    return poor;
  }
  return {};
}

bool venue_state::take(venue_balance& b, double need, double slack, double& held) {
  if (b.free + slack < need)
    return false;
  b.free -= need;
  b.locked += need;
  held = need;
  return true;
}

bool venue_state::open_client_id(const std::string& client_id) const {
  if (client_id.empty())
    return false;
  for (const auto& [id, o] : orders_)
    if (o.status == "NEW" && o.client_order_id == client_id)
      return true;
  return false;
}

std::vector<venue_order*> venue_state::with_list(venue_order& o) {
  auto l = lists_.find(o.order_list_id);
  if (l == lists_.end())
    return {&o};
  std::vector<venue_order*> out;
  for (auto id : l->second.order_ids)
    out.push_back(&orders_.at(id));
  return out;
}

void venue_state::cancel_order(venue_order& o, std::int64_t now_ms) {
  o.status = "CANCELED";
  o.update_ms = now_ms;
  report(o, "CANCELED", nullptr, now_ms);
  end_list(o, "CANCELED", now_ms);  // canceling one leg of an OCO cancels the list
}

void venue_state::release(venue_order& o) {
  if (o.held == 0)
    return;
  const auto* f = filters(o.symbol);
  auto& b = balances_[o.side == "BUY" ? f->quote : f->base];
  b.locked -= o.held;
  b.free += o.held;
  o.held = 0;
}

void venue_state::end_list(venue_order& o, const std::string& sibling_status, std::int64_t now_ms) {
  for (auto* leg : with_list(o)) {
    release(*leg);
    if (leg != &o && leg->status == "NEW") {
      leg->status = sibling_status;
      leg->update_ms = now_ms;
      report(*leg, sibling_status, nullptr, now_ms);
    }
  }
  if (auto l = lists_.find(o.order_list_id); l != lists_.end()) {
    l->second.list_status = "ALL_DONE";
    l->second.list_order_status = "ALL_DONE";
  }
}

venue_fill venue_state::fill(venue_order& o, double price, bool maker, std::int64_t now_ms) {
  const auto* f = filters(o.symbol);
  const decimal8 qty{o.orig_qty.units - o.executed_qty.units};
  venue_fill x;
  x.symbol = o.symbol;
  x.trade_id = next_trade_id_++;
  x.order_id = o.order_id;
  x.price = decimal8::from_double(price);
  x.qty = qty;
  x.quote_qty = x.price.value() * qty.value();
  x.commission = x.quote_qty * fee_rate_;
  x.commission_asset = f->quote;
  x.time_ms = now_ms;
  x.is_buyer = o.side == "BUY";
  x.is_maker = maker;
  // What it (and its OCO) holds comes back, then the fill is booked from free.
  for (auto* leg : with_list(o))
    release(*leg);
  auto& quote = balances_[f->quote];
  auto& base = balances_[f->base];
  if (x.is_buyer) {
    quote.free -= x.quote_qty + x.commission;
    base.free += qty.value();
  } else {
    base.free -= qty.value();
    quote.free += x.quote_qty - x.commission;
  }
  o.executed_qty = o.orig_qty;
  o.cumulative_quote += x.quote_qty;
  o.status = "FILLED";
  o.update_ms = now_ms;
  fills_.push_back(x);
  report(o, "TRADE", &x, now_ms);
  end_list(o, "EXPIRED", now_ms);  // the other leg of an OCO ends after the fill's report
  return x;
}

std::vector<venue_fill> venue_state::on_trade(const std::string& symbol, double price, std::int64_t now_ms) {
  last_[symbol] = price;
  std::vector<venue_fill> out;
  for (auto& [id, o] : orders_) {
    if (o.symbol != symbol || o.status != "NEW")
      continue;
    if (!o.working) {
      if (!triggers(o, price))
        continue;
      o.working = true;
      o.update_ms = now_ms;
    }
    if (!reachable(o, price))
      continue;
    const bool unpriced_buy = o.side == "BUY" && !has_limit(o.type);
    // What it can pay with: the free quote and what it (or its OCO) holds back.
    double held = 0;
    for (auto* leg : with_list(o))
      held += leg->held;
    if (unpriced_buy && balances_[filters(symbol)->quote].free + held + 1e-9 <
                          price * o.orig_qty.value() * (1 + fee_rate_)) {
      o.status = "EXPIRED";  // a triggered market buy the account cannot pay for
      o.update_ms = now_ms;
      report(o, "EXPIRED", nullptr, now_ms);
      end_list(o, "EXPIRED", now_ms);
      continue;
    }
    // A resting limit fills at its own price; a triggered market order at the trade's.
    out.push_back(fill(o, has_limit(o.type) ? o.price.value() : price, has_limit(o.type), now_ms));
  }
  return out;
}

void venue_state::report(const venue_order& o, const std::string& exec_type, const venue_fill* f,
                         std::int64_t now_ms) {
  venue_execution e;
  e.order = o;
  e.exec_type = exec_type;
  if (f)
    e.fill = *f;
  e.time_ms = now_ms;
  events_.push_back(std::move(e));
}

venue_result venue_state::list_result(const venue_order_list& l) const {
  venue_result out;
  out.list = l;
  for (auto id : l.order_ids)
    out.legs.push_back(orders_.at(id));
  return out;
}

venue_result venue_state::place_oco(const venue_oco_request& r, std::int64_t now_ms) {
  const auto* f = filters(r.symbol);
  if (!f)
    return failure(-1121, "Invalid symbol.");
  if (r.side != "BUY" && r.side != "SELL")
    return failure(-1117, "Invalid side.");
  if (!r.quantity)
    return failure(-1102, mandatory("quantity"));
  const auto last = last_price(r.symbol);
  if (!last)
    return failure(-2010, "Market is closed.");
  // The take-profit leg and the stop leg, by side: a sell takes profit above, a buy below.
  const bool sell = r.side == "SELL";
  const std::string tp_type = sell ? r.above_type : r.below_type;
  const std::string stop_type = sell ? r.below_type : r.above_type;
  const bool tp_ok = tp_type == "LIMIT_MAKER" || tp_type == "TAKE_PROFIT" || tp_type == "TAKE_PROFIT_LIMIT";
  const bool stop_ok = stop_type == "STOP_LOSS" || stop_type == "STOP_LOSS_LIMIT";
  if (!tp_ok || !stop_ok)
    return failure(-1116, "Invalid orderType.");
  if (!r.list_client_id.empty())
    for (const auto& [id, l] : lists_)
      if (l.list_client_id == r.list_client_id && l.list_status != "ALL_DONE")
        return failure(-2010, "Duplicate order sent.");
  // Leg ids are order ids like any other: unique among open orders, and not each other.
  if (!r.above_client_id.empty() && r.above_client_id == r.below_client_id)
    return failure(-2010, "Duplicate order sent.");
  if (open_client_id(r.above_client_id) || open_client_id(r.below_client_id))
    return failure(-2010, "Duplicate order sent.");
  venue_order legs[2];
  const struct {
    const std::string& type;
    const std::optional<decimal8>& price;
    const std::optional<decimal8>& stop;
    const std::string& tif;
    const std::string& client_id;
  } spec[2] = {{r.above_type, r.above_price, r.above_stop_price, r.above_time_in_force, r.above_client_id},
               {r.below_type, r.below_price, r.below_stop_price, r.below_time_in_force, r.below_client_id}};
  for (int i = 0; i < 2; ++i) {
    auto& o = legs[i];
    o.symbol = r.symbol;
    o.side = r.side;
    o.type = spec[i].type;
    o.orig_qty = *r.quantity;
    o.time_ms = o.update_ms = now_ms;
    if (has_limit(o.type)) {
      if (!spec[i].price)
        return failure(-1102, mandatory(i == 0 ? "abovePrice" : "belowPrice"));
      o.price = *spec[i].price;
      if (o.type != "LIMIT_MAKER")
        o.time_in_force = spec[i].tif.empty() ? "GTC" : spec[i].tif;
    }
    if (is_stop(o.type)) {
      if (!spec[i].stop)
        return failure(-1102, mandatory(i == 0 ? "aboveStopPrice" : "belowStopPrice"));
      o.stop_price = *spec[i].stop;
      o.working = false;
      if (triggers(o, *last))
        return failure(-2010, "Stop price would trigger immediately.");
    }
    if (o.type == "LIMIT_MAKER" && reachable(o, *last))
      return failure(-2010, "Order would immediately match and take.");
    const decimal8 reference = has_limit(o.type) ? o.price : o.stop_price;
    if (auto why = filter_failure(*f, reference, o.orig_qty, false); !why.empty())
      return failure(-1013, why);
  }
  // Held once for both, on the first leg: a sell's base; a buy's quote at its dearer leg
  // (a stop's limit, or its stop price when it has none).
  double need = r.quantity->value();
  if (!sell) {
    double worst = 0;
    for (const auto& o : legs)
      worst = std::max(worst, has_limit(o.type) ? o.price.value() : o.stop_price.value());
    need = worst * r.quantity->value() * (1 + fee_rate_);
  }
  if (!take(balances_[sell ? f->base : f->quote], need, 1e-9, legs[0].held))
    return failure(-2010, "Account has insufficient balance for requested action.");
  venue_order_list l;
  l.order_list_id = next_list_id_++;
  l.list_client_id = r.list_client_id.empty() ? "venue-list-" + std::to_string(l.order_list_id) : r.list_client_id;
  l.symbol = r.symbol;
  l.time_ms = now_ms;
  for (int i = 0; i < 2; ++i) {
    auto& o = legs[i];
    o.order_id = next_order_id_++;
    o.order_list_id = l.order_list_id;
    o.client_order_id = spec[i].client_id.empty() ? "venue-" + std::to_string(o.order_id) : spec[i].client_id;
    l.order_ids.push_back(o.order_id);
    report(orders_.emplace(o.order_id, o).first->second, "NEW", nullptr, now_ms);
  }
  lists_.emplace(l.order_list_id, l);
  return list_result(l);
}

venue_result venue_state::query_list(const std::string& symbol, std::int64_t list_id,
                                     const std::string& list_client_id) const {
  for (const auto& [id, l] : lists_)
    if ((list_id > 0 ? id == list_id : l.list_client_id == list_client_id) &&
        (symbol.empty() || l.symbol == symbol))
      return list_result(l);
  return failure(-2013, "Order list does not exist.");
}

venue_result venue_state::cancel_list(const std::string& symbol, std::int64_t list_id,
                                      const std::string& list_client_id, std::int64_t now_ms) {
  for (auto& [id, l] : lists_)
    if ((list_id > 0 ? id == list_id : l.list_client_id == list_client_id) && l.symbol == symbol) {
      if (l.list_status == "ALL_DONE")
        return failure(-2011, "Unknown order sent.");
      cancel_order(orders_.at(l.order_ids.front()), now_ms);
      return list_result(l);
    }
  return failure(-2011, "Unknown order sent.");
}

} // namespace tickline
