#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>

#include "actors/indicators/indicators.hpp"
#include "actors/indicators/return_correlation.hpp"
#include "actors/trading/risk/risk_guards.hpp"
#include "actors/trading/risk/trading_calendar.hpp"
#include "config/config.hpp"
#include "messages/control.hpp"
#include "messages/market.hpp"
#include "messages/orders.hpp"
#include "messages/risk.hpp"

namespace tickline {

/// The portfolio as the risk supervisor sees it when it decides; from the portfolio.
struct risk_context {
  double equity = 0;                          ///< Cash + positions at their marks.
  std::map<std::string, position> positions;  ///< Open positions by symbol (signed qty).
  std::map<std::string, double> marks;        ///< Last prices; bars fill in the rest.
};

/// A change of the trading state and its cause.
struct state_change {
  trading_state from = trading_state::active;
  trading_state to = trading_state::active;
  std::string reason;
  std::int64_t ts_ns = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(from, to, reason, ts_ns); }
};

/// What the caller must do after an event. Flattening means closing positions with
/// reducing orders, which every state allows.
struct risk_action {
  std::optional<state_change> change;          ///< Set when the trading state changed.
  bool cancel_all = false;                     ///< Cancel every working order.
  bool flatten_all = false;                    ///< Close every open position.
  std::vector<std::string> flatten_symbols;    ///< Close the positions in these symbols.
  std::string reason;                          ///< Why, when the state did not change.
};

/// What operator commands change, apart from the rest of the risk state: the trading
/// state, the symbols disabled, and what a resume resets. The risk supervisor writes it
/// (small and fast) before it acts on a command, and the full snapshot after: a crash in
/// between restarts the node in the state the command set, never trading again after a
/// stop it had begun. `after_seq` is the sequence number of the last full snapshot
/// written before it; a full snapshot with a higher number already includes it.
struct risk_control_record {
  std::uint64_t after_seq = 0;
  trading_state state = trading_state::active;
  std::string reason;
  std::string limit;
  std::int64_t since_ns = 0;
  std::map<std::string, std::string> disabled;
  int consecutive_losses = 0;
  double peak_equity = 0;
  double day_start_equity = 0;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(after_seq, state, reason, limit, since_ns, disabled, consecutive_losses, peak_equity,
       day_start_equity);
  }
};

/// An operator's command as applied: who, why, when, and the state before and after.
struct override_record {
  control_kind kind = control_kind::pause;
  std::string symbol;
  std::string issuer;
  std::string reason;
  std::int64_t ts_ns = 0;
  trading_state from = trading_state::active;
  trading_state to = trading_state::active;

  template <class Archive>
  void serialize(Archive& ar) { ar(kind, symbol, issuer, reason, ts_ns, from, to); }
};

/// Everything the risk supervisor is built from.
struct risk_setup {
  risk_config limits;                   ///< [risk]; its calendar and blackout file are below.
  trading_calendar calendar;            ///< From limits.calendar.
  std::vector<blackout_window> blackouts; ///< From limits.blackout_file.
  /// Stable names of the feeds ("feed:<name>") and the symbols each one carries.
  std::map<std::string, std::vector<std::string>> feed_symbols;
  std::string broker_source = "broker:paper"; ///< Stable name of the broker.
  std::int64_t timeframe_s = 60;        ///< Bars of ATR and correlation; others only mark prices.
};

/// Builds the setup of `c`: loads the calendar's time zone and the blackout file and
/// resolves the timeframe (empty = the scanner's longest). Returns nullopt and sets `error`
/// when any of them fails (a config that passed the loader does not).
std::optional<risk_setup> make_risk_setup(const engine_config& c, std::string& error);

/// The single risk authority: every order intent passes decide(), which approves it,
/// reduces its quantity or denies it, naming the guard or limit that decided. Limits and
/// operator commands move the trading state: ACTIVE (all orders), REDUCING (only orders
/// that shrink a position), PAUSED and HALTED (likewise only reducing orders; HALTED is
/// lifted by `resume` alone). Reducing orders pass every guard; cancels are always allowed.
/// No CAF; time comes in as arguments (ns since the epoch).
class risk_state {
public:
  /// Default limits, always-open UTC calendar, no feeds.
  risk_state();
  /// A risk supervisor with `setup`.
  explicit risk_state(risk_setup setup);

  // -- decisions ------------------------------------------------------------------------

  /// Decides on `intent` given the portfolio `ctx` at `now_ns`; the decision is also kept
  /// in decisions(). An entry (or the opening part of a flip) is checked, in order, against
  /// the trading state, the broker's and the symbol's feed connection, disabled symbols,
  /// the calendar, blackouts, max_atr_pct, cooldown_ms, max_trades_per_day and
  /// max_correlated_positions (any of them denies), then against the exposure caps (which
  /// reduce it to what fits, or deny when nothing does); both count the pending entries
  /// (approved, not yet settled) as positions. A denied flip is reduced to its closing
  /// part. What is approved beyond the closing part becomes a pending entry. `ctx.equity` also advances the daily and drawdown limits, as
  /// on_equity() does.
  risk_decision decide(const order_intent& intent, const risk_context& ctx, std::int64_t now_ns);

  /// Entry intents that settled (their orders ended, their fills in the portfolio's
  /// positions): no longer counted as pending.
  void on_settled(const std::vector<std::string>& intent_ids);
  /// An entry approved and not yet settled: counted in the exposure, sector and
  /// correlation checks as if it were filled, until its order ends and the portfolio
  /// holds its fills, or `pending_timeout_ns` after its approval (a notice lost in a
  /// restart must not block entries for good).
  struct pending_entry {
    std::string symbol;
    double qty = 0;          ///< Signed: > 0 a buy.
    double price = 0;        ///< At approval (the limit, else the last price).
    std::int64_t ts_ns = 0;  ///< Approved at.
    template <class Archive>
    void serialize(Archive& ar) { ar(symbol, qty, price, ts_ns); }
  };
  const std::map<std::string, pending_entry>& pending_entries() const { return pending_; }
  static constexpr std::int64_t pending_timeout_ns = 600'000'000'000;  // 10 minutes

  /// Cancels are allowed in every state: cancelling a working order never adds risk.
  static constexpr bool allows_cancel() { return true; }

  /// The latest decisions, oldest first, at most limits.decision_log_size of them; kept
  /// in memory only, not in snapshots.
  const std::deque<risk_decision>& decisions() const { return decisions_; }

  // -- inputs ---------------------------------------------------------------------------

  /// A closed bar: its close marks the symbol; bars of the setup's timeframe also feed
  /// the symbol's ATR and the return correlations.
  void on_bar(const bar& b);

  /// The account's equity at `now_ns`: rolls the day over in the calendar's time zone
  /// (the day's P&L counts from the first equity seen in it), tracks the peak, trips
  /// max_daily_loss (REDUCING) and max_drawdown_pct (HALTED), and ends a daily-loss
  /// REDUCING or a loss-streak PAUSED as `resume` says (at the next trading day, or once
  /// its duration has passed). A non-finite equity, or one <= 0 before any positive one,
  /// is ignored.
  risk_action on_equity(double equity, std::int64_t now_ns);

  /// A position closed with net `pnl`: a loss extends the run of consecutive losses (at
  /// max_consecutive_losses: PAUSED), a gain ends it, zero leaves it.
  risk_action on_trade_closed(const std::string& symbol, double pnl, std::int64_t now_ns);

  /// An operator's command, recorded in overrides(): pause (PAUSED; a halt stays),
  /// resume (ACTIVE; restarts the loss run, and the peak and the day's start equity at the
  /// current equity, so that limits already hit do not trip again at once), halt (HALTED),
  /// emergency_stop (HALTED, cancel and flatten everything), close_all (at least REDUCING,
  /// cancel and flatten everything), enable_symbol / disable_symbol (entries in it).
  /// shutdown is not the risk supervisor's and is ignored.
  risk_action on_command(const control_command& cmd, std::int64_t now_ns);

  /// A connection change: while the broker or every feed of a symbol is lost, no entries;
  /// on the loss, with flatten_on_disconnect, the broker's asks to cancel and flatten all,
  /// a feed's to flatten the symbols left without any live feed.
  risk_action on_connection(const connection_status& status);

  // -- queries --------------------------------------------------------------------------

  /// The trading state now.
  trading_state state() const { return state_; }
  /// Why the state is what it is (the limit or the command that set it).
  const std::string& state_reason() const { return state_reason_; }
  /// Entries approved on the current local day.
  int entries_today() const { return entries_today_; }
  /// Losing trades in a row.
  int consecutive_losses() const { return consecutive_losses_; }
  /// Highest equity seen (since the last resume).
  double peak_equity() const { return peak_equity_; }
  /// Equity now minus at the first update of the local day (realized + unrealized).
  double day_pnl() const { return last_equity_ - day_start_equity_; }
  /// ATR of `symbol` on the setup's timeframe; nullopt while warming up.
  std::optional<double> atr_of(const std::string& symbol) const;
  /// Every change of the trading state with its reason, oldest first (the latest
  /// max_history), whatever caused it: a limit, a new day, a timed resume, a command.
  const std::deque<state_change>& history() const { return history_; }
  static constexpr std::size_t max_history = 256;
  /// Operator commands applied, oldest first (the latest 256).
  const std::deque<override_record>& overrides() const { return overrides_; }
  /// False when an operator disabled entries in `symbol`.
  bool symbol_enabled(const std::string& symbol) const { return disabled_.count(symbol) == 0; }
  /// False while the source (broker or feed) is reported lost.
  bool connected(const std::string& source) const { return lost_.count(source) == 0; }
  /// The setup the state was built with.
  const risk_setup& setup() const { return setup_; }

  /// What commands changed, for a write apart from the full snapshot (after_seq unset).
  risk_control_record control_record() const;
  /// Puts back what `r` holds (after a restore from an older full snapshot).
  void apply(const risk_control_record& r);

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

private:
  /// ATR and last close of one symbol.
  struct market {
    atr average_range{14};
    std::optional<double> atr_value;
    double last_close = 0;
    template <class Archive>
    void serialize(Archive& ar) { ar(average_range, atr_value, last_close); }
  };

  std::optional<state_change> set_state(trading_state to, std::string reason, std::string limit,
                                        std::int64_t now_ns);
  std::optional<state_change> escalate(trading_state to, std::string reason, std::string limit,
                                       std::int64_t now_ns);
  std::optional<state_change> roll_day(std::int64_t now_ns);
  /// True in a state that ends by itself (see risk_config::resume).
  bool self_resuming() const;
  std::optional<state_change> resume_due(std::int64_t now_ns);
  std::string entry_block(const std::string& symbol, int sign, const risk_context& ctx,
                          std::int64_t now_ns) const;
  std::optional<double> price_of(const std::string& symbol, const order_intent* intent,
                                 const risk_context& ctx) const;
  /// The sums the exposure caps of an order in `symbol` compare against: positions at
  /// their marks plus pending entries at their approval prices. Sums over every symbol
  /// only when a gross, net or sector cap applies; else the order's own symbol alone.
  exposure_totals exposure_totals_for(const std::string& symbol, const risk_context& ctx) const;
  /// Signed quantity by symbol, held plus pending: what the correlation guard counts.
  std::map<std::string, double> expected_positions(const risk_context& ctx) const;
  void add_pending(const std::string& intent_id, pending_entry e);
  void erase_pending(std::map<std::string, pending_entry>::iterator it);
  /// Drops the pending entries older than pending_timeout_ns; scans only when the oldest
  /// may have lapsed.
  void prune_pending(std::int64_t now_ns);
  void rebuild_pending_sums();
  /// Adds `e` to its symbol's sums and to the next time one may lapse.
  void sum_in(const pending_entry& e);
  risk_decision& record(risk_decision d);
  override_record& note(const control_command& cmd, trading_state from, std::int64_t now_ns);

  risk_setup setup_;
  blackout_schedule blackouts_;
  std::map<std::string, std::vector<std::string>> symbol_feeds_;
  std::deque<risk_decision> decisions_;
  // -- snapshotted ----------------------------------------------------------------------
  trading_state state_ = trading_state::active;
  std::string state_reason_ = "start";
  std::string state_limit_;        ///< The limit that set the state; empty for commands.
  std::int64_t state_since_ns_ = 0;
  std::int64_t day_ = std::numeric_limits<std::int64_t>::min();
  double day_start_equity_ = 0;
  int entries_today_ = 0;
  std::map<std::string, std::int64_t> last_entry_ns_;
  int consecutive_losses_ = 0;
  double peak_equity_ = 0;
  double last_equity_ = 0;
  std::deque<override_record> overrides_;
  std::deque<state_change> history_;
  std::map<std::string, std::string> disabled_;  ///< Symbol -> by whom and why.
  std::set<std::string> lost_;
  std::map<std::string, market> markets_;
  return_correlation correlation_;
  std::map<std::string, pending_entry> pending_;  ///< By intent id.
  // -- derived from pending_, rebuilt on load ---------------------------------------------
  struct pending_sum {
    double qty = 0;       ///< Signed.
    double notional = 0;  ///< Signed, at the approval prices.
    int entries = 0;
  };
  std::map<std::string, pending_sum> pending_by_symbol_;
  std::int64_t next_prune_ns_ = 0;  ///< No pending entry lapses before this.
};

template <class Archive>
void risk_state::serialize(Archive& ar, std::uint32_t version) {
  ar(state_, state_reason_, state_limit_, state_since_ns_, day_, day_start_equity_,
     entries_today_, last_entry_ns_, consecutive_losses_, peak_equity_, last_equity_,
     overrides_, disabled_, lost_, markets_, correlation_);
  if (version >= 2)
    ar(history_);
  if (version >= 3)
    ar(pending_);
  if constexpr (Archive::is_loading::value)
    rebuild_pending_sums();
}

} // namespace tickline

// Version 2: the history of state changes. Version 3: the pending entries.
CEREAL_CLASS_VERSION(tickline::risk_state, 3);
CEREAL_CLASS_VERSION(tickline::risk_control_record, 1);
