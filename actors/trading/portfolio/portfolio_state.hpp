#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "messages/market.hpp"
#include "messages/orders.hpp"
#include "messages/portfolio.hpp"

namespace tickline {

/// An account's positions and what they are worth, from the fills and the market prices
/// ("marks") it is fed. No CAF; time comes from the fills, the marks and the caller.
///
/// - Positions are signed (> 0 long, < 0 short) at an average entry price: a fill that
///   increases one averages its price in; one that reduces it realizes
///   (price - average) * qty * sign and keeps the average; one that goes through flat
///   closes the position and opens the other side with the rest at the fill price.
/// - Fees are paid in cash and count against realized P&L when paid; a fill that closes
///   and reopens splits its fee in proportion to the two quantities.
/// - Unrealized P&L is (mark - average) * qty. The mark is the last price fed in, or the
///   price of a fill stamped no earlier than it. Equity = cash + sum of qty * mark
///   = starting cash + realized (net) + unrealized.
/// - A round trip (flat to flat, or to a flip) is reported as a closed_trade.
class portfolio_state {
public:
  /// The round trip in progress in one symbol: sums of its entry and exit fills.
  struct round_trip {
    side sd = side::buy;         ///< buy = long.
    std::int64_t entry_ns = 0;
    double entry_qty = 0;
    double entry_notional = 0;
    double exit_qty = 0;
    double exit_notional = 0;
    double gross = 0;            ///< Realized before fees.
    double fees = 0;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(sd, entry_ns, entry_qty, entry_notional, exit_qty, exit_notional, gross, fees);
    }
  };

  /// One symbol: its position and the round trip in progress.
  struct holding {
    double qty = 0;              ///< Signed.
    double avg_price = 0;        ///< 0 when flat.
    double mark = 0;             ///< Last price: a mark, or a fill at least as recent.
    std::int64_t mark_ns = 0;    ///< Time of `mark`.
    double realized_pnl = 0;     ///< Since the start, net of this symbol's fees.
    double fees = 0;             ///< Since the start.
    std::int64_t ts_ns = 0;      ///< Last fill or mark.
    round_trip trip;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(qty, avg_price, mark, mark_ns, realized_pnl, fees, ts_ns, trip);
    }
  };

  portfolio_state() = default;
  /// An account holding `starting_cash` and no positions.
  explicit portfolio_state(double starting_cash);

  /// Books a fill: cash, position, realized P&L and fees. Returns the round trip it ends
  /// (the position went flat, or flipped side), else nullopt. A fill with a quantity or
  /// price that is not positive and finite, or a fee that is not finite, is ignored and
  /// counted in ignored_fills(); a quantity of 0 with a positive fee books the fee alone
  /// (an execution whose quantity a fill synthesized by reconciliation already booked).
  std::optional<closed_trade> on_fill(const fill& f);
  /// on_fill with what the fill was for: an entry that opens a round trip gives it its
  /// `entry_tag`, and the fill that ends one its `exit_reason` (the purpose). A fill whose
  /// execution id is among the last `recent_execs` booked is a repeat: ignored, counted
  /// in duplicate_fills(). Fills are known by execution id and nothing else.
  std::optional<closed_trade> on_fill(const booked_fill& f);
  /// Marks `symbol` at `price` (ignored unless positive and finite, or never filled, or
  /// older than the mark it has).
  void on_mark(const std::string& symbol, double price, std::int64_t ts_ns);
  /// Marks the trade's symbol at its price.
  void on_trade(const trade_tick& t) { on_mark(t.symbol, t.price, t.ts_ns); }
  /// Marks the bar's symbol at its close.
  void on_bar(const bar& b) { on_mark(b.symbol, b.close, b.close_ns); }
  /// Starts a trading day at `ts_ns` (the caller decides the boundary): day P&L counts
  /// from the equity now.
  void start_day(std::int64_t ts_ns);

  // -- account ------------------------------------------------------------------------------

  double starting_cash() const { return starting_cash_; }
  double cash() const { return cash_; }
  /// Cash plus the marked value of every position.
  double equity() const;
  /// Realized P&L since the start, net of every fee paid.
  double realized_pnl() const { return realized_; }
  /// Fees paid since the start.
  double fees() const { return fees_; }
  /// Sum of (mark - average) * qty over the open positions.
  double unrealized_pnl() const;
  /// Sum of |qty * mark|.
  double gross_exposure() const;
  /// Sum of qty * mark (shorts count negative).
  double net_exposure() const;
  /// qty * mark of one symbol (0 when flat or unknown).
  double exposure(const std::string& symbol) const;

  // -- risk ---------------------------------------------------------------------------------

  /// Highest equity seen after any fill or mark (the starting cash at first).
  double peak_equity() const { return peak_; }
  /// Peak equity minus equity now (>= 0).
  double drawdown() const { return peak_ - equity(); }
  /// Drawdown as a percentage of the peak.
  double drawdown_pct() const;
  /// Largest drawdown_pct() seen.
  double max_drawdown_pct() const { return max_drawdown_pct_; }
  /// Equity now minus equity at the last start_day() (or the start).
  double day_pnl() const { return equity() - day_start_equity_; }
  std::int64_t day_start_ns() const { return day_start_ns_; }

  // -- positions ----------------------------------------------------------------------------

  /// One symbol's position (all zero when never filled).
  position position_of(const std::string& symbol) const;
  /// Every symbol ever filled, flat ones included, by symbol.
  std::vector<position> positions() const;
  /// The positions that are not flat, by symbol.
  std::vector<position> open_positions() const;
  const std::map<std::string, holding>& holdings() const { return holdings_; }
  std::uint64_t ignored_fills() const { return ignored_fills_; }
  /// Repeated executions ignored.
  std::uint64_t duplicate_fills() const { return duplicate_fills_; }
  /// How many execution ids are remembered to ignore repeats.
  static constexpr std::size_t recent_execs = 4096;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

private:
  void add(holding& h, const booked_fill& f, double qty, double fee);
  std::optional<closed_trade> reduce(holding& h, const booked_fill& f, double qty, double fee);
  void revalue();
  template <class F>
  double sum_open(F term) const;
  void find_open();

  double starting_cash_ = 0;
  double cash_ = 0;
  double realized_ = 0;
  double fees_ = 0;
  double peak_ = 0;
  double max_drawdown_pct_ = 0;
  double day_start_equity_ = 0;
  std::int64_t day_start_ns_ = 0;
  std::map<std::string, holding> holdings_;
  std::uint64_t ignored_fills_ = 0;
  std::map<std::string, std::string> entry_tags_;  ///< Per symbol: the open round trip's tag.
  std::set<std::string> open_;   ///< Symbols whose holding is not flat (not saved: derived).
  std::deque<std::string> execs_;        ///< The latest execution ids booked, oldest first.
  std::set<std::string> exec_set_;       ///< The same, to look up (derived).
  std::uint64_t duplicate_fills_ = 0;
};

template <class Archive>
void portfolio_state::serialize(Archive& ar, std::uint32_t version) {
  ar(starting_cash_, cash_, realized_, fees_, peak_, max_drawdown_pct_, day_start_equity_,
     day_start_ns_, holdings_, ignored_fills_);
  if (version >= 2)
    ar(entry_tags_);
  if (version >= 3)
    ar(execs_, duplicate_fills_);
  if (std::is_base_of<cereal::detail::InputArchiveBase, Archive>::value) {
    find_open();
    exec_set_ = std::set<std::string>(execs_.begin(), execs_.end());
  }
}

} // namespace tickline

// Version 2: the entry tags of the open round trips. Version 3: recent execution ids.
CEREAL_CLASS_VERSION(tickline::portfolio_state, 3);
