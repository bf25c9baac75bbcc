#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>

#include "actors/indicators/indicators.hpp"
#include "actors/trading/strategy/position_sizing.hpp"
#include "config/config.hpp"
#include "messages/market.hpp"
#include "messages/orders.hpp"
#include "messages/risk.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// The account as the strategy sizes against it; from the portfolio.
struct account_view {
  double equity = 0;       ///< Cash + positions at their marks.
  double peak_equity = 0;  ///< Highest equity seen.
};

/// Turns detector signals into entry intents. Per symbol it keeps the latest signal of
/// each kind.name within `signal_window_ms` and combines those pointing each way as
/// 1 − Π(1 − min(1, weight × confidence)); the entry's side is the stronger way and its
/// confidence the difference of the two. At `min_confidence` or more it emits a market
/// entry with a stop `stop_atr_multiple` ATRs away and take-profits at `take_profit_r`
/// multiples of that distance, sized by size_position(). One open entry per symbol: the
/// next waits until the risk supervisor denies it, the position closes, or the order
/// manager, asked about an old entry, holds nothing live for its symbol. The last price
/// and ATR of a symbol come from its bars (ATR and realized volatility from bars of the
/// strategy's timeframe) and from signal features "atr" or "atr_pct".
/// No CAF; time comes in as arguments (ns since the epoch).
class strategy_state {
public:
  strategy_state() = default;
  /// A strategy with `cfg`; sizes are capped at `risk.max_position_notional` and
  /// `cfg.max_qty` and shrink linearly to zero at `risk.max_drawdown_pct`; bars of
  /// `timeframe_s` feed ATR and volatility; intent ids start with `name`.
  strategy_state(strategy_config cfg, const risk_config& risk, std::int64_t timeframe_s,
                 std::string name = "strategy");

  /// A closed bar: marks its symbol; bars of the strategy's timeframe also feed its ATR and
  /// realized volatility.
  void on_bar(const bar& b);

  /// A detector's signal at `now_ns`; returns an entry intent when it tips the symbol's
  /// combined evidence to `min_confidence` or more while no entry is open for it, ATR and
  /// price are known and the size is positive.
  std::optional<order_intent> on_signal(const signal& s, const account_view& account,
                                        std::int64_t now_ns);

  /// The risk supervisor's decision: a denial frees the symbol for the next entry.
  void on_decision(const risk_decision& d);

  /// The position in `symbol` closed with net `pnl`: frees the symbol, feeds the win
  /// rate and payoff ratio behind the Kelly fraction, and counts a win or a loss for each
  /// signal ("kind.name") that voted for the side the entry took (a zero pnl is not
  /// counted). A trade whose first entry fill (`entry_ns`) came before the symbol's last
  /// entry was forgotten (forget_entry) is that forgotten entry's, arriving late: it
  /// counts for the statistics but leaves the entry opened since then open.
  void on_position_closed(const std::string& symbol, double pnl, std::int64_t entry_ns = 0);

  /// The symbols whose open entry is `age_ns` or older at `now_ns`, sorted with their
  /// intent ids; an entry a snapshot older than this rule brought back counts as old.
  /// The actor asks the order manager which of them hold nothing live.
  std::vector<std::pair<std::string, std::string>> aged_entries(std::int64_t now_ns,
                                                                std::int64_t age_ns) const;
  /// Forgets the open entry `intent_id` of `symbol`: the order manager holds nothing live
  /// for it (its closed trade or refusal was lost, to a crash or on the way). Its voters
  /// get no credit. False when the symbol's open entry is another one by now.
  bool forget_entry(const std::string& symbol, const std::string& intent_id, std::int64_t now_ns = 0);

  /// How far the strategy trusts the signals `key` ("kind.name") from its record of the
  /// entries it voted for: twice their Laplace-smoothed win rate, capped at 1,
  /// min(1, 2 (wins + 1) / (wins + losses + 2)). 1 with fewer than
  /// calibration_min_trades in its record or a win rate of a half or more; each loss
  /// beyond that lowers it (with the minimum at 2: two losses and no win 0.5). A
  /// vote counts weight × confidence × calibration.
  double calibration(const std::string& key) const;
  /// Wins and losses of the entries each signal voted for.
  struct signal_record {
    int wins = 0;
    int losses = 0;
    template <class Archive>
    void serialize(Archive& ar) { ar(wins, losses); }
  };
  const std::map<std::string, signal_record>& signal_records() const { return records_; }

  // -- weights (tuned at run time by the learning daemon) ---------------------------------

  /// The weight of a signal: its "kind.name" entry, else its "kind" entry, else 1.
  double weight(signal_kind kind, const std::string& name) const;
  /// Sets the weight of `key` ("kind" or "kind.name") to `w` in [0, 10]; returns an empty
  /// string, or what is wrong (nothing changes then).
  std::string set_weight(const std::string& key, double w);
  /// Replaces all weights when every entry is valid; returns what is wrong otherwise.
  std::string set_weights(const std::map<std::string, double>& weights);
  /// The explicit weights.
  const std::map<std::string, double>& weights() const { return weights_; }
  /// The learning daemon's multipliers by "kind.name" (a signal's weight is its explicit
  /// weight times its multiplier, 1 when unlisted), replaced as a whole with the model
  /// `version` they come from. Each must be in (0, 10]; nothing changes otherwise and
  /// what is wrong is returned.
  std::string set_learned(const std::map<std::string, double>& multipliers,
                          std::uint64_t version);
  const std::map<std::string, double>& learned() const { return learned_; }
  std::uint64_t learned_version() const { return learned_version_; }

  // -- queries --------------------------------------------------------------------------

  /// Combined signed confidence of `symbol` at `now_ns`: > 0 long, < 0 short.
  double combined(const std::string& symbol, std::int64_t now_ns) const;
  /// ATR of `symbol`; nullopt while unknown.
  std::optional<double> atr_of(const std::string& symbol) const;
  /// Annualized realized volatility of `symbol` (365-day year); 0 while unknown.
  double realized_vol(const std::string& symbol) const;
  /// The id of the open entry of `symbol`; empty when none.
  std::string open_intent(const std::string& symbol) const;
  /// The symbols the strategy has seen (bars or signals), sorted.
  std::vector<std::string> symbols() const;
  /// Closed trades with a gain.
  int wins() const { return wins_; }
  /// Closed trades with a loss.
  int losses() const { return losses_; }
  /// The sizing of the last entry.
  const sizing_result& last_sizing() const { return last_sizing_; }
  /// The market regime of `symbol` from bars of the strategy's timeframe; empty while unknown.
  std::string regime_of(const std::string& symbol) const;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(weights_, books_, seq_, wins_, losses_, win_sum_, loss_sum_);
    // Version 2: the signals behind the votes and the regime, for the trade log.
    if (version >= 2)
      ar(evidence_, regimes_);
    // Version 3: each signal's record, and the signals behind each open entry.
    if (version >= 3)
      ar(records_, entry_voters_);
    // Version 4: the learning daemon's multipliers.
    if (version >= 4)
      ar(learned_, learned_version_);
    // Version 5: when each open entry was sent.
    if (version >= 5)
      ar(open_since_);
  }

private:
  /// A signal's say in the combination.
  struct vote {
    direction dir = direction::neutral;
    double confidence = 0;
    std::int64_t ts_ns = 0;
    template <class Archive>
    void serialize(Archive& ar) { ar(dir, confidence, ts_ns); }
  };
  /// What the strategy knows of one symbol.
  struct book {
    atr average_range{14};
    std::optional<double> atr_value;
    double price = 0;
    std::int64_t price_ns = 0;
    double last_close = 0;
    std::deque<double> returns;
    std::map<std::string, vote> votes;  ///< Latest per "kind.name".
    std::string open_intent;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(average_range, atr_value, price, price_ns, last_close, returns, votes, open_intent);
    }
  };

  /// The market regime of one symbol, over `atr_period` bars.
  struct regime_track {
    regime classifier;
    std::string now;                    ///< Latest classification; empty while warming up.
    template <class Archive>
    void serialize(Archive& ar) { ar(classifier, now); }
  };

  book& book_of(const std::string& symbol);
  entry_context context_of(const book& b, const std::string& symbol, int sign, double net,
                           const sizing_inputs& in, const sizing_result& sized) const;
  void forget_old(book& b, std::int64_t now_ns) const;
  double weight_of(const std::string& key) const;
  double combine(const book& b, std::int64_t now_ns) const;

  strategy_config cfg_;
  double max_notional_ = 0;
  double max_drawdown_pct_ = 0;
  std::int64_t timeframe_s_ = 60;
  std::string name_ = "strategy";
  // -- snapshotted ----------------------------------------------------------------------
  std::map<std::string, double> weights_;
  std::map<std::string, book> books_;
  std::uint64_t seq_ = 0;
  int wins_ = 0;
  int losses_ = 0;
  double win_sum_ = 0;
  double loss_sum_ = 0;
  /// Per symbol, the latest signal behind each vote (by "kind.name").
  std::map<std::string, std::map<std::string, signal>> evidence_;
  std::map<std::string, regime_track> regimes_;
  std::map<std::string, signal_record> records_;  ///< By "kind.name".
  /// By symbol: the signals that voted for the side of its latest entry.
  std::map<std::string, std::vector<std::string>> entry_voters_;
  std::map<std::string, double> learned_;
  std::uint64_t learned_version_ = 0;
  std::map<std::string, std::int64_t> open_since_;  ///< By symbol: when its entry went out.
  /// By symbol: when its last entry was forgotten (not saved: a restart loses the late
  /// closed trades this waits for).
  std::map<std::string, std::int64_t> forgotten_at_;
  sizing_result last_sizing_;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::strategy_state, 5);
