#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "actors/venue/venue_state.hpp"

namespace tickline {

/// Binance spot's JSON shapes of the local venue's answers (field names and order as
/// Binance sends them; decimals as 8-place strings).
nlohmann::ordered_json exchange_info_json(const venue_state& st, std::int64_t now_ms);
nlohmann::ordered_json ticker_json(const venue_state& st, const std::string& symbol);
/// GET /api/v3/order and each of openOrders.
nlohmann::ordered_json order_json(const venue_order& o);
/// POST /api/v3/order, by newOrderRespType: ACK, RESULT (the default) or FULL (with fills).
nlohmann::ordered_json new_order_json(const venue_result& r, std::int64_t now_ms, const std::string& resp_type);
nlohmann::ordered_json cancel_json(const venue_order& o, const std::string& orig_client_id, std::int64_t now_ms);
/// POST /api/v3/orderList/oco, GET and DELETE /api/v3/orderList.
nlohmann::ordered_json order_list_json(const venue_result& r, std::int64_t now_ms);
/// One executionReport event of the user data stream (Binance's one-letter fields).
nlohmann::ordered_json execution_report_json(const venue_execution& e);
nlohmann::ordered_json account_json(const venue_state& st, std::int64_t now_ms);
nlohmann::ordered_json trades_json(const venue_state& st, const std::string& symbol);

} // namespace tickline
