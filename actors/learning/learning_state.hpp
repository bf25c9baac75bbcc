#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "actors/learning/learning_stats.hpp"
#include "messages/market.hpp"
#include "messages/portfolio.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// What the learning daemon tracks and how.
struct learning_settings {
  /// Horizons of a signal's outcome, in bars of its timeframe, ascending. Default: 5, 20.
  std::vector<int> horizons = {5, 20};
  /// The timeframe of signals that name none (whale trades), seconds. Default: 60.
  std::int64_t default_timeframe_s = 60;
  /// Outcomes at which a symbol's own figures count as much as the pooled ones
  /// (shrinkage: weight n / (n + pool_weight)). Default: 30.
  double pool_weight = 30;
  /// Page-Hinkley on each combination's hits (1 hit, 0 miss). Defaults: 0.005, 5.
  double drift_delta = 0.005;
  double drift_lambda = 5;
  /// After a drift the hit-rate evidence is cut to this share. Default: 0.5.
  double drift_keep = 0.5;
  /// Pending outcomes at most; beyond, the oldest of the new signal's symbol and timeframe
  /// are dropped (counted). Default: 1,000,000.
  std::size_t max_pending = 1'000'000;
};

/// What is known of one combination at one horizon.
struct outcome_stats {
  beta_posterior hits;      ///< A hit: the price moved the signal's way over the horizon.
  running_mean forward;     ///< Signed forward return (positive = the signal's way).
  running_mean favourable;  ///< Max favourable excursion over the horizon (>= 0).
  running_mean adverse;     ///< Max adverse excursion over the horizon (>= 0).
  page_hinkley drift;
  std::uint64_t drifts = 0;
  std::int64_t last_drift_ns = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(hits, forward, favourable, adverse, drift, drifts, last_drift_ns);
  }
};

/// Closed trades opened by one (detector, pattern).
struct trade_stats {
  std::uint64_t trades = 0;
  std::uint64_t wins = 0;
  running_mean pnl;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(trades, wins, pnl);
  }
};

/// A signal waiting for its outcome: 48 bytes, so that a million fit in well under
/// 100 MB (its keys are indices into the state's key table).
struct pending_outcome {
  std::uint32_t combo = 0;    ///< Key index of "detector/pattern/symbol/regime".
  std::uint32_t pooled = 0;   ///< Key index of "detector/pattern".
  std::int64_t ts_ns = 0;
  double entry = 0;
  double favourable = 0, adverse = 0;
  std::int32_t bars = 0;      ///< Bars of its timeframe seen since.
  std::uint8_t next = 0;      ///< The next horizon to record (at most 8 horizons).
  std::int8_t sign = 1;       ///< +1 long, -1 short.

  template <class Archive>
  void serialize(Archive& ar) {
    ar(combo, pooled, ts_ns, entry, favourable, adverse, bars, next, sign);
  }
};

/// An outcome just recorded, for whoever follows them (the weight learner).
struct recorded_outcome {
  std::string pooled;         ///< "detector/pattern".
  std::size_t horizon = 0;    ///< Index into the horizons.
  double forward = 0;         ///< Signed forward return.
  std::int64_t ts_ns = 0;     ///< The signal's time.
};

/// One row of what was learned, at one horizon.
struct learned_row {
  std::string key;            ///< "detector/pattern" or "detector/pattern/symbol/regime".
  double hit_rate = 0;        ///< Posterior mean.
  double hit_rate_sd = 0;     ///< Posterior standard deviation.
  double outcomes = 0;        ///< Outcomes recorded (drifts discount the hit rate, not these).
  double mean_return = 0;
  double return_se = 0;       ///< Standard error of mean_return.
  double mfe = 0, mae = 0;    ///< Mean excursions.
  std::uint64_t drifts = 0;
  /// Combination rows: the hit rate shrunk toward the pooled one, by how much the
  /// combination has seen (n / (n + pool_weight)); pooled rows: the hit rate itself.
  double blended_hit_rate = 0;
};

/// The learning daemon's state: the outcome of every signal at each horizon, by
/// (detector, pattern, symbol, regime) and pooled by (detector, pattern), plus what the
/// trades they opened made. The detector is the signal's kind (whale, pattern,
/// volatility, external), the regime the symbol's last bar's at the signal's time
/// (ranging, trending, volatile, unknown). A signal's outcome at horizon h is taken at
/// the close of the h-th bar of its timeframe after it: forward return
/// sign * (close - price) / price, a hit when positive, and the largest favourable and
/// adverse moves of the highs and lows on the way. No CAF; no clock.
class learning_state {
public:
  /// A state for reading a saved model as it is (its horizons are taken from it).
  learning_state() = default;
  /// A daemon's state: a saved model must have these settings' horizons.
  explicit learning_state(learning_settings s) : cfg_(std::move(s)), configured_(true) {}

  void on_signal(const signal& s);
  void on_bar(const bar& b);
  void on_trade(const closed_trade& t);

  /// Rows at horizon index `h` (0 = the first), pooled combinations first when `pooled`,
  /// else per symbol and regime; best blended hit rate first (ties by key).
  std::vector<learned_row> table(std::size_t h, bool pooled) const;
  const std::map<std::string, trade_stats>& trades() const { return trades_; }
  std::size_t pending() const { return pending_count_; }
  std::uint64_t recorded() const { return recorded_; }
  std::uint64_t dropped() const { return dropped_; }
  /// Signals with no direction or no price: nothing to follow.
  std::uint64_t ignored() const { return ignored_; }
  const learning_settings& settings() const { return cfg_; }

  /// The model's version: bumped by every recorded outcome and trade.
  std::uint64_t version() const { return version_; }

  /// The outcomes recorded since the last call, oldest first (not snapshotted: whoever
  /// follows them takes them after each message).
  std::vector<recorded_outcome> take_recorded() { return std::exchange(recorded_list_, {}); }

  /// A model saved with other horizons than the configured ones does not load into a
  /// configured state (std::runtime_error saying so): its figures would be read at the
  /// wrong horizons.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    auto horizons = cfg_.horizons;
    ar(horizons, keys_, pending_, combos_, pooled_, trades_, regimes_, recorded_, dropped_,
       ignored_, version_);
    if constexpr (Archive::is_loading::value) {
      pending_count_ = 0;
      key_ids_.clear();
      for (std::uint32_t i = 0; i < keys_.size(); ++i)
        key_ids_.emplace(keys_[i], i);
      for (const auto& [key, list] : pending_) {
        pending_count_ += list.size();
        for (const auto& p : list)
          if (p.combo >= keys_.size() || p.pooled >= keys_.size())
            throw std::runtime_error("learning model: a pending outcome names no key");
      }
      if (!configured_)
        cfg_.horizons = horizons;
      check_loaded(horizons);
    }
  }

private:
  void record(pending_outcome& p, double close);
  void check_loaded(const std::vector<int>& saved_horizons) const;
  std::vector<outcome_stats>& stats_of(std::map<std::string, std::vector<outcome_stats>>& m,
                                       const std::string& key);

  std::uint32_t key_id(const std::string& key);

  learning_settings cfg_;
  /// The keys pending outcomes name, by index (key_ids_ finds them; not snapshotted).
  std::vector<std::string> keys_;
  std::unordered_map<std::string, std::uint32_t> key_ids_;
  /// By "symbol@timeframe_s", oldest first.
  std::map<std::string, std::vector<pending_outcome>> pending_;
  std::size_t pending_count_ = 0;
  std::map<std::string, std::vector<outcome_stats>> combos_;   ///< By horizon.
  std::map<std::string, std::vector<outcome_stats>> pooled_;   ///< By horizon.
  std::map<std::string, trade_stats> trades_;                  ///< By "detector/pattern".
  std::map<std::string, std::string> regimes_;                 ///< Symbol -> last regime.
  std::uint64_t recorded_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t ignored_ = 0;
  std::uint64_t version_ = 0;
  bool configured_ = false;
  std::vector<recorded_outcome> recorded_list_;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::learning_state, 2);
