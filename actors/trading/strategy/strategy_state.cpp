#include "actors/trading/strategy/strategy_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "actors/signals/volatility_detector_state.hpp"
#include "config/trading_loader.hpp"

namespace tickline {

namespace {

constexpr double seconds_per_year = 365.0 * 86400.0;

std::string fixed(double x, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
  return buffer;
}

} // namespace

strategy_state::strategy_state(strategy_config cfg, const risk_config& risk,
                               std::int64_t timeframe_s, std::string name)
  : cfg_(std::move(cfg)), max_notional_(risk.max_position_notional),
    max_drawdown_pct_(risk.max_drawdown_pct), timeframe_s_(timeframe_s),
    name_(std::move(name)), weights_(cfg_.weights) {}

strategy_state::book& strategy_state::book_of(const std::string& symbol) {
  auto it = books_.find(symbol);
  if (it == books_.end())
    it = books_.emplace(symbol, book{atr{cfg_.atr_period}, {}, 0, 0, 0, {}, {}, {}}).first;
  return it->second;
}

void strategy_state::on_bar(const bar& b) {
  auto& k = book_of(b.symbol);
  if (b.close > 0 && b.close_ns >= k.price_ns) {
    k.price = b.close;
    k.price_ns = b.close_ns;
  }
  if (b.timeframe_s != timeframe_s_ || !(b.close > 0))
    return;
  if (auto a = k.average_range.update(b.high, b.low, b.close))
    k.atr_value = a;
  auto r = regimes_.try_emplace(b.symbol, regime_track{regime{cfg_.atr_period}, {}}).first;
  if (auto now = r->second.classifier.update(b.high, b.low, b.close))
    r->second.now = to_string(*now);
  if (k.last_close > 0) {
    k.returns.push_back(std::log(b.close / k.last_close));
    if (k.returns.size() > static_cast<std::size_t>(cfg_.vol_window))
      k.returns.pop_front();
  }
  k.last_close = b.close;
}

std::optional<order_intent> strategy_state::on_signal(const signal& s, const account_view& account,
                                                      std::int64_t now_ns) {
  auto& k = book_of(s.symbol);
  if (s.price > 0 && s.ts_ns >= k.price_ns) {
    k.price = s.price;
    k.price_ns = s.ts_ns;
  }
  if (auto a = s.features.find("atr"); a != s.features.end() && a->second > 0)
    k.atr_value = a->second;
  else if (auto p = s.features.find("atr_pct"); p != s.features.end() && p->second > 0 && s.price > 0)
    k.atr_value = p->second / 100 * s.price;
  forget_old(k, now_ns);
  if (s.dir == direction::neutral || s.ts_ns < now_ns - cfg_.signal_window_ms * 1'000'000)
    return std::nullopt;
  const std::string key = to_string(s.kind) + "." + s.name;
  auto& v = k.votes[key];
  if (s.ts_ns >= v.ts_ns) {
    v = {s.dir, std::clamp(s.confidence, 0.0, 1.0), s.ts_ns};
    evidence_[s.symbol][key] = s;
  }
  if (!k.open_intent.empty())
    return std::nullopt;
  const double net = combine(k, now_ns);
  const double confidence = std::fabs(net);
  if (confidence <= 0 || confidence < cfg_.min_confidence || !k.atr_value || !(k.price > 0))
    return std::nullopt;
  const int sign = net > 0 ? 1 : -1;
  const double stop_distance = cfg_.stop_atr_multiple * *k.atr_value;
  sizing_inputs in;
  in.equity = account.equity;
  in.peak_equity = account.peak_equity;
  in.price = k.price;
  in.stop_distance = stop_distance;
  in.risk_fraction = cfg_.risk_per_trade;
  in.confidence = confidence;
  if (wins_ + losses_ >= cfg_.kelly_min_trades) {
    in.win_rate = static_cast<double>(wins_) / (wins_ + losses_);
    in.payoff_ratio = losses_ == 0 ? std::numeric_limits<double>::infinity()
                      : wins_ == 0 ? 0
                                   : (win_sum_ / wins_) / (loss_sum_ / losses_);
  }
  in.kelly_cap = cfg_.kelly_cap;
  in.realized_vol = realized_vol(s.symbol);
  in.vol_target = cfg_.vol_target;
  in.max_notional = max_notional_;
  in.max_qty = cfg_.max_qty;
  // The risk supervisor halts at this drawdown; sizing shrinks towards it.
  in.max_drawdown_pct = max_drawdown_pct_;
  const auto sized = size_position(in);
  if (!(sized.qty > 0))
    return std::nullopt;
  order_intent intent;
  intent.intent_id = name_ + "-" + s.symbol + "-" + std::to_string(++seq_);
  intent.symbol = s.symbol;
  intent.sd = sign > 0 ? side::buy : side::sell;
  intent.qty = sized.qty;
  intent.type = order_type::market;
  intent.stop_loss = k.price - sign * stop_distance;
  for (double r : cfg_.take_profit_r)
    intent.take_profits.push_back(k.price + sign * r * stop_distance);
  intent.confidence = confidence;
  intent.ts_ns = now_ns;
  intent.reason = (sign > 0 ? "long " : "short ") + fixed(confidence, 3) + " from";
  auto& voters = entry_voters_[s.symbol];
  voters.clear();
  for (const auto& [name, vote] : k.votes) {
    intent.reason += " " + name + " " + (vote.dir == direction::long_ ? "+" : "-") +
                     fixed(vote.confidence, 2) + "*" + fixed(weight_of(name), 2) + "*" +
                     fixed(calibration(name), 2);
    if ((vote.dir == direction::long_) == (sign > 0))
      voters.push_back(name);
  }
  intent.reason += "; stop " + fixed(cfg_.stop_atr_multiple, 2) + " ATR; " + sized.to_string();
  intent.context = context_of(k, s.symbol, sign, net, in, sized);
  k.open_intent = intent.intent_id;
  open_since_[s.symbol] = now_ns;
  k.votes.clear();  // fresh evidence for the next entry
  evidence_.erase(s.symbol);
  last_sizing_ = sized;
  return intent;
}

entry_context strategy_state::context_of(const book& b, const std::string& symbol, int sign,
                                         double net, const sizing_inputs& in,
                                         const sizing_result& sized) const {
  entry_context c;
  const auto want = sign > 0 ? direction::long_ : direction::short_;
  const auto ev = evidence_.find(symbol);
  double lead = -1;
  for (const auto& [key, v] : b.votes) {
    if (ev != evidence_.end())
      if (auto s = ev->second.find(key); s != ev->second.end())
        c.signals.push_back(s->second);
    // The tag names the vote that weighed most on the side taken: "kind:name".
    const double w = weight_of(key) * v.confidence * calibration(key);
    if (v.dir == want && w > lead) {
      lead = w;
      c.tag = key.substr(0, key.find('.')) + ":" + key.substr(key.find('.') + 1);
    }
  }
  c.indicators = {{"atr", *b.atr_value}, {"atr_pct", *b.atr_value / b.price * 100},
                  {"realized_vol", in.realized_vol}, {"price", b.price}, {"net_confidence", net}};
  c.regime = regime_of(symbol);
  c.sizing = {{"equity", in.equity},
              {"peak_equity", in.peak_equity},
              {"price", in.price},
              {"stop_distance", in.stop_distance},
              {"risk_fraction", in.risk_fraction},
              {"confidence", in.confidence},
              {"kelly_cap", in.kelly_cap},
              {"vol_target", in.vol_target},
              {"realized_vol", in.realized_vol},
              {"max_drawdown_pct", in.max_drawdown_pct},
              {"max_notional", in.max_notional},
              {"max_qty", in.max_qty},
              {"risk_qty", sized.risk_qty},
              {"kelly_factor", sized.kelly_factor},
              {"vol_factor", sized.vol_factor},
              {"drawdown_pct", sized.drawdown_pct},
              {"drawdown_factor", sized.drawdown_factor},
              {"uncapped_qty", sized.uncapped_qty},
              {"qty", sized.qty}};
  if (in.win_rate) {
    c.sizing["win_rate"] = *in.win_rate;
    c.sizing["payoff_ratio"] = in.payoff_ratio;
  }
  if (sized.kelly)
    c.sizing["kelly"] = *sized.kelly;
  c.limited_by = sized.limited_by;
  return c;
}

void strategy_state::on_decision(const risk_decision& d) {
  if (d.verdict != risk_verdict::deny || d.intent_id.empty())
    return;
  // A refusal that does not name its symbol (the order manager's) is found by its intent.
  for (auto& [symbol, book] : books_)
    if ((d.symbol.empty() || symbol == d.symbol) && book.open_intent == d.intent_id) {
      book.open_intent.clear();
      open_since_.erase(symbol);
      entry_voters_.erase(symbol);  // no position: nothing to credit
    }
}

void strategy_state::on_position_closed(const std::string& symbol, double pnl, std::int64_t entry_ns) {
  if (pnl > 0) {
    ++wins_;
    win_sum_ += pnl;
  } else if (pnl < 0) {
    ++losses_;
    loss_sum_ -= pnl;
  }
  if (auto f = forgotten_at_.find(symbol); f != forgotten_at_.end()) {
    const bool late = entry_ns <= f->second;  // the forgotten entry's trade
    forgotten_at_.erase(f);
    if (late)
      return;
  }
  book_of(symbol).open_intent.clear();
  open_since_.erase(symbol);
  const auto voters = entry_voters_.find(symbol);
  if (voters == entry_voters_.end())
    return;
  if (pnl != 0)
    for (const auto& key : voters->second)
      ++(pnl > 0 ? records_[key].wins : records_[key].losses);
  entry_voters_.erase(voters);
}

std::vector<std::pair<std::string, std::string>>
strategy_state::aged_entries(std::int64_t now_ns, std::int64_t age_ns) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [symbol, b] : books_) {
    if (b.open_intent.empty())
      continue;
    const auto since = open_since_.find(symbol);
    if (since == open_since_.end() || now_ns - since->second >= age_ns)
      out.emplace_back(symbol, b.open_intent);
  }
  return out;
}

bool strategy_state::forget_entry(const std::string& symbol, const std::string& intent_id,
                                  std::int64_t now_ns) {
  const auto it = books_.find(symbol);
  if (it == books_.end() || intent_id.empty() || it->second.open_intent != intent_id)
    return false;
  it->second.open_intent.clear();
  open_since_.erase(symbol);
  entry_voters_.erase(symbol);
  forgotten_at_[symbol] = now_ns;
  return true;
}

double strategy_state::calibration(const std::string& key) const {
  const auto r = records_.find(key);
  if (r == records_.end() || r->second.wins + r->second.losses < cfg_.calibration_min_trades)
    return 1;  // too few to judge by
  const double smoothed = (r->second.wins + 1.0) / (r->second.wins + r->second.losses + 2.0);
  return std::min(1.0, 2 * smoothed);
}

// -- weights ----------------------------------------------------------------------------

double strategy_state::weight_of(const std::string& key) const {
  const auto l = learned_.find(key);
  const double learned = l == learned_.end() ? 1.0 : l->second;
  if (auto it = weights_.find(key); it != weights_.end())
    return it->second * learned;
  if (auto it = weights_.find(key.substr(0, key.find('.'))); it != weights_.end())
    return it->second * learned;
  return learned;
}

std::string strategy_state::set_learned(const std::map<std::string, double>& multipliers,
                                        std::uint64_t version) {
  for (const auto& [key, m] : multipliers) {
    if (auto problem = check_weight_key(key); !problem.empty())
      return problem;
    if (!(m > 0 && m <= 10))
      return "learned multiplier of \"" + key + "\" must be in (0, 10]";
  }
  learned_ = multipliers;
  learned_version_ = version;
  return {};
}

double strategy_state::weight(signal_kind kind, const std::string& name) const {
  return weight_of(to_string(kind) + "." + name);
}

std::string strategy_state::set_weight(const std::string& key, double w) {
  if (auto problem = check_weight_key(key); !problem.empty())
    return problem;
  if (!(w >= 0 && w <= 10))
    return "weight of \"" + key + "\" must be in 0..10";
  weights_[key] = w;
  return {};
}

std::string strategy_state::set_weights(const std::map<std::string, double>& weights) {
  auto saved = weights_;
  weights_.clear();
  for (const auto& [key, w] : weights)
    if (auto problem = set_weight(key, w); !problem.empty()) {
      weights_ = std::move(saved);
      return problem;
    }
  return {};
}

// -- queries ----------------------------------------------------------------------------

void strategy_state::forget_old(book& b, std::int64_t now_ns) const {
  const std::int64_t oldest = now_ns - cfg_.signal_window_ms * 1'000'000;
  for (auto it = b.votes.begin(); it != b.votes.end();)
    it = it->second.ts_ns < oldest ? b.votes.erase(it) : std::next(it);
}

double strategy_state::combine(const book& b, std::int64_t now_ns) const {
  const std::int64_t oldest = now_ns - cfg_.signal_window_ms * 1'000'000;
  double keep_long = 1;
  double keep_short = 1;
  for (const auto& [key, v] : b.votes) {
    if (v.ts_ns < oldest)
      continue;
    const double p = std::min(1.0, weight_of(key) * v.confidence * calibration(key));
    (v.dir == direction::long_ ? keep_long : keep_short) *= 1 - p;
  }
  return (1 - keep_long) - (1 - keep_short);
}

double strategy_state::combined(const std::string& symbol, std::int64_t now_ns) const {
  const auto it = books_.find(symbol);
  return it == books_.end() ? 0 : combine(it->second, now_ns);
}

std::optional<double> strategy_state::atr_of(const std::string& symbol) const {
  const auto it = books_.find(symbol);
  return it == books_.end() ? std::nullopt : it->second.atr_value;
}

double strategy_state::realized_vol(const std::string& symbol) const {
  const auto it = books_.find(symbol);
  if (it == books_.end() || it->second.returns.size() < 2)
    return 0;
  const auto& r = it->second.returns;
  return tail_stdev(r, r.size()) * std::sqrt(seconds_per_year / static_cast<double>(timeframe_s_));
}

std::string strategy_state::regime_of(const std::string& symbol) const {
  const auto it = regimes_.find(symbol);
  return it == regimes_.end() ? std::string() : it->second.now;
}

std::vector<std::string> strategy_state::symbols() const {
  std::vector<std::string> out;
  out.reserve(books_.size());
  for (const auto& [symbol, b] : books_)
    out.push_back(symbol);
  return out;
}

std::string strategy_state::open_intent(const std::string& symbol) const {
  const auto it = books_.find(symbol);
  return it == books_.end() ? std::string() : it->second.open_intent;
}

} // namespace tickline
