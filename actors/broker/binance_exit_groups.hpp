#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/broker/broker_event.hpp"
#include "actors/broker/exchange_filters.hpp"
#include "messages/broker.hpp"
#include "messages/orders.hpp"

namespace tickline {

/// How a venue order stands for an exit group's engine orders: a plain stop, a plain
/// limit (a take-profit while no stop is live), or an OCO pairing one take-profit with
/// the stop for the take-profit's quantity.
enum class exit_leg_kind { stop, limit, oco };

/// Where a leg is.
enum class exit_leg_state {
  placing,     ///< Sent (or about to be); its outcome is not known yet.
  live,        ///< At the venue, working.
  cancelling,  ///< We asked the venue to cancel it (a new shape of the group).
  done,        ///< Nothing of it works any more (filled, cancelled, expired, rejected, absent).
};

/// One venue order (or OCO) of an exit group.
struct exit_leg {
  exit_leg_kind kind = exit_leg_kind::stop;
  exit_leg_state state = exit_leg_state::placing;
  std::string list_id;              ///< OCO: listClientOrderId; else empty.
  std::string stop_id, limit_id;    ///< Venue client ids of its stop and limit orders ("" = none).
  std::string stop_engine, limit_engine;  ///< The engine orders they stand for.
  decimal8 qty;                     ///< Ordered, on the venue's step.
  decimal8 stop_price, limit_price; ///< On the venue's tick.
  decimal8 stop_filled, limit_filled;
  bool stop_ended = false, limit_ended = false;  ///< That venue order is over.

  /// Venue client ids of its orders.
  std::vector<std::string> venue_ids() const;
  decimal8 remaining() const;
  bool involves(const std::string& engine_id) const {
    return stop_engine == engine_id || limit_engine == engine_id;
  }
};

/// One engine order of an exit group (a stop or a take-profit), as the engine sees it.
struct exit_order {
  order_request req;
  double qty = 0;               ///< A stop's quantity shrinks with the targets' fills.
  double filled = 0, filled_quote = 0;
  bool acked = false, cancel_requested = false, ended = false;
  std::string venue_order_id;   ///< The venue id of its first leg to be acknowledged.
  double remaining() const { return qty - filled; }
};

/// The exits of one position.
struct exit_group {
  std::string id, symbol;
  side sd = side::sell;                       ///< Of the exits.
  std::map<std::string, exit_order> orders;   ///< By engine client id.
  std::vector<exit_leg> legs;
  std::uint64_t next_leg = 1;                 ///< Numbers the legs' client ids.
  bool stopping = false;                      ///< A stop leg filled: the targets are over.
  std::int64_t hold_until_ms = 0;             ///< No target alone is placed before (a new stop is expected).
  std::int64_t finished_ms = 0;               ///< When nothing was left to do; 0 = not yet.
};

/// A leg to send or cancel, with its group's symbol and side.
struct planned_leg {
  std::string symbol;
  side sd = side::sell;
  exit_leg leg;
};

/// What to do at the venue for the exit groups now.
struct exit_plan {
  std::vector<planned_leg> cancels; ///< Live legs that no longer fit: cancel (they are marked cancelling).
  std::vector<planned_leg> places;  ///< New legs to send (recorded as placing before they go).
  std::vector<std::string> groups;  ///< Groups changed by the plan: save them before anything is sent.
};

/// The Binance adapter's exit groups, no I/O. The engine's exits of one position (a stop
/// over the open quantity, take-profits over parts of it: order_request::exit_group) are
/// kept at a spot venue, where every order locks its own balance, as OCOs: one per
/// take-profit, its limit (LIMIT_MAKER) paired with a stop for the same quantity, and a
/// plain stop for what the take-profits leave. Live exit orders therefore never sell
/// more than the stop's quantity, the position. The venue's own OCO rule then does what
/// the paper broker does for an exit group: a take-profit's fill takes its stop leg with
/// it (reported to the engine as the stop's reduction, before the fill), and a stop's
/// fill ends the targets (reported after it).
///
/// Every change of the engine's orders (new, cancelled, filled) gives a new shape; plan()
/// compares it with the legs at the venue, cancels those that differ, and only once none
/// of the group's legs is on its way (placing or cancelling) places the missing ones, so
/// that old and new legs are never live together. A stop cancelled while targets are live
/// holds the targets back for `regroup_ms` (a replacement stop normally follows at once)
/// before they are placed alone as limits. Quantities are brought down onto the step and
/// prices onto the tick (stops away from the market, limits in the order's favour); a
/// target that no longer passes the filters is refused to the engine and its quantity
/// stays on the stop.
class binance_exit_groups {
public:
  explicit binance_exit_groups(std::int64_t regroup_ms = 500) : regroup_ms_(regroup_ms) {}

  void set_filters(const symbol_filters& f) { filters_[f.symbol] = f; }

  // -- the engine's side ---------------------------------------------------------------

  /// Whether `engine_id` is an order of an exit group.
  bool owns(const std::string& engine_id) const;
  /// Takes an exit order (stop or limit with an exit group). False (and `why`) when it
  /// cannot be kept as one: not a stop or limit, a duplicate id, no filters for its symbol.
  bool add(const order_request& r, std::string& why);
  /// The engine cancels one of its exit orders; its legs go at the next plan().
  void cancel(const std::string& engine_id, std::int64_t now_ms, std::vector<broker_event>& out);
  /// Where an engine exit order stands.
  std::optional<order_status> status(const std::string& engine_id, std::int64_t now_ms) const;

  // -- the venue's side: what the tracker says of a leg's order ------------------------

  /// Whether `venue_id` is one of a leg's venue client ids.
  bool is_leg(const std::string& venue_id) const { return leg_group_.count(venue_id) != 0; }
  void on_ack(const order_ack& a, std::vector<broker_event>& out);
  void on_fill(const fill& f, std::vector<broker_event>& out);
  /// The venue order ended without a (whole) fill: cancelled, expired, rejected.
  void on_end(const order_status& s, std::vector<broker_event>& out);
  /// It never reached the venue: `absent` after an unknown outcome (sent again under a
  /// new id by a later plan), else refused by the venue (the engine orders are refused).
  void on_reject(const order_reject& r, bool absent, std::vector<broker_event>& out);

  // -- planning ------------------------------------------------------------------------

  exit_plan plan(std::int64_t now_ms, std::vector<broker_event>& out);
  /// The venue order `venue_id` is over (the venue says FILLED, or it is gone), whatever
  /// the fills said: that half of its leg no longer works.
  void mark_ended(const std::string& venue_id);
  /// A cancel request for `leg` could not be sent or was not taken: it counts as live.
  void cancel_failed(const exit_leg& leg);

  const std::map<std::string, exit_group>& groups() const { return groups_; }
  /// A group as JSON (what the store keeps) and back; from_json throws on a bad shape.
  static nlohmann::json to_json(const exit_group& g);
  static exit_group from_json(const nlohmann::json& j);
  /// Replaces the groups with stored ones (a restart). A leg that was being cancelled
  /// counts as live again (the cancel may never have left; the next plan sends it again).
  void assign(std::vector<exit_group> groups);
  /// Groups with nothing left to do for `keep_ms` (by `now_ms`), dropped; their ids are
  /// returned to delete them. Until then a finished group still answers for its orders:
  /// an engine that lost the last events to a crash asks, and hears how they ended.
  std::vector<std::string> take_finished(std::int64_t now_ms, std::int64_t keep_ms = 600'000);

private:
  exit_group* group_of_leg(const std::string& venue_id, exit_leg** leg);
  void end_engine(exit_group& g, exit_order& o, order_state state, std::string reason, std::int64_t now_ms,
                  std::vector<broker_event>& out);
  void fail_engine(exit_group& g, const std::string& engine_id, const std::string& reason, std::int64_t now_ms,
                   std::vector<broker_event>& out);
  void settle_cancels(exit_group& g, std::int64_t now_ms, std::vector<broker_event>& out);
  void plan_group(exit_group& g, std::int64_t now_ms, exit_plan& plan, std::vector<broker_event>& out);
  std::string next_leg_id(exit_group& g, const std::string& engine_id, char tag);
  void index(const exit_group& g);

  std::int64_t regroup_ms_;
  std::map<std::string, symbol_filters> filters_;
  std::map<std::string, exit_group> groups_;
  std::map<std::string, std::string> order_group_;  ///< Engine id -> group.
  std::map<std::string, std::string> leg_group_;    ///< Venue client id -> group.
};

} // namespace tickline
