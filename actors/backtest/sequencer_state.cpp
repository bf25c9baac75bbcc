#include "actors/backtest/sequencer_state.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace tickline {

namespace {

template <class T>
void append(std::vector<T>& to, std::vector<T> xs) {
  if (to.empty()) {
    to = std::move(xs);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(xs.begin()), std::make_move_iterator(xs.end()));
}

} // namespace

void sequencer_state::add(std::vector<trade_tick> xs) { append(held_.trades, std::move(xs)); }
void sequencer_state::add(std::vector<book_top> xs) { append(held_.tops, std::move(xs)); }
void sequencer_state::add(std::vector<bar> xs) { append(held_.bars, std::move(xs)); }
void sequencer_state::add(std::vector<signal> xs) { append(held_.signals, std::move(xs)); }

std::size_t sequencer_state::held() const {
  return held_.trades.size() + held_.tops.size() + held_.bars.size() + held_.signals.size();
}

sequencer_state::batch sequencer_state::release() {
  batch out = std::move(held_);
  held_ = batch{};
  ++releases_;
  std::stable_sort(out.trades.begin(), out.trades.end(), [](const auto& a, const auto& b) {
    return std::tie(a.ts_ns, a.symbol) < std::tie(b.ts_ns, b.symbol);
  });
  std::stable_sort(out.tops.begin(), out.tops.end(), [](const auto& a, const auto& b) {
    return std::tie(a.ts_ns, a.symbol) < std::tie(b.ts_ns, b.symbol);
  });
  std::stable_sort(out.bars.begin(), out.bars.end(), [](const auto& a, const auto& b) {
    return std::tie(a.close_ns, a.symbol, a.timeframe_s) < std::tie(b.close_ns, b.symbol, b.timeframe_s);
  });
  std::stable_sort(out.signals.begin(), out.signals.end(), [](const auto& a, const auto& b) {
    return std::tie(a.ts_ns, a.symbol, a.source, a.name) < std::tie(b.ts_ns, b.symbol, b.source, b.name);
  });
  return out;
}

} // namespace tickline
