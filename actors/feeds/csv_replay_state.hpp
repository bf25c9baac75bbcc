#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <cereal/types/vector.hpp>

#include "actors/market_data/csv_market_reader.hpp"

namespace tickline {

/// Replays market-data files, one stream per symbol, in data-time order: trades at their
/// time, bars at their close (a bar is only known once it is complete, so nothing looks
/// ahead). Hands out events as one batch per symbol. The files are streamed: memory holds
/// one read buffer and up to 1,000 bars of look-ahead (to learn the bar length) per
/// symbol, whatever the size of the data. Only the replay position is state. No CAF.
class csv_replay_state {
public:
  /// Bars read ahead per file to learn its bar length (the most common spacing).
  static constexpr std::size_t timeframe_sample = 1000;

  csv_replay_state() = default;
  /// Loads (symbol, file) pairs; throws std::runtime_error naming a file it cannot use.
  explicit csv_replay_state(const std::vector<std::pair<std::string, std::string>>& files);
  /// Replays each symbol's files one after the other (give them in time order), only the
  /// events at or after `from_ns` and before `to_ns` (trades by time, bars by open time).
  /// Throws std::runtime_error naming a symbol's first file when it cannot be used.
  csv_replay_state(const std::vector<std::pair<std::string, std::vector<std::string>>>& files,
                   std::int64_t from_ns, std::int64_t to_ns);
  ~csv_replay_state();
  /// A copy replays the same files from the same position (it re-reads them up to it).
  csv_replay_state(const csv_replay_state& other);
  csv_replay_state& operator=(const csv_replay_state& other);
  csv_replay_state(csv_replay_state&&) noexcept;
  csv_replay_state& operator=(csv_replay_state&&) noexcept;

  /// Data time of the next event; INT64_MAX when every file is replayed.
  std::int64_t next_ns() const;
  /// True when every file is replayed.
  bool done() const { return next_ns() == INT64_MAX; }

  /// Moves every event with time < `to_ns` into the batches (index = symbol, batches
  /// cleared first). Returns the number of events.
  std::size_t take_until(std::int64_t to_ns, std::vector<std::vector<trade_tick>>& trades,
                         std::vector<std::vector<bar>>& bars);
  /// Moves the next `n` events in time order (ties by symbol) into the batches.
  std::size_t take_next(std::size_t n, std::vector<std::vector<trade_tick>>& trades,
                        std::vector<std::vector<bar>>& bars);

  /// One event as next_event() hands it out.
  struct event {
    std::size_t symbol = 0;  ///< Index into symbols().
    bool is_bar = false;
    trade_tick trade;        ///< When !is_bar.
    bar candle;              ///< When is_bar.
  };
  /// Moves the next event in time order (ties by symbol) into `out`; false when every
  /// file is replayed. O(log symbols): the order is kept between calls.
  bool next_event(event& out);

  /// The symbols, in the order of the batches.
  const std::vector<std::string>& symbols() const { return symbols_; }
  /// Rows skipped so far, with their places (found as the replay reaches them; the first
  /// csv_market_reader::max_kept_problems of them).
  const std::vector<csv_problem>& problems() const { return problems_; }
  /// Events handed out so far.
  std::uint64_t replayed() const { return replayed_; }
  /// Rows skipped in what has been read so far (all of them, not only those kept in
  /// problems()).
  std::uint64_t skipped() const;

  /// Only the position is saved; a position that does not fit the loaded files (other
  /// files, fewer rows) fails to load, the replay restarts from the beginning, and the
  /// feed starts from there. Loading re-reads the files up to the position.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    if constexpr (Archive::is_loading::value) {
      std::vector<std::size_t> cursor;
      std::uint64_t replayed = 0;
      ar(cursor, replayed);
      seek(cursor, replayed);
    } else {
      ar(cursor_, replayed_);
    }
  }

private:
  /// One symbol's files, read one event ahead: `b` or `t` holds the next event, due at `time`.
  struct stream {
    std::string symbol;
    std::vector<std::string> paths;
    std::size_t next_file = 0;
    std::unique_ptr<csv_market_reader> reader;
    std::size_t problems_seen = 0;   ///< Of the reader's problems, copied to problems_.
    std::uint64_t skipped_done = 0;  ///< Rows skipped in the files already finished.
    std::uint64_t file_rows = 0;     ///< Usable rows of the current file so far.
    bool first_file_unusable = false;
    std::size_t first_file_skipped = 0;
    std::vector<bar> ahead;          ///< Bars read to learn the bar length, not yet replayed.
    std::size_t ahead_at = 0;
    std::int64_t timeframe_s = 0;
    bool is_bar = false;
    bar b;
    trade_tick t;
    std::int64_t time = INT64_MAX;
  };

  void open(stream& s);
  bool pull(stream& s);
  void advance(std::size_t i);
  void rewind();
  void seek(const std::vector<std::size_t>& cursor, std::uint64_t replayed);
  void take_one(std::size_t i, std::vector<std::vector<trade_tick>>& trades,
                std::vector<std::vector<bar>>& bars);

  std::vector<std::string> symbols_;
  std::vector<std::unique_ptr<stream>> streams_;
  std::int64_t from_ns_ = INT64_MIN;
  std::int64_t to_ns_ = INT64_MAX;
  std::vector<csv_problem> problems_;
  std::vector<std::size_t> cursor_;   ///< Events taken per symbol.
  /// next_event()'s min-heap of (next time, symbol); rebuilt after any other take.
  std::vector<std::pair<std::int64_t, std::size_t>> heap_;
  bool heap_valid_ = false;
  std::uint64_t replayed_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::csv_replay_state, 1);
