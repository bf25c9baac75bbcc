#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <cereal/types/vector.hpp>

#include "actors/csv_market_data.hpp"

namespace tickline {

/// Replays market-data files, one per symbol, in data-time order: trades at their time,
/// bars at their close (a bar is only known once it is complete, so nothing looks ahead).
/// Hands out events as one batch per symbol. The data is loaded once; only the replay
/// position is state. No CAF.
class csv_replay_state {
public:
  csv_replay_state() = default;
  /// Loads (symbol, file) pairs; throws std::runtime_error naming a file it cannot use.
  explicit csv_replay_state(const std::vector<std::pair<std::string, std::string>>& files);

  /// Data time of the next event; INT64_MAX when every file is replayed.
  std::int64_t next_ns() const;
  bool done() const { return next_ns() == INT64_MAX; }

  /// Moves every event with time < `to_ns` into the batches (index = symbol, batches
  /// cleared first). Returns the number of events.
  std::size_t take_until(std::int64_t to_ns, std::vector<std::vector<trade_tick>>& trades,
                         std::vector<std::vector<bar>>& bars);
  /// Moves the next `n` events in time order (ties by symbol) into the batches.
  std::size_t take_next(std::size_t n, std::vector<std::vector<trade_tick>>& trades,
                        std::vector<std::vector<bar>>& bars);

  const std::vector<std::string>& symbols() const { return symbols_; }
  /// Rows skipped while loading, with their places.
  const std::vector<csv_problem>& problems() const { return problems_; }
  std::uint64_t replayed() const { return replayed_; }

  /// Only the position is saved; a position that does not fit the loaded files (other
  /// files, fewer rows) fails to load, and the feed starts from the beginning.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(cursor_, replayed_);
    check_cursor();
  }

private:
  void check_cursor() const;
  std::int64_t time_of(std::size_t i) const;
  void take_one(std::size_t i, std::vector<std::vector<trade_tick>>& trades,
                std::vector<std::vector<bar>>& bars);

  std::vector<std::string> symbols_;
  std::vector<csv_data> data_;
  std::vector<csv_problem> problems_;
  std::vector<std::size_t> cursor_;   ///< Next event per symbol.
  std::uint64_t replayed_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::csv_replay_state, 1);
