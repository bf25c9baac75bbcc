#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <cereal/types/array.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "actors/broker/broker_event.hpp"
#include "actors/broker/broker_ledger.hpp"
#include "actors/broker/paper_matching.hpp"
#include "actors/broker/paper_working_book.hpp"
#include "config/config.hpp"
#include "messages/broker.hpp"
#include "messages/market.hpp"
#include "messages/orders.hpp"

namespace tickline {


/// The paper broker's balances and counters, apart from its orders, fills and symbols:
/// what an incremental store keeps under one small key. Version 1 also held every
/// symbol's position and last price (a head that grew with the symbols); version 2 keeps
/// those under a key per symbol (paper_book_symbol), and reads version 1 heads.
struct paper_book_head {
  double starting_cash = 0;
  double cash = 0;
  std::map<std::string, double> positions;     ///< Version 1 only.
  std::map<std::string, double> last_prices;   ///< Version 1 only.
  std::uint64_t next_id = 1;                   ///< The next venue order number.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version < 2)
      ar(starting_cash, cash, positions, last_prices, next_id);
    else
      ar(starting_cash, cash, next_id);
  }
};

/// How far the paper broker has matched one symbol's market data: the high-water marks
/// below which an event is one it has already seen (a feed resending after a restart),
/// and is ignored. 0 = nothing seen yet.
struct paper_seen {
  std::int64_t trade_id = 0;      ///< The highest trade id matched (ids > 0 only).
  std::int64_t bar_close_ns = 0;  ///< The latest bar close matched.
  std::int64_t quote_ns = 0;      ///< The latest quote time matched.
};

/// One symbol of the paper broker's books: its position and last price, each when known,
/// and what market data it has matched (version 2).
struct paper_book_symbol {
  bool has_position = false;
  double position = 0;        ///< Signed base quantity.
  bool has_last = false;
  double last_price = 0;      ///< Last trade (or ask, or bar close).
  paper_seen seen;
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(has_position, position, has_last, last_price);
    if (version >= 2)
      ar(seen.trade_id, seen.bar_close_ns, seen.quote_ns);
  }
};

/// One order of the paper broker's books with its working state (when it is working):
/// what an incremental store keeps under the order's own key.
struct paper_book_order {
  broker_order order;
  bool working = false;         ///< In the working list.
  std::int64_t active_ns = 0;   ///< See paper_working.
  bool triggered = false;       ///< See paper_working.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(order, working, active_ns, triggered);
    // Version 2: the order's exit group (not in order_request's cereal form).
    if (version >= 2)
      ar(order.request.exit_group);
  }
};

/// A simulated venue filling orders from the market data it is fed, with no look-ahead.
/// No CAF; time comes from the caller (`now_ns`) and from the market data.
///
/// Rules (prices in the quote currency, quantities in the base asset):
/// - Timing: an order received at `now_ns` can fill only from `now_ns + latency_ms` on,
///   and only from market data stamped strictly later (a bar: opening at that time or
///   later). Cancels take effect when received.
/// - Liquidity: on each trade, quote or bar our orders of one side together take at most
///   `max_participation` of its quantity (the trade's qty, the size quoted on the side
///   they take, the bar's volume), oldest order first; the rest of an order waits for
///   later events (partial fills).
/// - Market: fills at the trade price, the ask (a buy) or bid (a sell), or a bar's open,
///   worsened by `slippage_bps`; taker fee.
/// - Limit: fills at its limit price when a trade prints at or through it, the opposite
///   quote reaches it, or a bar's range contains it; maker fee, even when it was
///   marketable on arrival (filled at the limit, which is no better than the market).
/// - Stop: triggers on a print (trade or bar, never a quote) at or through the stop, then
///   fills as a market order from that print on, no better than the stop; taker fee.
/// - Stop-limit: triggers like a stop, then rests as a limit from the next event on.
/// - Time in force: gtc rests until filled or cancelled; ioc fills what the first event
///   that can execute it allows and cancels the rest (a stop: the triggering print; a
///   stop-limit: the event after it); fok fills completely on that event or is cancelled
///   whole; day is rejected.
/// - Balances: a buy needs cash for its notional and fee beyond what working buys hold
///   (limits valued at their limit; stops at the stop and market orders at the last
///   price, plus slippage); a sell needs the base quantity beyond what working sells hold unless
///   `allow_short`. A fill is also capped by the balance at that moment; an order that
///   cannot be afforded any more is cancelled ("insufficient balance").
/// - reduce_only: rejected unless it reduces the position; fills never go past flat. A
///   reduce-only sell needs no short capacity: what it reserves is the position it closes.
/// - Exit groups (order_request::exit_group): a fill of a group's limit order reduces the
///   group's working stops by its quantity (a stop reduced to nothing is cancelled), and
///   a fill of a group's stop cancels the group's limit orders; each change is reported
///   as an order_status whose reason starts with exit_group_reason, a stop's reduction
///   before the fill that caused it, the limits' cancellation after.
/// - A client order id is used once: a second order with a known id is rejected and the
///   first is untouched, so nothing executes twice.
class paper_broker_state {
public:
  paper_broker_state() = default;
  /// A broker with `cfg`'s account and execution model; `symbols`, when not empty, are
  /// the only symbols it accepts orders for.
  explicit paper_broker_state(broker_config cfg, std::vector<std::string> symbols = {});

  // -- commands -------------------------------------------------------------------------

  /// Accepts (order_ack) or rejects (order_reject with the reason) an order received at
  /// `now_ns`.
  std::vector<broker_event> on_order(const order_request& req, std::int64_t now_ns);
  /// Cancels a working order; answers with its order_status: cancelled (with what had
  /// filled), its final state when it was done already, or unknown.
  std::vector<broker_event> on_cancel(const order_cancel& c, std::int64_t now_ns);
  /// Where an order stands: pending_new until it can fill (latency), open, partially
  /// filled, filled, cancelled, rejected, or unknown when never received.
  order_status on_query(const order_query& q, std::int64_t now_ns) const;

  // -- market data ----------------------------------------------------------------------

  /// Matches the working orders of the trade's symbol against it. A trade whose id is at
  /// or below the highest id already matched for its symbol is ignored (a replay), as
  /// are a bar that does not close after the last one and a quote not newer than the
  /// last: the same market data never fills an order twice, across restarts too.
  std::vector<broker_event> on_trade(const trade_tick& t);
  /// Matches a batch of trades, in order.
  std::vector<broker_event> on_trades(const std::vector<trade_tick>& batch);
  /// Matches against a quote (market and limit orders; stops wait for a print).
  std::vector<broker_event> on_book(const book_top& q);
  /// Matches against a bar. Feed a symbol either trades and quotes or bars, not both:
  /// a bar repeats its trades.
  std::vector<broker_event> on_bar(const bar& b);

  // -- queries --------------------------------------------------------------------------

  /// Every order received and every fill, with the balances.
  const broker_ledger& ledger() const { return ledger_; }
  /// Cash in the quote currency.
  double cash() const { return ledger_.cash(); }
  /// Signed base quantity held in `symbol`.
  double position(const std::string& symbol) const { return ledger_.position(symbol); }
  /// What the working orders hold back, as check_balance counts it: for buys, money in the
  /// quote currency with fees (market buys at the last price); for sells, the base
  /// quantity of `symbol`. Kept as running sums, so a new order's check costs O(1).
  double reserved(side sd, const std::string& symbol) const;
  /// Client order ids of the working orders, oldest first.
  std::vector<std::string> working_orders() const;
  const broker_config& config() const { return cfg_; }
  /// Market events ignored because they were matched before (resent after a restart).
  std::uint64_t replayed() const { return replayed_; }
  /// What has been matched of `symbol`'s market data.
  paper_seen seen(const std::string& symbol) const;

  // -- incremental persistence (see paper_broker_store) ---------------------------------

  /// True when anything changed since mark_saved(): an order, a fill, the head.
  bool changed() const;
  /// True when the head (cash, venue order counter) changed since mark_saved(), or was
  /// never saved.
  bool head_changed() const { return head_changed_; }
  /// Client order ids of the orders changed since mark_saved() (state or working state).
  const std::set<std::string>& changed_orders() const { return ledger_.touched(); }
  /// Symbols whose position or last price changed since mark_saved().
  const std::set<std::string>& changed_symbols() const { return changed_symbols_; }
  /// Cash and the venue order counter (a version 2 head: no per-symbol maps).
  paper_book_head head() const;
  /// The order `client_order_id` with its working state; it must be in the ledger.
  paper_book_order book_order(const std::string& client_order_id) const;
  /// The position and last price of `symbol`.
  paper_book_symbol book_symbol(const std::string& symbol) const;
  /// Everything up to now is saved: forgets the changes.
  void mark_saved();
  /// Counts every order, fill and the head as changed (to write restored books anew).
  void mark_all_changed();
  /// Replaces the books (config and symbols stay) with `head`, `symbols`, `orders` and
  /// `fills` as a store kept them (a version 1 head brings its own positions and last
  /// prices); working orders are ranked oldest first by venue order number.
  void assign(const paper_book_head& head, const std::map<std::string, paper_book_symbol>& symbols,
              std::vector<paper_book_order> orders, std::vector<fill> fills);

  /// A full snapshot (the format before the incremental store; still read and written).
  /// Config is not saved: a restored broker runs with the config it was constructed with.
  template <class Archive>
  void save(Archive& ar, std::uint32_t version) const;
  template <class Archive>
  void load(Archive& ar, std::uint32_t version);

private:
  using working = paper_working;

  std::string check(const order_request& req) const;
  std::string check_balance(const order_request& req) const;
  double committed_buys() const;
  double market_unit(const std::string& symbol) const;
  double reference_price(const order_request& req) const;
  void hold(const broker_order& o, bool add);
  void rebuild_working(const std::vector<paper_working>& ws);
  double fee_rate(bool maker) const;
  std::vector<broker_event> match(const std::string& symbol, const market_event& ev);
  bool execute(working& w, const market_event& ev, double& budget,
               std::vector<broker_event>& out);
  void update_group(const broker_order& o, double qty, std::int64_t now_ns,
                    std::vector<broker_event>& before, std::vector<broker_event>& after);
  /// Client order id -> exit group, for the orders that have one (the full snapshot).
  std::map<std::string, std::string> exit_groups() const;
  void set_exit_groups(const std::map<std::string, std::string>& groups);
  std::pair<double, std::string> capacity(const order_request& req, double price,
                                          bool maker) const;
  void end(const std::string& id, order_state state, std::string reason, std::int64_t now_ns,
           std::vector<broker_event>& out);

  broker_config cfg_;
  std::set<std::string> symbols_;
  broker_ledger ledger_;
  paper_working_book working_;                 ///< Per symbol, oldest first; reserves.
  std::map<std::string, double> last_price_;   ///< Per symbol: prices market buys.
  std::map<std::string, paper_seen> seen_;     ///< Per symbol: high-water marks.
  std::uint64_t replayed_ = 0;                 ///< Not saved: since this start.
  std::uint64_t next_id_ = 1;
  bool head_changed_ = true;                   ///< Cash or next_id_ since the last save.
  std::set<std::string> changed_symbols_;      ///< Positions or last prices since the last save.
};

template <class Archive>
void paper_broker_state::save(Archive& ar, std::uint32_t /*version*/) const {
  ar(ledger_, working_.all(), last_price_, next_id_);
  std::map<std::string, std::array<std::int64_t, 3>> seen;
  for (const auto& [symbol, x] : seen_)
    seen[symbol] = {x.trade_id, x.bar_close_ns, x.quote_ns};
  ar(seen);
  ar(exit_groups());
}

template <class Archive>
void paper_broker_state::load(Archive& ar, std::uint32_t version) {
  std::vector<paper_working> ws;
  // Version 1: fills without execution ids, no high-water marks.
  if (version >= 2)
    ar(ledger_);
  else
    ledger_.load_without_exec_ids(ar);
  ar(ws, last_price_, next_id_);
  seen_.clear();
  if (version >= 2) {
    std::map<std::string, std::array<std::int64_t, 3>> seen;
    ar(seen);
    for (const auto& [symbol, x] : seen)
      seen_[symbol] = {x[0], x[1], x[2]};
  }
  if (version >= 3) {
    std::map<std::string, std::string> groups;
    ar(groups);
    set_exit_groups(groups);
  }
  rebuild_working(ws);
}

} // namespace tickline

// Version 3: exit groups.
CEREAL_CLASS_VERSION(tickline::paper_broker_state, 3);
CEREAL_CLASS_VERSION(tickline::paper_book_head, 2);
CEREAL_CLASS_VERSION(tickline::paper_book_symbol, 2);
CEREAL_CLASS_VERSION(tickline::paper_book_order, 2);
