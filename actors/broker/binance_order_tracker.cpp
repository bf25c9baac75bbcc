#include "actors/broker/binance_order_tracker.hpp"
#include "actors/broker/binance_wire.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

namespace {

std::int64_t ms_to_ns(std::int64_t ms) { return ms * 1'000'000; }

// A decimal string field of a venue answer ("0.50000000"); zero when absent or bad.
decimal8 dec_field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string())
    return decimal8{};
  return decimal8::parse(j[key].get<std::string>()).value_or(decimal8{});
}

double num_field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string())
    return 0;
  return std::strtod(j[key].get<std::string>().c_str(), nullptr);
}

} // namespace

bool binance_order_tracker::begin(const order_request& r, std::int64_t now_ms, std::string& why,
                                  std::int64_t recv_window_ms) {
  if (orders_.count(r.client_order_id)) {
    why = "client order id " + r.client_order_id + " was sent before: never sent twice";
    return false;
  }
  tracked_order o;
  o.client_order_id = r.client_order_id;
  o.symbol = r.symbol;
  o.sd = r.sd;
  o.ordered = decimal8::at_most(r.qty);
  o.sent_ms = now_ms;
  o.recv_window_ms = recv_window_ms < 0 ? cfg_.recv_window_ms : recv_window_ms;
  orders_.emplace(r.client_order_id, o);
  return true;
}

bool binance_order_tracker::adopt(const std::string& client_id, const std::string& symbol, side sd,
                                  decimal8 executed, double executed_quote, std::int64_t now_ms,
                                  std::int64_t venue_order_id) {
  if (orders_.count(client_id))
    return false;
  tracked_order o;
  o.client_order_id = client_id;
  o.symbol = symbol;
  o.sd = sd;
  o.state = wire_state::unknown;
  o.executed = executed;
  o.executed_quote = executed_quote;
  o.venue_order_id = venue_order_id;
  o.sent_ms = now_ms;
  o.recv_window_ms = cfg_.recv_window_ms;
  o.next_query_ms = now_ms;
  orders_.emplace(client_id, o);
  return true;
}

void binance_order_tracker::back_off(tracked_order& o, std::int64_t now_ms) {
  o.backoff_ms = o.backoff_ms == 0 ? cfg_.query_backoff_min_ms
                                   : std::min(o.backoff_ms * 2, cfg_.query_backoff_max_ms);
  o.next_query_ms = now_ms + o.backoff_ms;
}

tracker_events binance_order_tracker::on_place(const std::string& client_id, const rest_reply& reply,
                                               std::int64_t now_ms) {
  tracker_events out;
  auto it = orders_.find(client_id);
  if (it == orders_.end() || it->second.state != wire_state::sending)
    return out;
  auto& o = it->second;
  switch (reply.outcome) {
    case rest_outcome::ok:
      apply_venue_order(o, reply.body, now_ms, out);
      break;
    case rest_outcome::rejected:
    case rest_outcome::throttled: {
      // Not at the venue: final (a throttled order was refused before it was looked at).
      o.state = wire_state::done;
      std::string why = "venue rejected (" + std::to_string(reply.code) + "): " + reply.msg;
      if (reply.outcome == rest_outcome::throttled)
        why = "venue throttled (HTTP " + std::to_string(reply.status) + ", retry after " +
              std::to_string(reply.retry_after_s) + " s): " + reply.msg;
      out.rejects.push_back({client_id, why, ms_to_ns(now_ms)});
      break;
    }
    case rest_outcome::unknown:
      o.state = wire_state::unknown;
      back_off(o, now_ms);
      out.log.push_back("order " + client_id + ": outcome unknown (" + reply.msg +
                        "); asking the venue before anything else");
      break;
  }
  return out;
}

std::vector<std::string> binance_order_tracker::due(std::int64_t now_ms) const {
  std::vector<std::string> out;
  for (const auto& [id, o] : orders_)
    if ((o.state == wire_state::unknown || o.state == wire_state::open) && o.next_query_ms <= now_ms)
      out.push_back(id);
  return out;
}

tracker_events binance_order_tracker::on_query(const std::string& client_id, const rest_reply& reply,
                                               std::int64_t now_ms) {
  tracker_events out;
  auto it = orders_.find(client_id);
  if (it == orders_.end())
    return out;
  auto& o = it->second;
  if (o.state != wire_state::unknown && o.state != wire_state::open)
    return out;
  if (reply.outcome == rest_outcome::ok) {
    o.not_found = 0;
    apply_venue_order(o, reply.body, now_ms, out);
    return out;
  }
  if (!(reply.outcome == rest_outcome::rejected && reply.code == -2013))
    o.not_found = 0;  // "in a row" means no other answer in between
  if (reply.outcome == rest_outcome::rejected && reply.code == -2013 && o.state == wire_state::unknown) {
    ++o.not_found;
    // A request can still arrive until its recvWindow has passed; after that, and after
    // enough answers in a row, it is not there.
    // The window is the one signed into the request, from the time signed, with a margin
    // for the venue's clock.
    if (o.not_found >= cfg_.absent_after &&
        now_ms - o.sent_ms > o.recv_window_ms + cfg_.clock_margin_ms) {
      o.state = wire_state::absent;
      out.rejects.push_back({client_id,
                             "not at the venue after " + std::to_string(o.not_found) +
                               " queries (its outcome was unknown); it may be sent again under a new id",
                             ms_to_ns(now_ms)});
      return out;
    }
  }
  back_off(o, now_ms);  // unknown again, throttled, or not found yet: ask later
  return out;
}

void binance_order_tracker::acknowledge(tracked_order& o, std::int64_t venue_order_id, std::int64_t now_ms,
                                        tracker_events& out) {
  if (o.venue_order_id != 0)
    return;
  o.venue_order_id = venue_order_id;
  out.acks.push_back({o.client_order_id, std::to_string(o.venue_order_id), ms_to_ns(now_ms)});
}

bool binance_order_tracker::advance(tracked_order& o, const venue_progress& given, std::int64_t now_ms,
                                    tracker_events& out) {
  auto p = given;
  if (!o.ordered.zero() && p.cumulative > o.ordered) {
    out.log.push_back("order " + o.client_order_id + ": the venue reports " + p.cumulative.str() +
                      " executed of " + o.ordered.str() + " ordered; taken as " + o.ordered.str());
    p.cumulative = o.ordered;
    p.last_qty.reset();
  }
  if (p.cumulative <= o.executed)
    return true;  // reported already (by the other source, or before)
  const decimal8 qty{p.cumulative.units - o.executed.units};
  const double dq = p.cumulative_quote - o.executed_quote;
  fill f;
  f.client_order_id = o.client_order_id;
  f.symbol = o.symbol;
  f.sd = o.sd;
  f.qty = qty.value();
  // The trade's own figures when this event is all of what is new; else the averages.
  const bool exact = p.last_qty && *p.last_qty == qty;
  double price = exact ? p.last_price : (f.qty > 0 ? dq / f.qty : 0);
  double quote = p.cumulative_quote;
  double traded = dq;  // the quote quantity of what is new
  if (!(std::isfinite(price) && price > 0)) {
    // A reply without usable figures (no cumulative quote, or one that went back): the
    // quantity is the venue's word, the price the order's own; without one, wait.
    if (!(p.fallback_price > 0)) {
      out.log.push_back("order " + o.client_order_id + ": " + qty.str() +
                        " executed without a usable price; asking again");
      return false;
    }
    out.log.push_back("order " + o.client_order_id + ": " + qty.str() +
                      " executed without a usable price; booked at the order's price");
    price = p.fallback_price;
    traded = price * f.qty;
    quote = o.executed_quote + traded;
  }
  f.price = price;
  f.fee = exact && std::isfinite(p.commission) && p.commission >= 0 ? p.commission
                                                                    : traded * cfg_.fee_rate;
  f.maker = p.maker;
  f.ts_ns = ms_to_ns(p.time_ms > 0 ? p.time_ms : now_ms);
  f.exec_id = std::to_string(o.venue_order_id) +
              (p.trade_id >= 0 ? ":t" + std::to_string(p.trade_id) : ":" + p.cumulative.str());
  out.fills.push_back(f);
  o.executed = p.cumulative;
  o.executed_quote = quote;
  return true;
}

void binance_order_tracker::settle(tracked_order& o, const std::string& status, std::int64_t now_ms,
                                   tracker_events& out) {
  if (status == "NEW" || status == "PARTIALLY_FILLED" || status == "PENDING_NEW") {
    o.state = wire_state::open;
    o.backoff_ms = 0;
    o.next_query_ms = now_ms + cfg_.poll_ms;
    return;
  }
  o.state = wire_state::done;
  if (status == "FILLED")
    return;
  // Ended without filling (wholly): the engine is told, with the venue's word for it.
  out.log.push_back("order " + o.client_order_id + ": " + status + " at the venue");
  order_status st;
  st.client_order_id = o.client_order_id;
  st.symbol = o.symbol;
  st.state = status == "REJECTED" ? order_state::rejected : order_state::cancelled;
  st.filled_qty = o.executed.value();
  st.avg_price = o.executed.value() > 0 ? o.executed_quote / o.executed.value() : 0;
  st.venue_order_id = std::to_string(o.venue_order_id);
  st.reason = "venue: " + (status.empty() ? std::string{"no status"} : status);
  st.ts_ns = ms_to_ns(now_ms);
  out.statuses.push_back(st);
}

void binance_order_tracker::apply_venue_order(tracked_order& o, const nlohmann::json& venue, std::int64_t now_ms,
                                              tracker_events& out) {
  if (!venue.is_object() || !venue.contains("orderId") || !venue["orderId"].is_number_integer()) {
    // An answer that does not say what happened (a proxy's page, a bad body): as unknown.
    out.log.push_back("order " + o.client_order_id + ": the venue's answer has no orderId; asking again");
    o.state = wire_state::unknown;
    back_off(o, now_ms);
    return;
  }
  acknowledge(o, venue["orderId"].get<std::int64_t>(), now_ms, out);
  venue_progress p;
  p.cumulative = dec_field(venue, "executedQty");
  p.cumulative_quote = num_field(venue, "cummulativeQuoteQty");
  p.fallback_price = dec_field(venue, "price").value();
  if (!advance(o, p, now_ms, out))
    return settle(o, "NEW", now_ms, out);  // polled again for figures with a price
  settle(o, binance_wire::field(venue, "status", std::string{}), now_ms, out);
}

tracker_events binance_order_tracker::on_execution(const nlohmann::json& report, std::int64_t now_ms) {
  tracker_events out;
  if (!report.is_object() || binance_wire::field(report, "e", std::string{}) != "executionReport" || !report.contains("c"))
    return out;
  // A cancel reports the canceled order's own id in "C".
  std::string id = binance_wire::field(report, "c", std::string{});
  if (binance_wire::field(report, "x", std::string{}) == "CANCELED" && report.contains("C") && report["C"].is_string() &&
      !report["C"].get<std::string>().empty())
    id = report["C"].get<std::string>();
  auto it = orders_.find(id);
  if (it == orders_.end())
    return out;
  auto& o = it->second;
  if (o.state == wire_state::done || o.state == wire_state::absent)
    return out;
  if (report.contains("i") && report["i"].is_number_integer())
    acknowledge(o, report["i"].get<std::int64_t>(), now_ms, out);
  venue_progress p;
  p.cumulative = dec_field(report, "z");
  p.cumulative_quote = num_field(report, "Z");
  p.last_qty = dec_field(report, "l");
  p.last_price = dec_field(report, "L").value();
  p.fallback_price = p.last_price > 0 ? p.last_price : dec_field(report, "p").value();
  p.commission = num_field(report, "n");
  p.maker = binance_wire::field(report, "m", false);
  p.time_ms = binance_wire::field(report, "T", now_ms);
  p.trade_id = report.contains("t") && report["t"].is_number_integer() ? report["t"].get<std::int64_t>() : -1;
  if (!advance(o, p, now_ms, out))
    settle(o, "NEW", now_ms, out);  // polled again for figures with a price
  else
    settle(o, binance_wire::field(report, "X", std::string{}), now_ms, out);
  return out;
}

const tracked_order* binance_order_tracker::find(const std::string& client_id) const {
  auto it = orders_.find(client_id);
  return it == orders_.end() ? nullptr : &it->second;
}

std::size_t binance_order_tracker::unknown() const {
  return static_cast<std::size_t>(std::count_if(orders_.begin(), orders_.end(), [](const auto& kv) {
    return kv.second.state == wire_state::unknown || kv.second.state == wire_state::sending;
  }));
}

} // namespace tickline
