#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/broker/binance_exit_groups.hpp"
#include "actors/broker/binance_order_tracker.hpp"
#include "actors/broker/binance_rest.hpp"
#include "actors/broker/binance_user_stream.hpp"
#include "actors/broker/broker_event.hpp"
#include "messages/broker.hpp"
#include "messages/orders.hpp"
#include "storage/store.hpp"

namespace tickline {

/// Settings of one Binance connection.
struct binance_session_options {
  std::string name = "broker:binance";      ///< Names it in logs and its keys in the store.
  binance_endpoint rest;                    ///< Base URL, key, secret, recvWindow, timeout.
  std::vector<std::string> symbols;         ///< The only symbols it trades; all must be listed.
  tracker_settings tracker;
  std::int64_t regroup_ms = 500;            ///< See binance_exit_groups.
  std::int64_t time_sync_ms = 60'000;       ///< The venue's clock is read this often.
  /// Share of a venue limit (request weight per minute, orders per 10 s) the adapter uses;
  /// beyond it new entries are refused locally (exits, cancels and queries still go).
  double budget_share = 0.8;
  /// Client ids of this engine's orders start with this ("<prefix>-"); an open order at
  /// the venue with such an id that no journal claims is this engine's orphan.
  std::string client_id_prefix = "tl";
  /// After a start, orphans left this long (the order manager has asked about every
  /// order it knows by then) are cancelled (`cancel_orphans`) or only logged.
  std::int64_t orphan_grace_ms = 30'000;
  bool cancel_orphans = true;
  /// Instead: kept, and the engine halted for an operator (take_halt), naming them.
  bool halt_on_orphans = false;
  /// A group's legs are kept here (written, synced, before they are sent); null = nowhere.
  std::shared_ptr<store> db;
};

/// Counters of a session (GET /api/v1/actors/broker:NAME, metrics).
struct binance_session_stats {
  std::uint64_t requests = 0, unknown_outcomes = 0, throttled = 0, rejected = 0, local_refusals = 0;
  std::uint64_t stream_reports = 0, stream_drops = 0;
  std::uint64_t orphans_found = 0, orphans_cancelled = 0;
  std::int64_t clock_offset_ms = 0;
  std::int64_t used_weight_1m = -1, order_count_10s = -1;
  std::int64_t weight_limit_1m = 6000, order_limit_10s = 100;
  std::int64_t banned_until_ms = 0;
  std::int64_t last_answer_ms = 0;   ///< The venue's last HTTP answer, whatever it said.
  bool stream_up = false;
};

/// The Binance spot adapter's core: the engine's orders, cancels and queries as signed
/// REST calls (blocking; the actor runs on a thread of its own), their answers and the
/// user data stream's reports turned into the engine's acks, rejects, fills and statuses
/// (binance_order_tracker: an unknown outcome is asked about, never sent twice), exit
/// groups kept as OCOs (binance_exit_groups), the exchange filters applied before
/// sending, the venue's clock offset kept, and the venue's rate limits obeyed. No CAF.
class binance_session {
public:
  /// Reads nothing yet; start() talks to the venue.
  explicit binance_session(binance_session_options opts);

  /// Reads the venue's time and exchangeInfo (filters and limits of every symbol), and
  /// the exit groups kept in the store (their legs are asked about at once). Throws
  /// std::runtime_error, naming the venue and what failed, when the venue cannot be read
  /// or does not list a symbol.
  void start(std::int64_t wall_ms);

  std::vector<broker_event> on_order(const order_request& r, std::int64_t wall_ms);
  /// Plans and sends what the exit groups need now (after a drained mailbox: the
  /// orders of one bracket arrive together and are sent as one shape).
  std::vector<broker_event> on_flush(std::int64_t wall_ms);
  std::vector<broker_event> on_cancel(const order_cancel& c, std::int64_t wall_ms);
  /// Asks the venue about the order now; `out` gets what the answer brings (fills first).
  order_status on_query(const order_query& q, std::int64_t wall_ms, std::vector<broker_event>& out);
  /// Polls what is due, retries cancels, plans the exit groups, re-reads the clock.
  std::vector<broker_event> on_tick(std::int64_t wall_ms);
  /// One event of the user data stream.
  std::vector<broker_event> on_stream(const binance_stream_event& e, std::int64_t wall_ms);

  /// The base-asset balances (free and locked) of the traded symbols: the positions.
  /// Throws std::runtime_error when the venue does not answer.
  std::vector<position> positions(std::int64_t wall_ms);
  /// GET /api/v3/ping: shows the venue is there when nothing else was asked lately.
  void ping(std::int64_t wall_ms) { call("GET", "/api/v3/ping", {}, false, wall_ms); }
  /// The venue's time as known here (wall clock plus the measured offset).
  std::int64_t venue_ms(std::int64_t wall_ms) const { return wall_ms + stats_.clock_offset_ms; }
  const binance_session_stats& stats() const { return stats_; }
  const binance_exit_groups& groups() const { return groups_; }
  /// Counters, groups and tracked orders as JSON (no secret).
  nlohmann::json describe() const;
  /// What to log: one line per decision, taken.
  std::vector<std::string> take_log();
  /// Why the engine must halt for an operator (orphans found, halt_on_orphans), once;
  /// empty when it need not.
  std::string take_halt() { return std::exchange(halt_, {}); }
  /// The venue's trades of the last day on every traded symbol, read once after a
  /// start's orphan grace: each a fill whose client_order_id is the engine's order id
  /// (an exit group leg's id maps to the exit it carries out). The order manager compares
  /// them with its journal. Empty until read, and after it was taken.
  std::vector<fill> take_venue_trades() { return std::exchange(venue_trades_, {}); }
  /// How far back take_venue_trades() reaches.
  static constexpr std::int64_t trades_lookback_ms = 24 * 3'600'000 - 60'000;

private:
  rest_reply call(const std::string& method, const std::string& path,
                  std::vector<std::pair<std::string, std::string>> params, bool is_signed, std::int64_t wall_ms);
  void sync_clock(std::int64_t wall_ms);
  void read_exchange_info(std::int64_t wall_ms);
  void route(tracker_events ev, std::vector<broker_event>& out);
  void place_plain(const order_request& r, std::int64_t wall_ms, std::vector<broker_event>& out);
  void cancel_plain(const std::string& id, std::int64_t wall_ms, std::vector<broker_event>& out);
  void query_now(const std::string& id, std::int64_t wall_ms, std::vector<broker_event>& out);
  void run_plan(std::int64_t wall_ms, std::vector<broker_event>& out);
  void look_for_missing(std::int64_t wall_ms, std::vector<broker_event>& out);
  void find_orphans(std::int64_t wall_ms);
  void settle_orphans(std::int64_t wall_ms);
  void read_venue_trades(std::int64_t wall_ms);
  void place_leg(const exit_leg& leg, const std::string& symbol, side sd, std::int64_t wall_ms,
                 std::vector<broker_event>& out);
  void cancel_leg(const exit_leg& leg, const std::string& symbol, std::int64_t wall_ms, std::vector<broker_event>& out);
  void save_groups();
  void load_groups(std::int64_t wall_ms);
  bool entry_refused(const order_request& r, std::int64_t wall_ms, std::string& why) const;
  std::string group_key(const std::string& group) const;

  binance_session_options opts_;
  binance_order_tracker tracker_;
  binance_exit_groups groups_;
  std::map<std::string, symbol_filters> filters_;
  std::map<std::string, std::string> symbol_of_;   ///< Client id -> symbol (plain orders).
  std::set<std::string> cancels_due_;               ///< Plain cancels without a final answer.
  /// Plain orders sent smaller than asked (the quantity down onto the step): the venue's
  /// quantity, told to the engine when the venue fills it whole.
  std::map<std::string, decimal8> sent_smaller_;
  /// Orders the engine asked about after a restart that the venue did not have yet
  /// (client id -> unused): looked for at every tick until found or the window is over.
  std::map<std::string, int> missing_;
  /// Open orders found at the venue at start that nothing here claims yet: client id ->
  /// symbol. The engine's questions claim them; what is left after the grace is handled.
  std::map<std::string, std::string> orphans_;
  bool orphans_settled_ = false;
  std::map<std::string, std::string> saved_groups_; ///< Group key -> what the store holds.
  std::int64_t next_sync_ms_ = 0;
  std::int64_t started_ms_ = 0;
  binance_session_stats stats_;
  std::vector<std::string> log_;
  std::string halt_;
  std::vector<fill> venue_trades_;
};

} // namespace tickline
