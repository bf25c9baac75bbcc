#include "actors/trading/trade_log/trade_logger_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tickline {

namespace {

double sign_of(side sd) {
  return sd == side::buy ? 1 : -1;
}

// Below this share of a quantity, what is left is rounding, not a position.
bool flat(double qty, double scale) {
  return std::fabs(qty) <= 1e-9 * std::max(1.0, std::fabs(scale));
}

} // namespace

void trade_logger_state::on_intent(const order_intent& intent) {
  if (max_pending_ == 0 || intent.intent_id.empty())
    return;
  if (pending_.count(intent.intent_id) == 0) {
    order_.push_back(intent.intent_id);
    while (order_.size() > max_pending_) {
      pending_.erase(order_.front());
      order_.pop_front();
    }
  }
  pending_[intent.intent_id].intent = intent;
}

void trade_logger_state::on_decision(const risk_decision& d) {
  auto it = pending_.find(d.intent_id);
  if (d.verdict == risk_verdict::deny) {
    ++denied_;
    if (it != pending_.end())
      forget(d.intent_id);
    return;
  }
  if (it != pending_.end())
    it->second.decision = d;
}

std::string trade_logger_state::key(const fill& f) {
  if (!f.exec_id.empty())
    return "x:" + f.exec_id;
  char buf[96];
  std::snprintf(buf, sizeof buf, "|%.17g|%.17g|%lld", f.price, f.qty,
                static_cast<long long>(f.ts_ns));
  return f.client_order_id + buf;
}

trade_record trade_logger_state::make_record(const booked_fill& b) const {
  const auto& f = b.fill;
  const auto p = position(f.symbol);
  trade_record r;
  r.key = key(f);
  r.ts_ns = f.ts_ns;
  r.symbol = f.symbol;
  r.sd = f.sd;
  r.price = f.price;
  r.order_id = f.client_order_id;
  r.trade_id = b.trade_id;
  r.intent_id = b.intent_id;
  r.entry_tag = b.entry_tag;
  const double signed_qty = sign_of(f.sd) * f.qty;
  const bool reduces = !flat(p.qty, p.qty) && (p.qty > 0) != (signed_qty > 0);
  if (!reduces) {
    r.kind = "entry";
    r.qty = f.qty;
    r.fee = f.fee;
    r.position_after = p.qty + signed_qty;
    r.avg_entry_price = (std::fabs(p.qty) * p.avg_price + f.qty * f.price)
                        / (std::fabs(p.qty) + f.qty);
    // The context goes with the first fill of the entry order; the rest of its fills (the
    // broker may fill it in many parts) point back to it by trade_id.
    const bool first = flat(p.qty, p.qty) || p.trade_id != b.trade_id;
    if (auto it = pending_.find(b.intent_id); first && it != pending_.end()) {
      r.intent = it->second.intent;
      r.decision = it->second.decision;
    }
    return r;
  }
  // The part that closes. Exits are reduce-only: a rest beyond flat is left out.
  const double closing = std::min(f.qty, std::fabs(p.qty));
  const double fee = f.qty > 0 ? f.fee * closing / f.qty : 0;
  const double entry_fee_share = p.entry_fees * closing / std::fabs(p.qty);
  r.kind = "exit";
  r.qty = closing;
  r.fee = fee;
  r.position_after = p.qty + sign_of(f.sd) * closing;
  r.avg_entry_price = p.avg_price;
  r.exit_reason = b.purpose.empty() ? "unknown" : b.purpose;
  r.realized_pnl = closing * (f.price - p.avg_price) * (p.qty > 0 ? 1 : -1) - fee
                   - entry_fee_share;
  r.entry_ns = p.entry_ns;
  // An exit belongs to the position it reduces, whatever its order says.
  if (r.trade_id.empty())
    r.trade_id = p.trade_id;
  if (r.intent_id.empty())
    r.intent_id = p.intent_id;
  if (r.entry_tag.empty())
    r.entry_tag = p.entry_tag;
  return r;
}

void trade_logger_state::apply(const trade_record& r, std::uint64_t seq) {
  last_seq_ = std::max(last_seq_, seq);
  auto& p = positions_[r.symbol];
  const double signed_qty = sign_of(r.sd) * r.qty;
  if (r.kind == "entry") {
    ++entries_;
    if (flat(p.qty, p.qty)) {
      p = open_position{};
      p.entry_ns = r.ts_ns;
      p.trade_id = r.trade_id;
      p.intent_id = r.intent_id;
      p.entry_tag = r.entry_tag;
    }
    p.avg_price = (std::fabs(p.qty) * p.avg_price + r.qty * r.price) / (std::fabs(p.qty) + r.qty);
    p.qty += signed_qty;
    p.entry_fees += r.fee;
    return;
  }
  ++exits_;
  const double held = std::fabs(p.qty);
  if (held > 0)
    p.entry_fees -= p.entry_fees * std::min(1.0, r.qty / held);
  p.qty += signed_qty;
  if (flat(p.qty, held)) {
    forget(p.intent_id);
    positions_.erase(r.symbol);
  }
}

trade_logger_state::open_position trade_logger_state::position(const std::string& symbol) const {
  const auto it = positions_.find(symbol);
  return it == positions_.end() ? open_position{} : it->second;
}

void trade_logger_state::forget(const std::string& intent_id) {
  if (pending_.erase(intent_id) == 0)
    return;
  order_.erase(std::remove(order_.begin(), order_.end(), intent_id), order_.end());
}

} // namespace tickline
