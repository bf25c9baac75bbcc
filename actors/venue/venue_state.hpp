#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/broker/exchange_filters.hpp"

namespace tickline {

/// An order as the local venue keeps it, in Binance's terms.
struct venue_order {
  std::string symbol;
  std::int64_t order_id = 0;
  std::string client_order_id;
  std::string side;           ///< "BUY" or "SELL".
  std::string type;           ///< LIMIT, LIMIT_MAKER, MARKET, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT.
  std::string time_in_force;  ///< "GTC" for limits, "" otherwise.
  decimal8 price, stop_price, orig_qty, executed_qty;
  double cumulative_quote = 0;
  std::string status = "NEW"; ///< NEW, FILLED, CANCELED, EXPIRED.
  std::int64_t time_ms = 0, update_ms = 0;
  bool working = true;        ///< False for a stop that has not triggered.
  std::int64_t order_list_id = -1;  ///< The OCO it is a leg of; -1: none.
  double held = 0;            ///< Balance it holds back (of the quote for buys, the base for sells).
};

/// An OCO (one-cancels-the-other) order list: two orders of one side and quantity, one
/// above the market and one below; when either fills (or is canceled) the other ends, and
/// they hold the balance back once between them.
struct venue_oco_request {
  std::string symbol, side, list_client_id, above_client_id, below_client_id;
  std::optional<decimal8> quantity;
  std::string above_type, below_type;            ///< LIMIT_MAKER, STOP_LOSS(_LIMIT), TAKE_PROFIT(_LIMIT).
  std::optional<decimal8> above_price, above_stop_price, below_price, below_stop_price;
  std::string above_time_in_force, below_time_in_force;
};

/// An order list as the venue keeps it.
struct venue_order_list {
  std::int64_t order_list_id = 0;
  std::string list_client_id, symbol;
  std::vector<std::int64_t> order_ids;           ///< Above leg, then below leg.
  std::string list_status = "EXEC_STARTED";      ///< EXEC_STARTED, ALL_DONE.
  std::string list_order_status = "EXECUTING";   ///< EXECUTING, ALL_DONE.
  std::int64_t time_ms = 0;
};

/// A fill of one of the account's orders.
struct venue_fill {
  std::string symbol;
  std::int64_t trade_id = 0, order_id = 0;
  decimal8 price, qty;
  double quote_qty = 0, commission = 0;
  std::string commission_asset;
  std::int64_t time_ms = 0;
  bool is_buyer = false, is_maker = false;
};

/// A change of one of the account's orders, as the user data stream tells it
/// (executionReport): its state after the change, how it changed (NEW, TRADE, CANCELED,
/// EXPIRED) and, for a TRADE, the fill.
struct venue_execution {
  venue_order order;
  std::string exec_type;
  std::optional<venue_fill> fill;
  std::int64_t time_ms = 0;
};

/// One asset's balance.
struct venue_balance {
  double free = 0, locked = 0;
};

/// An order request as the REST endpoint parsed it.
struct venue_order_request {
  std::string symbol, side, type, time_in_force, client_order_id;
  std::optional<decimal8> price, stop_price, quantity;
};

/// What a request came to: the order (and its fills) or Binance's error code and message.
struct venue_result {
  std::optional<venue_order> order;
  std::optional<venue_order_list> list;       ///< An OCO's list (its legs in `legs`).
  std::vector<venue_order> legs;
  std::vector<venue_fill> fills;
  int code = 0;               ///< 0: done; else -2010, -2011, -2013, -1013, -1102, -1106, -1116, -1117, -1121.
  std::string msg;
};

/// A local Binance-compatible spot exchange for one account: symbols with their filters,
/// balances, orders and the account's fills. Orders match against the market's trades
/// (on_trade): a market order fills at once at the last price, a limit one when the
/// market trades at or through it (at once, as taker, when it is marketable on arrival;
/// LIMIT_MAKER is refused instead), a stop when the market trades at or through its stop
/// price, then as its market or limit order. Fills are whole (the venue's market has
/// whatever depth an order needs). Fees are `fee_rate` of the quote amount, in the quote
/// asset. Buys lock quote (a market buy: nothing; it is checked at the fill), sells lock
/// base. No clock: every call takes the time in ms.
class venue_state {
public:
  venue_state(std::vector<symbol_filters> symbols, std::map<std::string, double> balances,
              double fee_rate);

  venue_result place(const venue_order_request& r, std::int64_t now_ms);
  /// An OCO: a SELL's above leg is its take-profit (LIMIT_MAKER or TAKE_PROFIT(_LIMIT)) and
  /// its below leg its stop (STOP_LOSS(_LIMIT)); a BUY the other way round. Neither may
  /// fill or trigger on arrival.
  venue_result place_oco(const venue_oco_request& r, std::int64_t now_ms);
  /// An order list by id (>0) or list client id.
  venue_result query_list(const std::string& symbol, std::int64_t list_id, const std::string& list_client_id) const;
  venue_result cancel_list(const std::string& symbol, std::int64_t list_id, const std::string& list_client_id,
                           std::int64_t now_ms);
  /// By order id (>0) or the client order id.
  venue_result cancel(const std::string& symbol, std::int64_t order_id, const std::string& client_id,
                      std::int64_t now_ms);
  venue_result query(const std::string& symbol, std::int64_t order_id, const std::string& client_id) const;
  std::vector<venue_order> open_orders(const std::string& symbol) const;
  /// Every order of `symbol`, open or not, oldest first.
  std::vector<venue_order> all_orders(const std::string& symbol) const;
  /// A trade of the market: sets the last price and fills what it reaches.
  std::vector<venue_fill> on_trade(const std::string& symbol, double price, std::int64_t now_ms);

  const std::vector<symbol_filters>& symbols() const { return symbols_; }
  const symbol_filters* filters(const std::string& symbol) const;
  const std::map<std::string, venue_balance>& balances() const { return balances_; }
  const std::vector<venue_fill>& fills() const { return fills_; }
  std::optional<double> last_price(const std::string& symbol) const;
  /// The executions since the last call, oldest first.
  std::vector<venue_execution> take_events() { return std::exchange(events_, {}); }
  double fee_rate() const { return fee_rate_; }

private:
  venue_order* find(const std::string& symbol, std::int64_t order_id, const std::string& client_id);
  venue_fill fill(venue_order& o, double price, bool maker, std::int64_t now_ms);
  bool reachable(const venue_order& o, double price) const;
  void release(venue_order& o);
  /// Moves `need` of `b` from free to locked (short by at most `slack`) and records it in
  /// `held`; false when there is not enough.
  static bool take(venue_balance& b, double need, double slack, double& held);
  /// Whether an open order has this client id (an empty one: never).
  bool open_client_id(const std::string& client_id) const;
  /// `o` and, when it is a leg of an OCO, the other leg (the list's order).
  std::vector<venue_order*> with_list(venue_order& o);
  /// Cancels `o` and, with it, its OCO.
  void cancel_order(venue_order& o, std::int64_t now_ms);
  /// Releases what `o` and the other legs of its list hold, and ends those legs with
  /// `sibling_status` (EXPIRED when `o` filled, CANCELED when it was canceled).
  void end_list(venue_order& o, const std::string& sibling_status, std::int64_t now_ms);
  /// Checks and holds back what an order (or an OCO, held once) needs; "" or why not.
  std::string hold(venue_order& o, const symbol_filters& f, std::optional<double> last);
  venue_result list_result(const venue_order_list& l) const;
  void report(const venue_order& o, const std::string& exec_type, const venue_fill* f, std::int64_t now_ms);

  std::vector<symbol_filters> symbols_;
  std::map<std::string, venue_balance> balances_;
  double fee_rate_;
  std::map<std::int64_t, venue_order> orders_;   ///< Every order, by id.
  std::map<std::int64_t, venue_order_list> lists_;
  std::int64_t next_list_id_ = 1;
  std::map<std::string, double> last_;           ///< Last trade price by symbol.
  std::vector<venue_fill> fills_;
  std::vector<venue_execution> events_;
  std::int64_t next_order_id_ = 1, next_trade_id_ = 1;
};

} // namespace tickline
