#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/broker/binance_rest.hpp"
#include "actors/broker/exchange_filters.hpp"
#include "messages/broker.hpp"
#include "messages/orders.hpp"

namespace tickline {

/// Where one order stands between the engine and the venue.
enum class wire_state {
  sending,   ///< Its POST is out, no answer yet.
  unknown,   ///< The POST's outcome is unknown: only queries until the venue says.
  open,      ///< The venue has it, working.
  done,      ///< Filled, canceled, expired or rejected: nothing more comes.
  absent,    ///< Known not at the venue after an unknown outcome: its intent may be sent anew.
};

/// How the tracker asks.
struct tracker_settings {
  std::int64_t query_backoff_min_ms = 250;    ///< First query after an unknown outcome.
  std::int64_t query_backoff_max_ms = 8000;   ///< Doubling up to this.
  /// "Order does not exist" answers, in a row, before an unknown order counts as absent,
  /// and only once the request's recvWindow has passed (after that the venue refuses it).
  int absent_after = 3;
  std::int64_t recv_window_ms = 5000;         ///< When begin() is not told the request's.
  std::int64_t clock_margin_ms = 1000;        ///< Allowed skew of the venue's clock.
  std::int64_t poll_ms = 1000;                ///< Open orders are queried this often for fills.
  double fee_rate = 0.001;                    ///< Fee of a fill seen through a query.
};

/// What the engine is told.
struct tracker_events {
  std::vector<order_ack> acks;
  std::vector<order_reject> rejects;
  std::vector<fill> fills;
  std::vector<order_status> statuses;         ///< Orders that ended without (wholly) filling.
  std::vector<std::string> log;               ///< One line per decision worth a log.
};

/// One order as the tracker knows it.
struct tracked_order {
  std::string client_order_id, symbol;
  side sd = side::buy;
  wire_state state = wire_state::sending;
  std::int64_t venue_order_id = 0;
  decimal8 ordered;              ///< The order's quantity; zero when adopted (unknown).
  decimal8 executed;             ///< Fills reported so far.
  double executed_quote = 0;
  int not_found = 0;             ///< "Does not exist" answers in a row.
  std::int64_t sent_ms = 0;      ///< The `timestamp` signed into its POST.
  std::int64_t recv_window_ms = 5000;  ///< The `recvWindow` signed into it.
  std::int64_t backoff_ms = 0;
  std::int64_t next_query_ms = 0;
};

/// The Binance adapter's exact bookkeeping of each order's outcome, no I/O: a POST whose
/// outcome is unknown (rest_outcome::unknown) is never sent again; the order is queried
/// by its client id with a doubling backoff until the venue answers what it is (then it
/// is acknowledged, filled and finished as the venue says) or, `absent_after` "does not
/// exist" answers in a row and past its recvWindow, known absent (rejected with that
/// reason, so that the engine may send the intent again under a new client id). A final
/// reject (rest_outcome::rejected) reaches the engine with Binance's code and message.
/// Open orders are polled for fills: each query's executed quantity beyond what was
/// reported becomes a fill at its average price.
class binance_order_tracker {
public:
  explicit binance_order_tracker(tracker_settings s = {}) : cfg_(s) {}

  /// Before a POST signed with timestamp `now_ms` and `recv_window_ms` (-1: the
  /// settings'): false (and `why`) when the client id was seen before (in flight,
  /// unknown or done): a second POST for one client id never goes out.
  bool begin(const order_request& r, std::int64_t now_ms, std::string& why, std::int64_t recv_window_ms = -1);
  tracker_events on_place(const std::string& client_id, const rest_reply& reply, std::int64_t now_ms);
  /// Takes an order this process did not send (a restart: it was sent before), known to
  /// have `executed` (`executed_quote`) reported already: unknown, so it is queried at
  /// once; absent only after the usual answers, counted from `now_ms`. A known
  /// `venue_order_id` (not 0) is not acknowledged again. False when tracked already.
  bool adopt(const std::string& client_id, const std::string& symbol, side sd, decimal8 executed,
             double executed_quote, std::int64_t now_ms, std::int64_t venue_order_id = 0);
  /// Client ids to query now: unknown ones whose backoff has passed, open ones to poll.
  std::vector<std::string> due(std::int64_t now_ms) const;
  tracker_events on_query(const std::string& client_id, const rest_reply& reply, std::int64_t now_ms);
  /// One executionReport of the user data stream (the `event` object). It settles an
  /// unknown order as a query would; a TRADE becomes a fill at its own price, quantity and
  /// commission (`L`, `l`, `n`), unless a query has reported that quantity already (the
  /// cumulative `z` says); the stream and the polls can therefore both run, nothing is
  /// counted twice and a missed event is made up by the next one or the next poll.
  /// Reports of orders it does not track are ignored.
  tracker_events on_execution(const nlohmann::json& report, std::int64_t now_ms);

  const tracked_order* find(const std::string& client_id) const;
  std::size_t unknown() const;

private:
  /// What an answer or a report says of an order's fills so far.
  struct venue_progress {
    decimal8 cumulative;                 ///< Executed quantity.
    double cumulative_quote = 0;
    std::optional<decimal8> last_qty;    ///< A report's own trade: quantity, price, commission.
    double last_price = 0, commission = 0;
    double fallback_price = 0;           ///< The order's own price, when the figures give none.
    bool maker = false;
    std::int64_t time_ms = 0;
    std::int64_t trade_id = -1;
  };
  void acknowledge(tracked_order& o, std::int64_t venue_order_id, std::int64_t now_ms, tracker_events& out);
  /// A fill for what is executed beyond what was reported (never beyond the order's
  /// quantity); false when the figures give it no price (the order is asked again).
  bool advance(tracked_order& o, const venue_progress& p, std::int64_t now_ms, tracker_events& out);
  /// Open (polled) or done, by the venue's status; an end without a whole fill is reported.
  void settle(tracked_order& o, const std::string& status, std::int64_t now_ms, tracker_events& out);
  void apply_venue_order(tracked_order& o, const nlohmann::json& venue, std::int64_t now_ms, tracker_events& out);
  void back_off(tracked_order& o, std::int64_t now_ms);

  tracker_settings cfg_;
  std::map<std::string, tracked_order> orders_;
};

} // namespace tickline
