#include "actors/csv_replay_state.hpp"

#include <climits>
#include <stdexcept>

namespace tickline {

csv_replay_state::csv_replay_state(const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [symbol, path] : files) {
    symbols_.push_back(symbol);
    data_.push_back(read_market_csv(path, symbol));
    const auto& p = data_.back().problems;
    problems_.insert(problems_.end(), p.begin(), p.end());
  }
  cursor_.assign(data_.size(), 0);
}

void csv_replay_state::check_cursor() const {
  if (cursor_.size() != data_.size())
    throw std::runtime_error("replay position is for " + std::to_string(cursor_.size())
                             + " files, the feed has " + std::to_string(data_.size()));
  for (std::size_t i = 0; i < data_.size(); ++i)
    if (cursor_[i] > data_[i].bars.size() + data_[i].trades.size())
      throw std::runtime_error("replay position past the end of " + symbols_[i] + "'s data");
}

std::int64_t csv_replay_state::time_of(std::size_t i) const {
  const auto& d = data_[i];
  auto c = cursor_[i];
  if (!d.bars.empty())
    return c < d.bars.size() ? d.bars[c].close_ns : INT64_MAX;
  return c < d.trades.size() ? d.trades[c].ts_ns : INT64_MAX;
}

std::int64_t csv_replay_state::next_ns() const {
  std::int64_t t = INT64_MAX;
  for (std::size_t i = 0; i < data_.size(); ++i)
    t = std::min(t, time_of(i));
  return t;
}

void csv_replay_state::take_one(std::size_t i, std::vector<std::vector<trade_tick>>& trades,
                                std::vector<std::vector<bar>>& bars) {
  const auto& d = data_[i];
  if (!d.bars.empty())
    bars[i].push_back(d.bars[cursor_[i]]);
  else
    trades[i].push_back(d.trades[cursor_[i]]);
  ++cursor_[i];
  ++replayed_;
}

std::size_t csv_replay_state::take_until(std::int64_t to_ns,
                                         std::vector<std::vector<trade_tick>>& trades,
                                         std::vector<std::vector<bar>>& bars) {
  trades.assign(data_.size(), {});
  bars.assign(data_.size(), {});
  std::size_t n = 0;
  for (std::size_t i = 0; i < data_.size(); ++i)
    while (time_of(i) < to_ns) {
      take_one(i, trades, bars);
      ++n;
    }
  return n;
}

std::size_t csv_replay_state::take_next(std::size_t n, std::vector<std::vector<trade_tick>>& trades,
                                        std::vector<std::vector<bar>>& bars) {
  trades.assign(data_.size(), {});
  bars.assign(data_.size(), {});
  std::size_t taken = 0;
  for (; taken < n; ++taken) {
    std::size_t best = data_.size();
    std::int64_t best_t = INT64_MAX;
    for (std::size_t i = 0; i < data_.size(); ++i)
      if (auto t = time_of(i); t < best_t) {
        best_t = t;
        best = i;
      }
    if (best == data_.size())
      break;
    take_one(best, trades, bars);
  }
  return taken;
}

} // namespace tickline
