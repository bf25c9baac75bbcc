#include "actors/learning/weight_learner.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

std::string weight_key(const std::string& pooled) {
  auto k = pooled;
  if (auto slash = k.find('/'); slash != std::string::npos)
    k[slash] = '.';
  return k;
}

std::vector<threshold_rule> pattern_threshold_rules(
  const std::map<std::string, std::pair<double, double>>& bounds,
  const std::map<std::string, double>& initial) {
  struct known {
    const char* name;
    const char* key;
    int stricter;
  };
  const known all[] = {{"volume_z", "pattern.volume_spike", 1},
                       {"squeeze_quantile", "pattern.squeeze_release", -1}};
  std::vector<threshold_rule> out;
  for (const auto& k : all) {
    auto b = bounds.find(k.name);
    if (b == bounds.end())
      continue;
    threshold_rule r;
    r.name = k.name;
    r.key = k.key;
    r.stricter = k.stricter;
    r.min = b->second.first;
    r.max = b->second.second;
    auto i = initial.find(k.name);
    r.initial = i == initial.end() ? r.min : i->second;
    out.push_back(r);
  }
  return out;
}

std::map<std::string, double> weight_learner::thresholds() const {
  std::map<std::string, double> out;
  for (const auto& r : cfg_.thresholds) {
    auto it = thresholds_.find(r.name);
    // Bounds may have changed since the value was learned.
    out[r.name] = std::clamp(it == thresholds_.end() ? r.initial : it->second, r.min, r.max);
  }
  return out;
}

std::optional<weight_version> weight_learner::on_outcome(const std::string& key, double forward,
                                                         std::int64_t ts_ns) {
  if (!std::isfinite(forward))
    return std::nullopt;
  round_[key].update(forward);
  if (++round_count_ < std::max<std::uint64_t>(cfg_.round_outcomes, 1))
    return std::nullopt;
  ++rounds_;
  auto round = std::move(round_);
  round_.clear();
  round_count_ = 0;
  if (frozen_)
    return std::nullopt;

  const double bound = std::log1p(std::max(0.0, cfg_.max_step));
  std::map<std::string, double> logw;
  for (const auto& [k, w] : weights_)
    logw[k] = std::log(w);
  std::map<std::string, weight_evidence> evidence;
  bool moved = false;
  for (const auto& [k, m] : round) {
    weight_evidence e;
    e.n = m.n;
    e.mean_return = m.mean;
    const double se = m.std_error();
    if (m.n >= std::max<std::uint64_t>(cfg_.min_outcomes, 2) && se > 0)
      e.z = m.mean / se;
    else if (m.n >= std::max<std::uint64_t>(cfg_.min_outcomes, 2) && m.mean != 0)
      e.z = m.mean > 0 ? cfg_.z_cap : -cfg_.z_cap;  // no spread at all: as clear as it gets
    double& lw = logw[k];  // a new key starts at weight 1
    if (std::fabs(e.z) >= cfg_.z_min) {
      const double g = std::clamp(e.z, -cfg_.z_cap, cfg_.z_cap);
      lw += std::clamp(cfg_.learning_rate * g, -bound, bound);
      moved = true;
    }
    evidence.emplace(k, e);
  }
  if (!moved)
    return std::nullopt;
  // Shrink toward 1 what the round did not move, and what it moved from where it was.
  const double keep = 1 - std::clamp(cfg_.decay, 0.0, 1.0);
  for (auto& [k, lw] : logw) {
    auto w = weights_.find(k);
    const double base = w == weights_.end() ? 0.0 : std::log(w->second);
    lw = keep * base + (lw - base);
  }
  // Re-centre: the geometric mean of the weights stays 1, so one rises as others fall.
  double mean = 0;
  for (const auto& [k, lw] : logw)
    mean += lw;
  mean /= static_cast<double>(logw.size());
  std::map<std::string, double> next;
  for (const auto& [k, lw] : logw)
    next[k] = std::clamp(std::exp(lw - mean), cfg_.min_weight, cfg_.max_weight);
  for (auto& [k, e] : evidence) {
    e.before = weights_.count(k) ? weights_.at(k) : 1.0;
    e.after = next.at(k);
  }
  // Weights that moved only by the re-centring are evidence of the update too.
  for (const auto& [k, w] : next)
    if (!evidence.count(k)) {
      weight_evidence e;
      e.before = weights_.count(k) ? weights_.at(k) : 1.0;
      e.after = w;
      evidence.emplace(k, e);
    }
  // Thresholds follow their signals' gradient, bounded per update and overall.
  auto thresholds = this->thresholds();
  const double tbound = std::log1p(std::max(0.0, cfg_.threshold_step));
  for (const auto& r : cfg_.thresholds) {
    auto e = evidence.find(r.key);
    if (e == evidence.end() || std::fabs(e->second.z) < cfg_.z_min || cfg_.z_cap <= 0)
      continue;
    const double g = std::clamp(e->second.z, -cfg_.z_cap, cfg_.z_cap) / cfg_.z_cap;
    double& t = thresholds[r.name];
    t = std::clamp(t * std::exp(-r.stricter * g * tbound), r.min, r.max);
  }
  auto v = make_version(ts_ns, "round " + std::to_string(rounds_), std::move(evidence));
  v.weights = std::move(next);
  v.thresholds = std::move(thresholds);
  return v;
}

std::optional<weight_version> weight_learner::rollback(std::uint64_t version, std::int64_t ts_ns,
                                                       const std::string& by,
                                                       std::string& error) const {
  std::map<std::string, double> target;
  if (version != 0) {
    auto it = std::find_if(history_.begin(), history_.end(),
                           [&](const weight_version& v) { return v.version == version; });
    if (it == history_.end()) {
      error = "model version " + std::to_string(version) + " is not kept (kept: "
              + (history_.empty() ? std::string{"none"}
                                  : std::to_string(history_.front().version) + ".."
                                      + std::to_string(history_.back().version))
              + ", and 0 for all weights 1)";
      return std::nullopt;
    }
    target = it->weights;
  }
  // The thresholds go back too: the version's, or the configured ones for version 0.
  std::map<std::string, double> thresholds;
  for (const auto& r : cfg_.thresholds)
    thresholds[r.name] = r.initial;
  if (version != 0)
    for (const auto& v : history_)
      if (v.version == version)
        for (const auto& [name, t] : v.thresholds)
          if (thresholds.count(name))
            thresholds[name] = t;
  std::map<std::string, weight_evidence> evidence;
  for (const auto& [k, w] : target) {
    weight_evidence e;
    e.before = weights_.count(k) ? weights_.at(k) : 1.0;
    e.after = w;
    evidence.emplace(k, e);
  }
  for (const auto& [k, w] : weights_)
    if (!target.count(k)) {
      weight_evidence e;
      e.before = w;
      e.after = 1;
      evidence.emplace(k, e);
    }
  auto v = make_version(ts_ns, "rollback to " + std::to_string(version) + " by " + by,
                        std::move(evidence));
  v.weights = std::move(target);
  v.thresholds = std::move(thresholds);
  return v;
}

weight_version weight_learner::make_version(std::int64_t ts_ns, std::string reason,
                                            std::map<std::string, weight_evidence> evidence) const {
  weight_version v;
  v.version = version_ + 1;
  v.ts_ns = ts_ns;
  v.reason = std::move(reason);
  v.evidence = std::move(evidence);
  return v;
}

void weight_learner::commit(const weight_version& v) {
  if (v.version != version_ + 1)
    return;  // not the next one: proposed before another was committed
  weights_ = v.weights;
  for (const auto& [name, t] : v.thresholds)
    thresholds_[name] = t;
  version_ = v.version;
  if (v.reason.rfind("round", 0) == 0)
    ++updates_;
  else
    round_.clear(), round_count_ = 0;  // a rollback starts a fresh round
  history_.push_back(v);
  while (history_.size() > std::max<std::size_t>(cfg_.history, 1))
    history_.pop_front();
}

} // namespace tickline
