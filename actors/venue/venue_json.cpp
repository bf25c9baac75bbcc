#include "actors/venue/venue_json.hpp"

#include <cstdio>

namespace tickline {

namespace {

using json = nlohmann::ordered_json;

std::string dec(double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.8f", x);
  return buf;
}

json filters_json(const symbol_filters& f) {
  return json::array({
    json{{"filterType", "PRICE_FILTER"}, {"minPrice", f.min_price.str()}, {"maxPrice", f.max_price.str()},
         {"tickSize", f.tick_size.str()}},
    json{{"filterType", "LOT_SIZE"}, {"minQty", f.min_qty.str()}, {"maxQty", f.max_qty.str()},
         {"stepSize", f.step_size.str()}},
    json{{"filterType", "MARKET_LOT_SIZE"}, {"minQty", f.min_qty.str()}, {"maxQty", f.max_qty.str()},
         {"stepSize", f.step_size.str()}},
    json{{"filterType", "NOTIONAL"}, {"minNotional", f.min_notional.str()},
         {"applyMinToMarket", f.min_notional_to_market}, {"maxNotional", f.max_notional.str()},
         {"applyMaxToMarket", false}, {"avgPriceMins", 5}},
  });
}

} // namespace

json exchange_info_json(const venue_state& st, std::int64_t now_ms) {
  json symbols = json::array();
  for (const auto& f : st.symbols())
    symbols.push_back(json{
      {"symbol", f.symbol}, {"status", "TRADING"}, {"baseAsset", f.base}, {"baseAssetPrecision", 8},
      {"quoteAsset", f.quote}, {"quotePrecision", 8}, {"quoteAssetPrecision", 8},
      {"baseCommissionPrecision", 8}, {"quoteCommissionPrecision", 8},
      {"orderTypes", {"LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT",
                      "TAKE_PROFIT_LIMIT"}},
      {"icebergAllowed", false}, {"ocoAllowed", true}, {"otoAllowed", false},
      {"quoteOrderQtyMarketAllowed", false}, {"allowTrailingStop", false}, {"cancelReplaceAllowed", false},
      {"isSpotTradingAllowed", true}, {"isMarginTradingAllowed", false}, {"filters", filters_json(f)},
      {"permissions", json::array()}, {"permissionSets", {{"SPOT"}}},
      {"defaultSelfTradePreventionMode", "NONE"}, {"allowedSelfTradePreventionModes", {"NONE"}}});
  return json{
    {"timezone", "UTC"},
    {"serverTime", now_ms},
    {"rateLimits",
     {json{{"rateLimitType", "REQUEST_WEIGHT"}, {"interval", "MINUTE"}, {"intervalNum", 1}, {"limit", 6000}},
      json{{"rateLimitType", "ORDERS"}, {"interval", "SECOND"}, {"intervalNum", 10}, {"limit", 100}},
      json{{"rateLimitType", "ORDERS"}, {"interval", "DAY"}, {"intervalNum", 1}, {"limit", 200000}}}},
    {"exchangeFilters", json::array()},
    {"symbols", symbols}};
}

json ticker_json(const venue_state& st, const std::string& symbol) {
  auto one = [&](const std::string& s) {
    return json{{"symbol", s}, {"price", dec(st.last_price(s).value_or(0))}};
  };
  if (!symbol.empty())
    return one(symbol);
  json out = json::array();
  for (const auto& f : st.symbols())
    out.push_back(one(f.symbol));
  return out;
}

// The fields every answer about an order has, in Binance's order.
void add_order_state(json& out, const venue_order& o) {
  out["price"] = o.price.str();
  out["origQty"] = o.orig_qty.str();
  out["executedQty"] = o.executed_qty.str();
  out["cummulativeQuoteQty"] = dec(o.cumulative_quote);
  out["status"] = o.status;
  out["timeInForce"] = o.time_in_force.empty() ? "GTC" : o.time_in_force;
  out["type"] = o.type;
  out["side"] = o.side;
}

json order_json(const venue_order& o) {
  json out{{"symbol", o.symbol},
           {"orderId", o.order_id},
           {"orderListId", o.order_list_id},
           {"clientOrderId", o.client_order_id}};
  add_order_state(out, o);
  out["stopPrice"] = o.stop_price.str();
  out["icebergQty"] = "0.00000000";
  out["time"] = o.time_ms;
  out["updateTime"] = o.update_ms;
  out["isWorking"] = o.working;
  out["workingTime"] = o.working ? o.time_ms : -1;
  out["origQuoteOrderQty"] = "0.00000000";
  out["selfTradePreventionMode"] = "NONE";
  return out;
}

json new_order_json(const venue_result& r, std::int64_t now_ms, const std::string& resp_type) {
  const auto& o = *r.order;
  json out{{"symbol", o.symbol}, {"orderId", o.order_id}, {"orderListId", -1},
           {"clientOrderId", o.client_order_id}, {"transactTime", now_ms}};
  if (resp_type == "ACK")
    return out;
  add_order_state(out, o);
  out["origQuoteOrderQty"] = "0.00000000";
  if (!o.stop_price.zero())
    out["stopPrice"] = o.stop_price.str();
  out["workingTime"] = o.working ? o.time_ms : -1;
  out["selfTradePreventionMode"] = "NONE";
  if (resp_type == "FULL") {
    json fills = json::array();
    for (const auto& f : r.fills)
      fills.push_back(json{{"price", f.price.str()}, {"qty", f.qty.str()}, {"commission", dec(f.commission)},
                           {"commissionAsset", f.commission_asset}, {"tradeId", f.trade_id}});
    out["fills"] = fills;
  }
  return out;
}

json cancel_json(const venue_order& o, const std::string& orig_client_id, std::int64_t now_ms) {
  json out{{"symbol", o.symbol},
           {"origClientOrderId", orig_client_id.empty() ? o.client_order_id : orig_client_id},
           {"orderId", o.order_id},
           {"orderListId", o.order_list_id},
           {"clientOrderId", o.client_order_id},
           {"transactTime", now_ms}};
  add_order_state(out, o);
  out["selfTradePreventionMode"] = "NONE";
  return out;
}

json order_list_json(const venue_result& r, std::int64_t now_ms) {
  const auto& l = *r.list;
  json orders = json::array(), reports = json::array();
  for (const auto& o : r.legs) {
    orders.push_back(json{{"symbol", o.symbol}, {"orderId", o.order_id}, {"clientOrderId", o.client_order_id}});
    auto rep = order_json(o);
    rep["orderListId"] = l.order_list_id;
    rep["transactTime"] = now_ms;
    reports.push_back(rep);
  }
  return json{{"orderListId", l.order_list_id},
              {"contingencyType", "OCO"},
              {"listStatusType", l.list_status},
              {"listOrderStatus", l.list_order_status},
              {"listClientOrderId", l.list_client_id},
              {"transactionTime", now_ms},
              {"symbol", l.symbol},
              {"orders", orders},
              {"orderReports", reports}};
}

json execution_report_json(const venue_execution& e) {
  const auto& o = e.order;
  const bool trade = e.fill.has_value();
  return json{{"e", "executionReport"},
              {"E", e.time_ms},
              {"s", o.symbol},
              {"c", o.client_order_id},
              {"S", o.side},
              {"o", o.type},
              {"f", o.time_in_force.empty() ? "GTC" : o.time_in_force},
              {"q", o.orig_qty.str()},
              {"p", o.price.str()},
              {"P", o.stop_price.str()},
              {"F", "0.00000000"},
              {"g", o.order_list_id},
              {"C", e.exec_type == "CANCELED" ? o.client_order_id : ""},
              {"x", e.exec_type},
              {"X", o.status},
              {"r", "NONE"},
              {"i", o.order_id},
              {"l", trade ? e.fill->qty.str() : "0.00000000"},
              {"z", o.executed_qty.str()},
              {"L", trade ? e.fill->price.str() : "0.00000000"},
              {"n", trade ? dec(e.fill->commission) : "0"},
              {"N", trade ? json(e.fill->commission_asset) : json(nullptr)},
              {"T", e.time_ms},
              {"t", trade ? e.fill->trade_id : -1},
              {"w", o.status == "NEW" && o.working},
              {"m", trade && e.fill->is_maker},
              {"M", false},
              {"O", o.time_ms},
              {"Z", dec(o.cumulative_quote)},
              {"Y", trade ? dec(e.fill->quote_qty) : "0.00000000"},
              {"Q", "0.00000000"},
              {"W", o.working ? o.time_ms : -1},
              {"V", "NONE"}};
}

json account_json(const venue_state& st, std::int64_t now_ms) {
  const int bps = static_cast<int>(st.fee_rate() * 10000 + 0.5);
  json balances = json::array();
  for (const auto& [asset, b] : st.balances())
    balances.push_back(json{{"asset", asset}, {"free", dec(b.free)}, {"locked", dec(b.locked)}});
  return json{{"makerCommission", bps},
              {"takerCommission", bps},
              {"buyerCommission", 0},
              {"sellerCommission", 0},
              {"commissionRates",
               {{"maker", dec(st.fee_rate())}, {"taker", dec(st.fee_rate())}, {"buyer", "0.00000000"},
                {"seller", "0.00000000"}}},
              {"canTrade", true},
              {"canWithdraw", false},
              {"canDeposit", false},
              {"brokered", false},
              {"requireSelfTradePrevention", false},
              {"preventSor", false},
              {"updateTime", now_ms},
              {"accountType", "SPOT"},
              {"balances", balances},
              {"permissions", {"SPOT"}},
              {"uid", 1}};
}

json trades_json(const venue_state& st, const std::string& symbol) {
  json out = json::array();
  for (const auto& f : st.fills())
    if (f.symbol == symbol)
      out.push_back(json{{"symbol", f.symbol},
                         {"id", f.trade_id},
                         {"orderId", f.order_id},
                         {"orderListId", -1},
                         {"price", f.price.str()},
                         {"qty", f.qty.str()},
                         {"quoteQty", dec(f.quote_qty)},
                         {"commission", dec(f.commission)},
                         {"commissionAsset", f.commission_asset},
                         {"time", f.time_ms},
                         {"isBuyer", f.is_buyer},
                         {"isMaker", f.is_maker},
                         {"isBestMatch", true}});
  return out;
}

} // namespace tickline
