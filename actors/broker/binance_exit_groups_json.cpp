#include "actors/broker/binance_exit_groups.hpp"
#include "actors/broker/binance_wire.hpp"

// The exit groups' stored form: JSON with named fields and decimals as strings, what the
// Binance broker writes to RocksDB before it sends a leg.

namespace tickline {

namespace {

std::string state_text(exit_leg_state s) {
  switch (s) {
    case exit_leg_state::placing: return "placing";
    case exit_leg_state::live: return "live";
    case exit_leg_state::cancelling: return "cancelling";
    case exit_leg_state::done: return "done";
  }
  return "done";
}

exit_leg_state state_from(const std::string& s) {
  if (s == "placing")
    return exit_leg_state::placing;
  if (s == "live")
    return exit_leg_state::live;
  if (s == "cancelling")
    return exit_leg_state::cancelling;
  if (s == "done")
    return exit_leg_state::done;
  throw std::invalid_argument("exit leg state \"" + s + "\"");
}

std::string kind_text(exit_leg_kind k) {
  return k == exit_leg_kind::oco ? "oco" : k == exit_leg_kind::limit ? "limit" : "stop";
}

exit_leg_kind kind_from(const std::string& s) {
  if (s == "oco")
    return exit_leg_kind::oco;
  if (s == "limit")
    return exit_leg_kind::limit;
  if (s == "stop")
    return exit_leg_kind::stop;
  throw std::invalid_argument("exit leg kind \"" + s + "\"");
}

decimal8 dec_from(const nlohmann::json& j, const char* key) {
  auto d = decimal8::parse(j.at(key).get<std::string>());
  if (!d)
    throw std::invalid_argument(std::string{key} + " is not a decimal");
  return *d;
}


} // namespace

nlohmann::json binance_exit_groups::to_json(const exit_group& g) {
  nlohmann::json orders = nlohmann::json::array();
  for (const auto& [id, o] : g.orders)
    orders.push_back({{"id", id},
                      {"type", to_string(o.req.type)},
                      {"qty_ordered", o.req.qty},
                      {"limit_price", o.req.limit_price},
                      {"stop_price", o.req.stop_price},
                      {"ts_ns", o.req.ts_ns},
                      {"qty", o.qty},
                      {"filled", o.filled},
                      {"filled_quote", o.filled_quote},
                      {"acked", o.acked},
                      {"cancel_requested", o.cancel_requested},
                      {"ended", o.ended},
                      {"venue_order_id", o.venue_order_id}});
  nlohmann::json legs = nlohmann::json::array();
  for (const auto& l : g.legs)
    legs.push_back({{"kind", kind_text(l.kind)},
                    {"state", state_text(l.state)},
                    {"list_id", l.list_id},
                    {"stop_id", l.stop_id},
                    {"limit_id", l.limit_id},
                    {"stop_engine", l.stop_engine},
                    {"limit_engine", l.limit_engine},
                    {"qty", l.qty.str()},
                    {"stop_price", l.stop_price.str()},
                    {"limit_price", l.limit_price.str()},
                    {"stop_filled", l.stop_filled.str()},
                    {"limit_filled", l.limit_filled.str()},
                    {"stop_ended", l.stop_ended},
                    {"limit_ended", l.limit_ended}});
  return {{"id", g.id},           {"symbol", g.symbol},   {"side", to_string(g.sd)},
          {"orders", orders},     {"legs", legs},         {"next_leg", g.next_leg},
          {"stopping", g.stopping}, {"hold_until_ms", g.hold_until_ms}, {"finished_ms", g.finished_ms}};
}

exit_group binance_exit_groups::from_json(const nlohmann::json& j) {
  exit_group g;
  g.id = j.at("id").get<std::string>();
  g.symbol = j.at("symbol").get<std::string>();
  auto sd = from_string<side>(j.at("side").get<std::string>());
  if (!sd)
    throw std::invalid_argument("side");
  g.sd = *sd;
  for (const auto& x : j.at("orders")) {
    exit_order o;
    o.req.client_order_id = x.at("id").get<std::string>();
    o.req.symbol = g.symbol;
    o.req.sd = g.sd;
    auto type = from_string<order_type>(x.at("type").get<std::string>());
    if (!type)
      throw std::invalid_argument("order type");
    o.req.type = *type;
    o.req.qty = x.at("qty_ordered").get<double>();
    o.req.limit_price = x.at("limit_price").get<double>();
    o.req.stop_price = x.at("stop_price").get<double>();
    o.req.ts_ns = x.at("ts_ns").get<std::int64_t>();
    o.req.reduce_only = true;
    o.req.exit_group = g.id;
    o.qty = x.at("qty").get<double>();
    o.filled = x.at("filled").get<double>();
    o.filled_quote = x.at("filled_quote").get<double>();
    o.acked = x.at("acked").get<bool>();
    o.cancel_requested = x.at("cancel_requested").get<bool>();
    o.ended = x.at("ended").get<bool>();
    o.venue_order_id = x.at("venue_order_id").get<std::string>();
    g.orders.emplace(o.req.client_order_id, o);
  }
  for (const auto& x : j.at("legs")) {
    exit_leg l;
    l.kind = kind_from(x.at("kind").get<std::string>());
    l.state = state_from(x.at("state").get<std::string>());
    l.list_id = x.at("list_id").get<std::string>();
    l.stop_id = x.at("stop_id").get<std::string>();
    l.limit_id = x.at("limit_id").get<std::string>();
    l.stop_engine = x.at("stop_engine").get<std::string>();
    l.limit_engine = x.at("limit_engine").get<std::string>();
    l.qty = dec_from(x, "qty");
    l.stop_price = dec_from(x, "stop_price");
    l.limit_price = dec_from(x, "limit_price");
    l.stop_filled = dec_from(x, "stop_filled");
    l.limit_filled = dec_from(x, "limit_filled");
    l.stop_ended = x.at("stop_ended").get<bool>();
    l.limit_ended = x.at("limit_ended").get<bool>();
    g.legs.push_back(l);
  }
  g.next_leg = j.at("next_leg").get<std::uint64_t>();
  g.stopping = j.at("stopping").get<bool>();
  g.hold_until_ms = j.at("hold_until_ms").get<std::int64_t>();
  g.finished_ms = binance_wire::field(j, "finished_ms", std::int64_t{0});
  return g;
}

} // namespace tickline
