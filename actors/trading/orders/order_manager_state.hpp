#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>

#include "actors/trading/orders/managed_order.hpp"
#include "actors/trading/orders/order_records.hpp"
#include "config/config.hpp"
#include "messages/broker.hpp"
#include "messages/market.hpp"
#include "messages/orders.hpp"

namespace tickline {

/// What the actor does for an action once its record is journaled.
enum class om_action_kind : std::uint8_t {
  record,        ///< Nothing more: the record was all (an event, a session, a trail).
  send,          ///< Send `request` to the broker.
  cancel,        ///< Send `cancel` to the broker.
  query,         ///< Send `query` to the broker.
  refuse,        ///< Tell the intent's sender `reject` (client_order_id = intent id).
  publish_fill,  ///< Tell the portfolio `synthesized`, a fill only reconciliation revealed.
};

/// One step asked of the actor: append `journal_record` to the synced order journal, and
/// only then carry out `kind`. Actions come in the order they must be journaled.
struct om_action {
  om_action_kind kind = om_action_kind::record;
  order_request request;            ///< send.
  order_cancel cancel;              ///< cancel.
  order_query query;                ///< query.
  order_reject reject;              ///< refuse.
  fill synthesized;                 ///< publish_fill.
  std::string journal_record;       ///< One line of JSON (see order_records.hpp).
};

/// The order manager's state: every order's lifecycle, bracket exits (stop, take-profit
/// targets, ATR trailing stop, time stop), per-symbol net positions from its own fills,
/// and recovery after a restart. No CAF; time comes from the caller in ns.
///
/// The journal is the source of truth. Every change is made by applying a journal record,
/// live and in replay through the same apply_record, and every call returns the actions
/// whose records the actor journals before it sends anything. On restart: apply_record
/// for each journaled record in order, then begin_session, then reconcile_plan; until
/// every order left open by the crash has an order_status answer, intents are refused
/// ("reconciling"). Orders the broker never saw are cancelled, never sent again; entries
/// are not replaced, while brackets get the exits their reconciled position needs (which
/// also repairs a crash between the records of one call). Cancels decided before a crash
/// are sent again to orders the broker reports open.
/// The cereal snapshot (serialize) is a shortcut for a restart, not a second truth.
class order_manager_state {
public:
  order_manager_state() = default;
  /// A state with no orders, session 0: call begin_session before anything is sent.
  explicit order_manager_state(orders_config cfg);

  // -- recovery --------------------------------------------------------------------------

  /// Applies one journal record (replay, and internally for every live change). Returns
  /// false, with a problem noted, when `record` cannot be read; else sets `*type` (when
  /// given) to the record's type.
  bool apply_record(const std::string& record, record_type* type = nullptr);
  /// Starts the next session (ids "<prefix>-<session>-<seq>" never repeat an earlier
  /// session's); every order not terminal becomes unknown until reconciled. With none
  /// unknown, brackets get any exits they lack at once.
  std::vector<om_action> begin_session(std::int64_t now_ns);
  /// An order_query for each order whose outcome is unknown.
  std::vector<om_action> reconcile_plan(std::int64_t now_ns);
  /// True while an unknown order awaits its order_status.
  bool reconciling() const { return !awaiting_.empty(); }

  // -- commands --------------------------------------------------------------------------

  /// Sends `intent` as an entry order (with a bracket when it has a stop loss or targets);
  /// a refuse action when it is invalid, repeated, before a session, while reconciling,
  /// or on the other side of the symbol's open position (its exits protect that).
  std::vector<om_action> on_intent(const order_intent& intent, std::int64_t now_ns);
  /// Cancels every order not terminal and disarms every bracket (no more exits).
  std::vector<om_action> cancel_all(const std::string& reason, std::int64_t now_ns);
  /// Cancels the orders not terminal in `symbols` and disarms their brackets; every other
  /// symbol keeps its orders and protection. Empty `symbols` = cancel_all.
  std::vector<om_action> cancel_symbols(const std::vector<std::string>& symbols,
                                        const std::string& reason, std::int64_t now_ns);
  /// cancel_all, then a reduce-only market order bringing each of `positions` to zero,
  /// tagged with `reason`.
  std::vector<om_action> flatten_all(const std::vector<position>& positions,
                                     const std::string& reason, std::int64_t now_ns);
  /// flatten_all with the order manager's own net positions.
  std::vector<om_action> flatten_all(const std::string& reason, std::int64_t now_ns);
  /// Flattens `symbols` only (all when empty): cancel_symbols, then a reduce-only market
  /// order for each of `held` in scope. `held` is what the venue holds (the broker's
  /// positions); each symbol where it differs from the order manager's own net position
  /// is reported as a problem, and the venue's quantity is what is closed.
  std::vector<om_action> flatten(const std::vector<position>& held,
                                 const std::vector<std::string>& symbols,
                                 const std::string& reason, std::int64_t now_ns);

  // -- broker events (each journaled as a record first) --------------------------------

  /// The actor has sent the order: new -> sent. Journaling this record is optional.
  std::vector<om_action> on_sent(const std::string& client_order_id, std::int64_t now_ns);
  /// The broker accepted an order (an ack after a terminal state is reported).
  std::vector<om_action> on_ack(const order_ack& a);
  /// The broker refused an order; a refused stop closes its bracket at market.
  std::vector<om_action> on_reject(const order_reject& r);
  /// A fill; brackets resize their exits to it. A repeated fill (the same execution id;
  /// for fills without one, the same order id, price, qty and time) is ignored and not
  /// journaled; a fill with a non-finite or non-positive price or qty is reported.
  std::vector<om_action> on_fill(const fill& f);
  /// The broker's account of an order (an answer to a query, or a cancel notice). Fills
  /// it reports beyond those known are synthesized and published.
  std::vector<om_action> on_status(const order_status& s);

  // -- market and time -------------------------------------------------------------------

  /// A closed bar with the symbol's ATR: trails the stops of the symbol's brackets by
  /// k x ATR from the best price since entry (k_volatile in a volatile regime), only ever
  /// in the position's favour.
  std::vector<om_action> on_bar(const bar& b, double atr, bool regime_volatile);
  /// on_bar with the regime the scanner put on the bar: volatile when `b.regime` is
  /// market_regime::volatile_; unknown (-1) counts as not volatile.
  std::vector<om_action> on_bar(const bar& b, double atr);
  /// Timers: asks again about unknown orders after reconcile_timeout, and closes brackets
  /// held longer than max_holding at market.
  std::vector<om_action> on_time(std::int64_t now_ns);

  // -- inspection ------------------------------------------------------------------------

  /// The order with `client_order_id`, or null.
  const managed_order* find(const std::string& client_order_id) const;
  /// The bracket of the entry `entry_id`, or null.
  const bracket* find_bracket(const std::string& entry_id) const;
  /// Every order by id.
  const std::map<std::string, managed_order>& orders() const { return orders_; }
  /// `f` with what its order was for: "entry", or the exit reason (stop_loss, trailing_stop
  /// when the stop had moved, take_profit, time_stop, stop_rejected, flatten, emergency_stop
  /// when the flatten reason names it), the entry's tag, intent and order id (for a flatten,
  /// of the symbol's latest open bracket). An unknown order leaves them empty.
  booked_fill booked(const fill& f) const;
  /// Net positions (from the order manager's own fills) that are not zero.
  std::vector<position> positions() const;
  /// True when `symbol` has something live: an order not terminal, or a net position
  /// (unless all that is left of it are brackets whose close the venue refused: dust);
  /// also while reconciling (nothing is known then). The strategy asks this about an
  /// entry it has heard nothing of for long (a closed trade or a refusal lost to a
  /// crash): a symbol with nothing live is free again.
  bool holds_live(const std::string& symbol) const;
  /// The signed net position in `symbol`; 0 when none.
  double net_position(const std::string& symbol) const;
  /// What the last fill record (or on_fill call) booked: the fill as it moved the net
  /// position (its qty the part no synthesized fill had covered), or nothing (a repeat,
  /// a bad fill). The portfolio and the trade log get exactly these, live and when the
  /// journal is replayed, so that every book follows the order manager's.
  const std::optional<fill>& last_booked() const { return last_booked_; }
  /// Entry orders (client ids) that ended, filled, cancelled or rejected, in the records
  /// applied since the last call, oldest first. The actor tells the portfolio (the risk
  /// supervisor stops counting them as pending) and, for one that ended unfilled, the
  /// strategy (its symbol is free again).
  std::vector<std::string> take_ended_entries();
  /// Where the exits break the order path's invariants, one line each (empty = none):
  /// more than one stop live for a bracket; a bracket's live exits (the stop and the
  /// targets counted as their exit group: the larger of the two, plus market closes)
  /// above its open quantity; a symbol's exits above its net position. `with_cancels`
  /// counts orders whose cancel is on the way as live (what the venue may still fill);
  /// without it, only the orders the order manager counts on.
  std::vector<std::string> exit_violations(bool with_cancels = true) const;
  /// True when `f` was booked before (by execution id; see on_fill).
  bool seen_fill(const fill& f) const;
  /// The key a fill is known by: "x:<exec_id>", or for a fill without an execution id,
  /// order id, price, qty and time.
  static std::string fill_key(const fill& f);
  /// The current session; 0 before begin_session.
  std::uint64_t session() const { return session_; }
  /// The most recent problems (at most max_problems), oldest first.
  const std::deque<om_problem>& problems() const { return problems_; }
  /// Problems seen in total.
  std::uint64_t problems_total() const { return problems_total_; }
  /// Repeated events ignored.
  std::uint64_t duplicates() const { return duplicates_; }
  /// Intents refused.
  std::uint64_t refused() const { return refused_; }

  // -- retiring what is over (order_manager_state_retire.cpp) ----------------------------

  /// Forgets the brackets that are over (the entry terminal, every exit terminal, nothing
  /// open) and whose orders all last changed before `before_ns`, with their orders and
  /// intents, and every other terminal order that last changed before it. Called when
  /// the journal is checkpointed, so that neither the state nor the checkpoint grows
  /// with the history. Returns how many orders it forgot.
  std::size_t retire_done(std::int64_t before_ns);
  /// How long a bracket is over before a checkpoint retires it: an hour.
  static constexpr std::int64_t retire_after_ns = 3'600'000'000'000;
  /// Orders forgotten by retire_done, in total.
  std::uint64_t retired() const { return retired_; }
  /// True when `client_order_id` has this manager's form ("<prefix>-<session>-<seq>", a
  /// session and sequence number it has issued) but is not held: an order retire_done
  /// forgot, which was terminal. A fill for one is a repeat and is not booked.
  bool is_retired(const std::string& client_order_id) const;

  /// How many problems are kept.
  static constexpr std::size_t max_problems = 100;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

private:
  // -- applying records (order_manager_state_apply.cpp) ---------------------------------
  void apply(const om_record& r);
  void apply_change(const om_record& r);
  /// Keeps live_exits_ in step with exit order `o`'s state.
  void track_exit(const managed_order& o);
  void rebuild_live_exits();
  /// The bracket's exit orders that are not done yet, oldest first.
  const std::vector<std::string>& live_exits(const std::string& entry_id) const;
  void apply_session(const om_record& r);
  void apply_order(const order_spec& spec);
  void apply_ack(const order_ack& a);
  void apply_reject(const order_reject& r);
  void apply_fill(const fill& f, bool synthesized);
  void apply_status(const order_status& s);
  void book_fill(managed_order& o, const fill& f, double qty);
  void move_position(const std::string& symbol, side sd, double price, double qty,
                     std::int64_t ts_ns);
  void problem(std::int64_t ts_ns, const std::string& id, std::string what);
  managed_order* find_mutable(const std::string& client_order_id);
  managed_order* order_for(const std::string& id, std::int64_t ts_ns, record_type type);
  managed_order* open_order_for(const std::string& id, std::int64_t ts_ns, record_type type);
  bracket* bracket_for(const std::string& entry_id, std::int64_t ts_ns, record_type type);
  bracket* bracket_of(const managed_order& o);

  // -- deciding (order_manager_state.cpp) ------------------------------------------------
  void commit(om_record r, om_action_kind kind, std::vector<om_action>& out);
  std::string next_id() const;
  om_record new_order(const std::string& symbol, side sd, order_type type, double qty,
                      std::int64_t now_ns) const;
  std::string check_intent(const order_intent& intent) const;
  void send_flatten(const std::vector<position>& positions, const std::string& reason,
                    std::int64_t now_ns, std::vector<om_action>& out);
  void refuse(const std::string& intent_id, std::string reason, std::int64_t now_ns,
              std::vector<om_action>& out);
  void query(const std::string& id, std::int64_t now_ns, std::vector<om_action>& out);
  void cancel(const std::string& id, const std::string& reason, std::int64_t now_ns,
              std::vector<om_action>& out);

  // -- recovery (order_manager_state_recovery.cpp) -------------------------------------
  void synthesize_fill(const managed_order& o, const order_status& s,
                       std::vector<om_action>& out);

  // -- following an event (order_manager_state.cpp) ------------------------------------
  std::vector<om_action> on_event(om_record r, const std::string& id);
  void follow_up(const std::string& id, std::int64_t now_ns, bool was_reconciling,
                 std::vector<om_action>& out);

  // -- exits (order_manager_state_exits.cpp) ---------------------------------------------
  void sync_bracket(const std::string& entry_id, std::int64_t now_ns,
                    std::vector<om_action>& out);
  void sync_all(std::int64_t now_ns, std::vector<om_action>& out);
  void keep_or_replace(const bracket& b, order_role role, int tp_index, double qty,
                       double price, std::int64_t now_ns, std::vector<om_action>& out);
  bool growth_waits(const bracket& b, const managed_order& exit, std::int64_t now_ns) const;
  void close_at_market(const bracket& b, double open, std::int64_t now_ns,
                       std::vector<om_action>& out);
  std::vector<double> target_quantities(const bracket& b, double open) const;
  void send_exit(const bracket& b, order_role role, double qty, double price, int tp_index,
                 std::int64_t now_ns, std::vector<om_action>& out);
  double open_qty(const bracket& b) const;
  void trail(const bracket& b, const bar& closed, double atr, bool regime_volatile,
             std::vector<om_action>& out);

  orders_config cfg_;
  std::uint64_t session_ = 0;
  std::uint64_t next_seq_ = 1;
  std::map<std::string, managed_order> orders_;
  std::map<std::string, bracket> brackets_;        ///< By entry id.
  std::map<std::string, position> positions_;      ///< By symbol.
  std::set<std::string> intents_;                  ///< Intent ids already sent.
  std::set<std::string> awaiting_;                 ///< Unknown orders awaiting a status.
  std::set<std::string> stray_fills_;              ///< Keys of fills for unknown ids.
  /// By entry id: when the venue last refused the bracket's close at market. The close is
  /// sent again only reconcile_timeout later, never in a loop of refusals.
  std::map<std::string, std::int64_t> close_refused_;
  /// By entry id: exit_ids not done yet (an index, not saved: rebuilt on load). A bracket
  /// that trails for hours has thousands of exits behind it; decisions look at these.
  std::map<std::string, std::vector<std::string>> live_exits_;
  std::optional<fill> last_booked_;                ///< Not saved: see last_booked().
  std::vector<std::string> ended_entries_;         ///< Not saved: see take_ended_entries().
  /// Brackets whose exits wait for exit_update_interval to grow; on_time looks at them.
  /// Not saved: begin_session brings every bracket's exits up to date.
  std::set<std::string> deferred_;
  bool resize_now_ = false;  ///< While reconciliation ends: exits grow without waiting.
  std::deque<om_problem> problems_;
  std::uint64_t problems_total_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t retired_ = 0;
};

template <class Archive>
void order_manager_state::serialize(Archive& ar, std::uint32_t version) {
  ar(session_, next_seq_, orders_, brackets_, positions_, intents_, awaiting_, stray_fills_,
     problems_, problems_total_, duplicates_, refused_);
  if (version >= 3)
    ar(close_refused_);
  // Version 4: exit groups (not in order_request's cereal form).
  if (version >= 4) {
    std::map<std::string, std::string> groups;
    for (const auto& [id, o] : orders_)
      if (!o.spec.request.exit_group.empty())
        groups.emplace(id, o.spec.request.exit_group);
    ar(groups);
    for (const auto& [id, group] : groups)
      if (auto it = orders_.find(id); it != orders_.end())
        it->second.spec.request.exit_group = group;
  }
  if (version >= 5)
    ar(retired_);
  if (Archive::is_loading::value)
    rebuild_live_exits();
}

} // namespace tickline

// Version 2: order_spec has a tag. Version 3: close_refused_. Version 4: exit groups.
// Version 5: the count of retired orders.
CEREAL_CLASS_VERSION(tickline::order_manager_state, 5);
