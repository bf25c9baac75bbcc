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
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>

#include "actors/learning/learning_stats.hpp"

namespace tickline {

/// The strategy's weight key of a statistics key: "pattern/ema_cross" -> "pattern.ema_cross".
std::string weight_key(const std::string& pooled);

/// A detector threshold the learner moves with the weight of the signals it gates.
struct threshold_rule {
  std::string name;           ///< "volume_z".
  std::string key;            ///< The weight key of its signals: "pattern.volume_spike".
  int stricter = 1;           ///< +1: a higher value lets fewer signals through; -1: more.
  double initial = 0;         ///< The configured value (version 0's).
  double min = 0, max = 0;    ///< Bounds.
};

/// The threshold rules of the pattern detector's thresholds: volume_z gates volume_spike
/// (higher is stricter), squeeze_quantile gates squeeze_release (higher is looser).
/// `bounds` and `initial` by name; names without bounds get no rule.
std::vector<threshold_rule> pattern_threshold_rules(
  const std::map<std::string, std::pair<double, double>>& bounds,
  const std::map<std::string, double>& initial);

/// How the learning daemon turns outcomes into the strategy's signal weights.
struct weight_settings {
  /// Outcomes (of every detector and pattern together) per round; a round's end is an
  /// update. Default: 50.
  std::uint64_t round_outcomes = 50;
  /// A (detector, pattern) moves only with at least this many outcomes in the round.
  /// Default: 10.
  std::uint64_t min_outcomes = 10;
  /// Learning rate eta of the exponentiated-gradient step. Default: 0.1.
  double learning_rate = 0.1;
  /// Dead band: a round's mean forward return must be this many standard errors from 0
  /// to move its weight at all (noise stays out). Default: 2.
  double z_min = 2;
  /// The gradient is the round's z-score clipped to +-z_cap. Default: 4.
  double z_cap = 4;
  /// A weight changes by at most this share per update (|d ln w| <= ln(1 + max_step)).
  /// Default: 0.2.
  double max_step = 0.2;
  /// Each update first shrinks every log-weight toward 0 (weight 1) by this share:
  /// ln w <- (1 - decay) ln w. On noise the weights then wander about 1 with a bounded
  /// spread instead of drifting away; an edge that keeps winning still holds its weight
  /// at ln(1 + max_step) / decay (clamped to the bounds). Default: 0.1.
  double decay = 0.1;
  /// Bounds of every weight. Defaults: 0.25, 4.
  double min_weight = 0.25;
  double max_weight = 4;
  /// Model versions kept for rollback (with their weights and evidence). Default: 100.
  std::size_t history = 100;
  /// Detector thresholds moved with the weights. Default: none.
  std::vector<threshold_rule> thresholds;
  /// A threshold changes by at most this share per update. Default: 0.1.
  double threshold_step = 0.1;
};

/// What one (detector, pattern) showed in one round, and what it did to its weight.
struct weight_evidence {
  std::uint64_t n = 0;        ///< Outcomes in the round.
  double mean_return = 0;     ///< Their mean signed forward return.
  double z = 0;               ///< mean / standard error (0 below min_outcomes).
  double before = 1, after = 1;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(n, mean_return, z, before, after);
  }
};

/// One version of the learned weights: what they are, why, and when.
struct weight_version {
  std::uint64_t version = 0;
  std::int64_t ts_ns = 0;
  std::string reason;                          ///< "round", "rollback to 3", ...
  std::map<std::string, double> weights;       ///< "kind.name" -> weight.
  std::map<std::string, weight_evidence> evidence;
  /// The detector thresholds at this version, by name (only those with a rule).
  std::map<std::string, double> thresholds;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(version, ts_ns, reason, weights, evidence, thresholds);
  }
};

/// The signal weights the learning daemon proposes, learned by exponentiated gradient
/// (a Hedge-style multiplicative update) over (detector, pattern). Each round collects
/// the signed forward return of every outcome recorded at one horizon. At the round's
/// end each (detector, pattern) with at least min_outcomes gets the gradient
/// g = clip(z, -z_cap, z_cap), z = mean / (sd / sqrt(n)), and 0 inside the dead band
/// |z| < z_min. When any key leaves the dead band, every ln w shrinks by `decay` toward 0,
/// then ln w += clip(eta * g, -ln(1 + max_step), ln(1 + max_step)), the
/// log-weights are re-centred to a geometric mean of 1 (a weight rises only at the
/// others' expense, as in Hedge) and each weight is clamped to [min_weight, max_weight].
/// A round that changes no weight makes no version. Frozen, rounds are counted and
/// dropped.
/// Thresholds move with the same evidence: a threshold_rule's threshold t becomes
/// clamp(t * (1 + threshold_step)^(-stricter * g / z_cap), min, max) where g is its
/// signals' gradient, so signals that pay are let through more easily and signals that
/// lose less easily, by at most threshold_step per update and never outside the bounds.
/// No CAF; no clock.
class weight_learner {
public:
  weight_learner() = default;
  explicit weight_learner(weight_settings s) : cfg_(s) {}
  /// New settings for a restored learner (settings are not part of its snapshot).
  void configure(weight_settings s) { cfg_ = s; }

  /// An outcome of `key` ("kind.name"): its signed forward return at the learning
  /// horizon, at `ts_ns`. Returns the next version when it completes a round that changes
  /// the weights: proposed, not yet in use, until commit() (after it is journaled).
  std::optional<weight_version> on_outcome(const std::string& key, double forward,
                                           std::int64_t ts_ns);

  /// Makes `v` (the last proposal) the current version; a proposal that is not the next
  /// version is ignored.
  void commit(const weight_version& v);

  /// Stops (true) or resumes (false) updates.
  void freeze(bool frozen) { frozen_ = frozen; }
  bool frozen() const { return frozen_; }

  /// Proposes going back to the weights of `version` (0: every weight 1) as a new version,
  /// asked by `by` (commit() makes it current); nullopt and `error` set when the version
  /// is not kept.
  std::optional<weight_version> rollback(std::uint64_t version, std::int64_t ts_ns,
                                         const std::string& by, std::string& error) const;

  const std::map<std::string, double>& weights() const { return weights_; }
  /// The thresholds in use, by name (the configured ones until an update moves them).
  std::map<std::string, double> thresholds() const;
  std::uint64_t version() const { return version_; }
  std::uint64_t rounds() const { return rounds_; }
  std::uint64_t updates() const { return updates_; }
  /// The versions kept, oldest first (version 0, all weights 1, is kept until pushed out).
  const std::deque<weight_version>& history() const { return history_; }
  const weight_settings& settings() const { return cfg_; }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(weights_, round_, round_count_, version_, rounds_, updates_, history_, frozen_, thresholds_);
  }

private:
  weight_version make_version(std::int64_t ts_ns, std::string reason,
                              std::map<std::string, weight_evidence> evidence) const;

  weight_settings cfg_;
  std::map<std::string, double> weights_;
  std::map<std::string, double> thresholds_;  ///< Those moved so far; the others are initial.
  std::map<std::string, running_mean> round_;
  std::uint64_t round_count_ = 0;
  std::uint64_t version_ = 0;
  std::uint64_t rounds_ = 0;
  std::uint64_t updates_ = 0;
  std::deque<weight_version> history_;
  bool frozen_ = false;
};

} // namespace tickline
