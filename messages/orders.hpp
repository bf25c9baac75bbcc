#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "messages/enums.hpp"
#include "messages/signals.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

/// Why the strategy wants an entry: the evidence and the sizing behind it, carried with the
/// intent for the trade log (key names in docs/trading.md).
struct entry_context {
  std::string tag;                          ///< The leading signal, e.g. "pattern:engulfing".
  std::vector<signal> signals;              ///< The signals that voted, latest per kind.name.
  std::map<std::string, double> indicators; ///< At decision time: atr, realized_vol, ...
  std::string regime;                       ///< "ranging", "trending", "volatile"; empty = unknown.
  std::map<std::string, double> sizing;     ///< Sizing inputs and factors: equity, kelly, ...
  std::string limited_by;                   ///< What set the size (sizing_result::limited_by).
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, entry_context& x) {
  return f(caf::meta::type_name("entry_context"), x.tag, x.signals, x.indicators, x.regime,
           x.sizing, x.limited_by);
}
template <class Archive>
void serialize(Archive& ar, entry_context& x) {
  ar(x.tag, x.signals, x.indicators, x.regime, x.sizing, x.limited_by);
}

/// What the strategy wants to do; strategy -> risk_supervisor.
struct order_intent {
  std::string intent_id;
  std::string symbol;
  side sd = side::buy;
  double qty = 0;
  order_type type = order_type::market;
  double limit_price = 0;          ///< For limit and stop-limit orders.
  double stop_price = 0;           ///< For stop and stop-limit orders.
  double stop_loss = 0;            ///< Protective stop of the bracket; 0 = none.
  std::vector<double> take_profits; ///< Take-profit prices of the bracket.
  double confidence = 0;           ///< In [0,1].
  std::string reason;              ///< Which signals led to it.
  std::int64_t ts_ns = 0;
  entry_context context;           ///< The evidence and sizing behind it (trade log).
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_intent& x) {
  return f(caf::meta::type_name("order_intent"), x.intent_id, x.symbol, x.sd, x.qty, x.type,
           x.limit_price, x.stop_price, x.stop_loss, x.take_profits, x.confidence, x.reason,
           x.ts_ns, x.context);
}
template <class Archive>
void serialize(Archive& ar, order_intent& x) {
  ar(x.intent_id, x.symbol, x.sd, x.qty, x.type, x.limit_price, x.stop_price, x.stop_loss,
     x.take_profits, x.confidence, x.reason, x.ts_ns, x.context);
}

/// An order sent to a venue; order_manager -> broker.
struct order_request {
  std::string client_order_id;     ///< Unique across restarts.
  std::string symbol;
  side sd = side::buy;
  order_type type = order_type::market;
  time_in_force tif = time_in_force::gtc;
  double qty = 0;
  double limit_price = 0;
  double stop_price = 0;
  bool reduce_only = false;
  std::int64_t ts_ns = 0;
  /// The exits of one position that the venue keeps within it (empty = none): a fill of
  /// one of the group's limit orders (a take-profit) reduces the group's stop by the same
  /// quantity, and a fill of the stop cancels the group's limit orders. The stop then
  /// covers what the take-profits have not taken, and together they never sell more than
  /// the position. Reported as order_status with a reason starting with
  /// exit_group_reason. Not in the cereal form (stored apart, see broker_order).
  std::string exit_group;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_request& x) {
  return f(caf::meta::type_name("order_request"), x.client_order_id, x.symbol, x.sd, x.type,
           x.tif, x.qty, x.limit_price, x.stop_price, x.reduce_only, x.ts_ns, x.exit_group);
}
template <class Archive>
void serialize(Archive& ar, order_request& x) {
  ar(x.client_order_id, x.symbol, x.sd, x.type, x.tif, x.qty, x.limit_price, x.stop_price,
     x.reduce_only, x.ts_ns);
}

/// The venue accepted an order; broker -> order_manager.
struct order_ack {
  std::string client_order_id;
  std::string venue_order_id;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_ack& x) {
  return f(caf::meta::type_name("order_ack"), x.client_order_id, x.venue_order_id, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, order_ack& x) {
  ar(x.client_order_id, x.venue_order_id, x.ts_ns);
}

/// The venue or the risk supervisor refused an order; -> order_manager, strategy.
struct order_reject {
  std::string client_order_id;
  std::string reason;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_reject& x) {
  return f(caf::meta::type_name("order_reject"), x.client_order_id, x.reason, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, order_reject& x) {
  ar(x.client_order_id, x.reason, x.ts_ns);
}

/// A request to cancel a working order; order_manager -> broker.
struct order_cancel {
  std::string client_order_id;
  std::string reason;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_cancel& x) {
  return f(caf::meta::type_name("order_cancel"), x.client_order_id, x.reason, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, order_cancel& x) {
  ar(x.client_order_id, x.reason, x.ts_ns);
}

/// A fill reported by a broker; broker -> order_manager, portfolio, trade_logger.
struct fill {
  std::string client_order_id;
  std::string symbol;
  side sd = side::buy;
  double price = 0;
  double qty = 0;
  double fee = 0;
  bool maker = false;
  std::int64_t ts_ns = 0;          ///< Exchange time, nanoseconds since epoch.
  /// The execution's identity at its venue: the venue's trade id, or the paper broker's
  /// persisted fill number ("paper-17"). Two executions with the same price, quantity
  /// and time are two fills; the same exec_id twice is one. Empty only for a fill that
  /// reconciliation synthesized, or one journaled before executions had ids.
  std::string exec_id;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fill& x) {
  return f(caf::meta::type_name("fill"), x.client_order_id, x.symbol, x.sd, x.price, x.qty,
           x.fee, x.maker, x.ts_ns, x.exec_id);
}
/// The fields before exec_id: what a fill stored before executions had ids looks like
/// (the paper broker reads its old books with it).
template <class Archive>
void serialize_without_exec_id(Archive& ar, fill& x) {
  ar(x.client_order_id, x.symbol, x.sd, x.price, x.qty, x.fee, x.maker, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, fill& x) {
  serialize_without_exec_id(ar, x);
  ar(x.exec_id);
}

/// An entry order has ended (filled, cancelled or rejected), after its last booked fill;
/// order_manager -> portfolio, which passes the intent on in its next account_update.
struct entry_settled {
  std::string intent_id;
  std::string symbol;
  std::string client_order_id;
  double filled_qty = 0;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, entry_settled& x) {
  return f(caf::meta::type_name("entry_settled"), x.intent_id, x.symbol, x.client_order_id,
           x.filled_qty, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, entry_settled& x) {
  ar(x.intent_id, x.symbol, x.client_order_id, x.filled_qty, x.ts_ns);
}

/// A fill as the order manager booked it (journaled, known), with what its order was for;
/// order_manager -> portfolio, trade_logger.
struct booked_fill {
  tickline::fill fill;
  std::string purpose;             ///< "entry", or the exit reason: stop_loss, take_profit,
                                   ///< trailing_stop, time_stop, stop_rejected, flatten,
                                   ///< emergency_stop; empty for an order it does not know.
  std::string entry_tag;           ///< What opened the position: the entry intent's tag.
  std::string intent_id;           ///< The entry intent (for exits, that of their bracket).
  std::string trade_id;            ///< The entry order's id (for exits, their bracket's).
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, booked_fill& x) {
  return f(caf::meta::type_name("booked_fill"), x.fill, x.purpose, x.entry_tag, x.intent_id,
           x.trade_id);
}
template <class Archive>
void serialize(Archive& ar, booked_fill& x) {
  ar(x.fill, x.purpose, x.entry_tag, x.intent_id, x.trade_id);
}

/// A net position in one symbol; portfolio -> risk_supervisor, http.
struct position {
  std::string symbol;
  double qty = 0;                  ///< Signed: > 0 long, < 0 short.
  double avg_price = 0;
  double realized_pnl = 0;
  double unrealized_pnl = 0;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, position& x) {
  return f(caf::meta::type_name("position"), x.symbol, x.qty, x.avg_price, x.realized_pnl,
           x.unrealized_pnl, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, position& x) {
  ar(x.symbol, x.qty, x.avg_price, x.realized_pnl, x.unrealized_pnl, x.ts_ns);
}

} // namespace tickline
