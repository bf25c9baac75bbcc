#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "messages/enums.hpp"
#include "messages/orders.hpp"

// The records the order manager keeps per order and per bracket. Plain data; the rules
// that change them are in order_manager_state.

namespace tickline {

/// What an order is for within the order manager.
enum class order_role : std::uint8_t {
  entry,        ///< Sent for an intent.
  stop,         ///< A bracket's protective stop over its whole open quantity.
  take_profit,  ///< One of a bracket's take-profit targets.
  close,        ///< Closes a bracket at market (time stop, refused stop).
  flatten,      ///< Brings a symbol's net position to zero (emergency stop).
};

/// Where an order stands in the order manager: new -> sent -> acked -> partially_filled ->
/// filled | cancelled | rejected; `unknown` after a restart until the broker has answered.
enum class lifecycle : std::uint8_t {
  new_, sent, acked, partially_filled, filled, cancelled, rejected, unknown
};

/// Text forms used in journal records: "entry", "stop", "take_profit", "close", "flatten".
std::string to_string(order_role x);
/// "new", "sent", "acked", "partially_filled", "filled", "cancelled", "rejected", "unknown".
std::string to_string(lifecycle x);
/// Parses what to_string(order_role) prints; false when unknown.
bool parse_role(const std::string& text, order_role& out);

/// True when `a` and `b` differ by no more than rounding: 1e-9, relative above 1.
bool nearly_equal(double a, double b);
/// True when `qty` is more than rounding above zero.
inline bool positive_qty(double qty) { return qty > 0 && !nearly_equal(qty, 0); }
/// True for a finite number above zero (a usable price or quantity).
inline bool finite_positive(double x) { return std::isfinite(x) && x > 0; }
/// The other side: an exit's side for an entry's.
inline side opposite(side s) { return s == side::buy ? side::sell : side::buy; }

/// The shares of a bracket's filled quantity for `n` targets: `configured` when it has
/// exactly n, else n equal shares.
std::vector<double> target_shares(const std::vector<double>& configured, std::size_t n);

/// What an order record carries: the request and its place in a bracket.
struct order_spec {
  order_request request;
  order_role role = order_role::entry;
  std::string bracket;              ///< Exits: the entry id of their bracket; else empty.
  int tp_index = -1;                ///< take_profit: which target; else -1.
  std::string intent_id;            ///< entry: the intent it was sent for.
  double stop_loss = 0;             ///< entry: the bracket's stop; 0 = none.
  std::vector<double> take_profits; ///< entry: the bracket's targets.
  std::vector<double> tp_fractions; ///< entry: share of the filled quantity per target.
  std::string tag;                  ///< entry: the intent's tag (what opens the position);
                                    ///< flatten: why it was flattened; else empty.
};
template <class Archive>
void serialize(Archive& ar, order_spec& x) {
  ar(x.request, x.role, x.bracket, x.tp_index, x.intent_id, x.stop_loss, x.take_profits,
     x.tp_fractions, x.tag);
}

/// One order and everything learned about it since it was decided.
struct managed_order {
  order_spec spec;
  lifecycle state = lifecycle::new_;
  double filled_qty = 0;
  double avg_price = 0;             ///< Average fill price; 0 before the first fill.
  double synthesized_open = 0;      ///< Synthesized quantity no broker fill has matched yet.
  std::string venue_order_id;
  std::string reason;               ///< Why it was cancelled or rejected.
  bool cancel_requested = false;
  std::int64_t created_ns = 0;
  std::int64_t updated_ns = 0;
  std::int64_t queried_ns = 0;      ///< Time of the last order_query; 0 = none.
  std::vector<std::string> fill_keys; ///< Fills applied, to ignore a repeated one.

  /// The order id.
  const std::string& id() const { return spec.request.client_order_id; }
  /// Quantity not filled yet, never negative.
  double remaining() const;
  /// Filled, cancelled or rejected: nothing can change it any more.
  bool terminal() const;
  /// Not terminal and no cancel requested: still counted on to execute.
  bool working() const { return !terminal() && !cancel_requested; }
};
template <class Archive>
void serialize(Archive& ar, managed_order& x) {
  ar(x.spec, x.state, x.filled_qty, x.avg_price, x.synthesized_open, x.venue_order_id,
     x.reason, x.cancel_requested, x.created_ns, x.updated_ns, x.queried_ns, x.fill_keys);
}

/// The exits of one entry: a stop over the whole open quantity and take-profit targets
/// splitting it, all sized to what the entry has filled so far.
struct bracket {
  std::string entry_id;
  std::string symbol;
  side sd = side::buy;              ///< The entry's side; exits take the other one.
  double stop_price = 0;            ///< Where the stop should stand now; 0 = no stop.
  std::vector<double> take_profits;
  std::vector<double> tp_fractions;
  std::vector<double> tp_filled;    ///< Filled quantity per target.
  std::vector<std::uint8_t> tp_dropped; ///< 1 = refused by the venue, not sent again.
  std::vector<std::string> exit_ids; ///< Every exit order of the bracket, oldest first.
  double exited = 0;                ///< Quantity closed by the bracket's exit fills.
  double best = 0;                  ///< Best price since the first entry fill.
  std::int64_t opened_ns = 0;       ///< Time of the first entry fill; 0 = none yet.
  bool armed = true;                ///< False after cancel_all or flatten_all.
  bool stopped = false;             ///< The stop has filled (take-profits are cancelled).
  bool closing = false;             ///< Being closed at market.
};
template <class Archive>
void serialize(Archive& ar, bracket& x) {
  ar(x.entry_id, x.symbol, x.sd, x.stop_price, x.take_profits, x.tp_fractions, x.tp_filled,
     x.tp_dropped, x.exit_ids, x.exited, x.best, x.opened_ns, x.armed, x.stopped, x.closing);
}

/// An event that broke the order lifecycle (fill for an unknown id, ack after a terminal
/// state...), kept for operators; it changed nothing it should not have.
struct om_problem {
  std::int64_t ts_ns = 0;
  std::string client_order_id;
  std::string what;
};
template <class Archive>
void serialize(Archive& ar, om_problem& x) {
  ar(x.ts_ns, x.client_order_id, x.what);
}

} // namespace tickline
