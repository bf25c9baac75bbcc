#include "actors/trading/portfolio/portfolio_state.hpp"

#include <algorithm>
#include <cmath>

namespace tickline {

namespace {

double sign_of(side sd) {
  return sd == side::buy ? 1 : -1;
}

bool positive(double x) {
  return std::isfinite(x) && x > 0;
}

// A symbol is valued at its mark; every filled symbol has one (at least its fill's price).
double value_price(const portfolio_state::holding& h) {
  return h.mark > 0 ? h.mark : h.avg_price;
}

} // namespace

portfolio_state::portfolio_state(double starting_cash)
  : starting_cash_(starting_cash),
    cash_(starting_cash),
    peak_(starting_cash),
    day_start_equity_(starting_cash) {}

std::optional<closed_trade> portfolio_state::on_fill(const fill& f) {
  return on_fill(booked_fill{f, {}, {}, {}, {}});
}

std::optional<closed_trade> portfolio_state::on_fill(const booked_fill& booked) {
  const auto& f = booked.fill;
  const bool fee_only = f.qty == 0 && f.fee > 0;
  if ((!positive(f.qty) && !fee_only) || !positive(f.price) || !std::isfinite(f.fee)) {
    ++ignored_fills_;
    return std::nullopt;
  }
  if (!f.exec_id.empty()) {
    if (!exec_set_.insert(f.exec_id).second) {
      ++duplicate_fills_;
      return std::nullopt;
    }
    execs_.push_back(f.exec_id);
    if (execs_.size() > recent_execs) {
      exec_set_.erase(execs_.front());
      execs_.pop_front();
    }
  }
  auto& h = holdings_[f.symbol];
  cash_ -= sign_of(f.sd) * f.price * f.qty + f.fee;
  fees_ += f.fee;
  h.fees += f.fee;
  if (fee_only) {
    // The fee of an execution whose quantity a synthesized fill had already booked.
    h.realized_pnl -= f.fee;
    realized_ -= f.fee;
    if (h.qty != 0)
      h.trip.fees += f.fee;
    revalue();
    return std::nullopt;
  }
  h.ts_ns = f.ts_ns;
  if (f.ts_ns >= h.mark_ns) {
    h.mark = f.price;
    h.mark_ns = f.ts_ns;
  }
  std::optional<closed_trade> closed;
  if (h.qty == 0 || (h.qty > 0) == (f.sd == side::buy)) {
    add(h, booked, f.qty, f.fee);
  } else {
    const double closing = std::min(f.qty, std::fabs(h.qty));
    const double closing_fee = f.fee * closing / f.qty;
    closed = reduce(h, booked, closing, closing_fee);
    // Through flat: the rest opens the other side (a crumb of rounding does not).
    const double rest = f.qty - closing;
    if (closed && rest > 1e-9 * f.qty)
      add(h, booked, rest, f.fee - closing_fee);
  }
  if (h.qty != 0)
    open_.insert(f.symbol);
  else
    open_.erase(f.symbol);
  revalue();
  return closed;
}

void portfolio_state::add(holding& h, const booked_fill& booked, double qty, double fee) {
  const auto& f = booked.fill;
  if (h.qty == 0) {
    h.trip = round_trip{f.sd, f.ts_ns, 0, 0, 0, 0, 0, 0};
    // An exit that goes through flat opens the rest without an entry of its own.
    if (booked.purpose == "entry" && !booked.entry_tag.empty())
      entry_tags_[f.symbol] = booked.entry_tag;
    else
      entry_tags_.erase(f.symbol);
  }
  const double held = std::fabs(h.qty);
  h.avg_price = (held * h.avg_price + qty * f.price) / (held + qty);
  h.qty += sign_of(f.sd) * qty;
  h.trip.entry_qty += qty;
  h.trip.entry_notional += qty * f.price;
  h.trip.fees += fee;
  h.realized_pnl -= fee;
  realized_ -= fee;
}

std::optional<closed_trade> portfolio_state::reduce(holding& h, const booked_fill& booked,
                                                    double qty, double fee) {
  const auto& f = booked.fill;
  const double gross = qty * (f.price - h.avg_price) * (h.qty > 0 ? 1 : -1);
  h.realized_pnl += gross - fee;
  realized_ += gross - fee;
  auto& t = h.trip;
  t.exit_qty += qty;
  t.exit_notional += qty * f.price;
  t.gross += gross;
  t.fees += fee;
  h.qty += sign_of(f.sd) * qty;
  if (std::fabs(h.qty) > 1e-9 * t.entry_qty)
    return std::nullopt;
  h.qty = 0;
  h.avg_price = 0;
  auto tag = entry_tags_.find(f.symbol);
  closed_trade out{f.symbol, t.sd, t.entry_qty, t.entry_notional / t.entry_qty,
                   t.exit_notional / t.exit_qty, t.entry_ns, f.ts_ns, t.gross - t.fees,
                   t.fees, tag == entry_tags_.end() ? std::string() : tag->second,
                   booked.purpose};
  if (tag != entry_tags_.end())
    entry_tags_.erase(tag);
  return out;
}

void portfolio_state::on_mark(const std::string& symbol, double price, std::int64_t ts_ns) {
  auto h = holdings_.find(symbol);
  if (!positive(price) || h == holdings_.end() || ts_ns < h->second.mark_ns)
    return;
  h->second.mark = price;
  h->second.mark_ns = ts_ns;
  h->second.ts_ns = std::max(h->second.ts_ns, ts_ns);
  revalue();
}

void portfolio_state::start_day(std::int64_t ts_ns) {
  day_start_equity_ = equity();
  day_start_ns_ = ts_ns;
}

void portfolio_state::revalue() {
  peak_ = std::max(peak_, equity());
  max_drawdown_pct_ = std::max(max_drawdown_pct_, drawdown_pct());
}

double portfolio_state::equity() const {
  return cash_ + net_exposure();
}

// The sums below walk the open positions only (flat ones add nothing), in symbol order
// like the holdings: a node that traded thousands of symbols pays for those it holds.
template <class F>
double portfolio_state::sum_open(F term) const {
  double sum = 0;
  for (const auto& symbol : open_)
    sum += term(holdings_.at(symbol));
  return sum;
}

double portfolio_state::unrealized_pnl() const {
  return sum_open([](const holding& h) { return (value_price(h) - h.avg_price) * h.qty; });
}

double portfolio_state::gross_exposure() const {
  return sum_open([](const holding& h) { return std::fabs(h.qty * value_price(h)); });
}

double portfolio_state::net_exposure() const {
  return sum_open([](const holding& h) { return h.qty * value_price(h); });
}

std::vector<position> portfolio_state::open_positions() const {
  std::vector<position> out;
  out.reserve(open_.size());
  for (const auto& symbol : open_)
    out.push_back(position_of(symbol));
  return out;
}

void portfolio_state::find_open() {
  open_.clear();
  for (const auto& [symbol, h] : holdings_)
    if (h.qty != 0)
      open_.insert(symbol);
}

double portfolio_state::exposure(const std::string& symbol) const {
  auto h = holdings_.find(symbol);
  return h == holdings_.end() ? 0 : h->second.qty * value_price(h->second);
}

double portfolio_state::drawdown_pct() const {
  return peak_ > 0 ? 100 * drawdown() / peak_ : 0;
}

position portfolio_state::position_of(const std::string& symbol) const {
  auto i = holdings_.find(symbol);
  if (i == holdings_.end())
    return position{symbol, 0, 0, 0, 0, 0};
  const auto& h = i->second;
  return position{symbol, h.qty, h.avg_price, h.realized_pnl,
                  (value_price(h) - h.avg_price) * h.qty, h.ts_ns};
}

std::vector<position> portfolio_state::positions() const {
  std::vector<position> out;
  for (const auto& [symbol, h] : holdings_)
    out.push_back(position_of(symbol));
  return out;
}

} // namespace tickline
