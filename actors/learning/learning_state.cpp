#include "actors/learning/learning_state.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tickline {

namespace {

const char* regime_name(std::int8_t r) {
  switch (r) {
    case 0: return "ranging";
    case 1: return "trending";
    case 2: return "volatile";
    default: return "unknown";
  }
}

std::string pending_key(const std::string& symbol, std::int64_t timeframe_s) {
  return symbol + "@" + std::to_string(timeframe_s);
}

} // namespace

std::vector<outcome_stats>& learning_state::stats_of(
  std::map<std::string, std::vector<outcome_stats>>& m, const std::string& key) {
  auto [it, added] = m.try_emplace(key);
  if (added) {
    it->second.resize(cfg_.horizons.size());
    for (auto& s : it->second) {
      s.drift.delta = cfg_.drift_delta;
      s.drift.lambda = cfg_.drift_lambda;
    }
  }
  return it->second;
}

void learning_state::on_signal(const signal& s) {
  if (s.dir == direction::neutral || !(s.price > 0) || cfg_.horizons.empty()) {
    ++ignored_;
    return;
  }
  pending_outcome p;
  const auto pooled = to_string(s.kind) + "/" + s.name;
  const auto regime = regimes_.count(s.symbol) ? regimes_.at(s.symbol) : std::string{"unknown"};
  p.pooled = key_id(pooled);
  p.combo = key_id(pooled + "/" + s.symbol + "/" + regime);
  p.ts_ns = s.ts_ns;
  p.sign = s.dir == direction::long_ ? 1 : -1;
  p.entry = s.price;
  std::int64_t tf = cfg_.default_timeframe_s;
  if (auto it = s.features.find("timeframe_s"); it != s.features.end() && it->second >= 1)
    tf = static_cast<std::int64_t>(it->second);
  auto& list = pending_[pending_key(s.symbol, tf)];
  list.push_back(std::move(p));
  ++pending_count_;
  if (pending_count_ > cfg_.max_pending) {
    list.erase(list.begin());
    --pending_count_;
    ++dropped_;
  }
}

std::uint32_t learning_state::key_id(const std::string& key) {
  auto [it, added] = key_ids_.try_emplace(key, static_cast<std::uint32_t>(keys_.size()));
  if (added)
    keys_.push_back(key);
  return it->second;
}

void learning_state::on_bar(const bar& b) {
  // Every bar passes here: the regime string is written only when it changes.
  if (auto& regime = regimes_[b.symbol]; regime != regime_name(b.regime))
    regime = regime_name(b.regime);
  if (pending_.empty())
    return;
  auto it = pending_.find(pending_key(b.symbol, b.timeframe_s));
  if (it == pending_.end())
    return;
  auto& list = it->second;
  for (auto& p : list) {
    if (b.close_ns <= p.ts_ns)
      continue;  // the bar the signal came from, or older
    ++p.bars;
    const double up = (b.high - p.entry) / p.entry;
    const double down = (p.entry - b.low) / p.entry;
    p.favourable = std::max(p.favourable, p.sign > 0 ? up : down);
    p.adverse = std::max(p.adverse, p.sign > 0 ? down : up);
    while (p.next < cfg_.horizons.size() && p.bars >= cfg_.horizons[p.next]) {
      record(p, b.close);
      ++p.next;
    }
  }
  const auto before = list.size();
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const pending_outcome& p) { return p.next >= cfg_.horizons.size(); }),
             list.end());
  pending_count_ -= before - list.size();
  if (list.empty())
    pending_.erase(it);
}

void learning_state::record(pending_outcome& p, double close) {
  const double r = p.sign * (close - p.entry) / p.entry;
  const bool hit = r > 0;
  for (auto* m : {&combos_, &pooled_}) {
    auto& s = stats_of(*m, keys_[m == &combos_ ? p.combo : p.pooled])[p.next];
    s.hits.update(hit);
    s.forward.update(r);
    s.favourable.update(std::max(0.0, p.favourable));
    s.adverse.update(std::max(0.0, p.adverse));
    if (s.drift.update(hit ? 1 : 0)) {
      ++s.drifts;
      s.last_drift_ns = p.ts_ns;
      s.hits.discount(cfg_.drift_keep);
    }
  }
  recorded_list_.push_back({keys_[p.pooled], p.next, r, p.ts_ns});
  ++recorded_;
  ++version_;
}

void learning_state::on_trade(const closed_trade& t) {
  auto key = t.entry_tag;
  std::replace(key.begin(), key.end(), ':', '/');
  if (key.empty())
    key = "unknown";
  auto& s = trades_[key];
  ++s.trades;
  if (t.pnl > 0)
    ++s.wins;
  s.pnl.update(t.pnl);
  ++version_;
}

std::vector<learned_row> learning_state::table(std::size_t h, bool pooled) const {
  std::vector<learned_row> out;
  if (h >= cfg_.horizons.size())
    return out;
  const auto& m = pooled ? pooled_ : combos_;
  for (const auto& [key, by_horizon] : m) {
    const auto& s = by_horizon.at(h);
    learned_row r;
    r.key = key;
    r.hit_rate = s.hits.mean();
    r.hit_rate_sd = std::sqrt(s.hits.variance());
    r.outcomes = static_cast<double>(s.forward.n);
    r.mean_return = s.forward.mean;
    r.return_se = s.forward.std_error();
    r.mfe = s.favourable.mean;
    r.mae = s.adverse.mean;
    r.drifts = s.drifts;
    r.blended_hit_rate = r.hit_rate;
    if (!pooled) {
      // "detector/pattern/symbol/regime": lean on "detector/pattern" while n is small.
      const auto cut = key.find('/', key.find('/') + 1);
      auto p = pooled_.find(key.substr(0, cut));
      if (p != pooled_.end()) {
        const double n = s.forward.n;
        const double w = n / (n + cfg_.pool_weight);
        r.blended_hit_rate = w * r.hit_rate + (1 - w) * p->second.at(h).hits.mean();
      }
    }
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const learned_row& a, const learned_row& b) {
    return a.blended_hit_rate != b.blended_hit_rate ? a.blended_hit_rate > b.blended_hit_rate
                                                    : a.key < b.key;
  });
  return out;
}

void learning_state::check_loaded(const std::vector<int>& saved_horizons) const {
  if (saved_horizons != cfg_.horizons)
    throw std::runtime_error("learning model: saved for other horizons than the configured ones");
  for (const auto* m : {&combos_, &pooled_})
    for (const auto& [key, v] : *m)
      if (v.size() != cfg_.horizons.size())
        throw std::runtime_error("learning model: " + key + " has " + std::to_string(v.size()) +
                                 " horizons, expected " + std::to_string(cfg_.horizons.size()));
}

} // namespace tickline
