#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "actors/feeds/depth_book.hpp"
#include "messages/market.hpp"

namespace tickline {

/// What a stream feed has received, by outcome. Every skipped message is in exactly one
/// of the skip counters.
struct stream_counts {
  std::uint64_t frames = 0;          ///< Text frames received.
  std::uint64_t trades = 0;          ///< trade and aggTrade events passed on.
  std::uint64_t klines = 0;          ///< Closed klines passed on as bars.
  std::uint64_t open_klines = 0;     ///< Kline updates of a bar still open (not an error).
  std::uint64_t depth_updates = 0;   ///< depthUpdate events applied to a synced book.
  std::uint64_t book_tops = 0;       ///< Best bid/ask changes passed on.
  std::uint64_t control = 0;         ///< Subscription answers ({"result", "id"}).
  std::uint64_t bad_json = 0;        ///< Not JSON, or not a JSON object.
  std::uint64_t unknown_stream = 0;  ///< JSON of an event type this feed does not know.
  std::uint64_t bad_value = 0;       ///< Missing fields, NaN, zero or negative prices...
  std::uint64_t non_monotonic = 0;   ///< Older than what was already passed on.
  std::uint64_t unknown_symbol = 0;  ///< A symbol this feed does not serve.
  std::uint64_t sequence_gaps = 0;   ///< depthUpdate ids that skipped: the book resyncs.
  std::uint64_t depth_buffered = 0;  ///< depthUpdate events held until the book's snapshot.
  std::uint64_t snapshots = 0;       ///< REST depth snapshots that synced a book.
  std::uint64_t snapshot_retries = 0;   ///< Snapshots too old for the buffered diffs.
  std::uint64_t snapshot_failures = 0;  ///< Snapshots not fetched, or not valid JSON.

  /// All counters by name, for stats and the summary.
  std::map<std::string, std::uint64_t> by_name() const;
  /// Messages skipped for any reason.
  std::uint64_t skipped() const;

  /// The counters of version 1; the state adds the depth ones from version 2.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(frames, trades, klines, open_klines, depth_updates, book_tops, control, bad_json,
       unknown_stream, bad_value, non_monotonic, unknown_symbol, sequence_gaps);
  }
};

/// Events of one or more frames, one batch per symbol index.
struct stream_batches {
  std::vector<std::vector<trade_tick>> trades;
  std::vector<std::vector<bar>> bars;
  std::vector<std::vector<book_top>> tops;

  /// Sizes the batches for `n` symbols and empties them.
  void reset(std::size_t n);
};

/// Turns Binance market-stream messages into trades, bars and best bid/ask: `trade`,
/// `aggTrade`, `kline` (closed klines only), `depthUpdate` (a local book per symbol,
/// synced from a REST snapshot as Binance requires, see depth_book; its top is passed on
/// when it changes), raw or wrapped in a combined stream
/// (`{"stream": ..., "data": ...}`). Bad input is counted, described in problems() with
/// the stream and the message number, and skipped. No CAF; no clock (times come from the
/// messages).
class binance_stream_state {
public:
  binance_stream_state() = default;
  /// A feed named `feed` (for problem reports) serving `symbols` (upper case).
  binance_stream_state(std::string feed, std::vector<std::string> symbols);

  /// Parses one text frame and appends what it holds to `out` (sized by reset()).
  void on_frame(std::string_view text, stream_batches& out);
  /// A new connection: depth books start their sync again from the next diff (Binance
  /// does not resend what was missed), and the message numbers of problem reports
  /// restart at 1.
  void on_connected();

  /// The symbols (indexes) whose depth book wants a REST snapshot now; each is asked
  /// for once, until on_snapshot() or snapshot_failed() answers it.
  std::vector<std::size_t> take_snapshot_requests();
  /// The body of GET /api/v3/depth for symbol `sym` ({"lastUpdateId", "bids", "asks"}):
  /// syncs its book and appends the new top to `out`. False when the book is still not
  /// synced (a bad body, or a snapshot too old for the buffered diffs): it then wants
  /// another, which take_snapshot_requests() lists.
  bool on_snapshot(std::size_t sym, std::string_view body, stream_batches& out);
  /// The snapshot of `sym` could not be fetched (`why` is reported as a problem); the
  /// book wants another.
  void snapshot_failed(std::size_t sym, const std::string& why);

  const stream_counts& counts() const { return counts_; }
  const std::vector<std::string>& symbols() const { return symbols_; }
  /// The last update id applied to the depth book of `sym` (0 when not synced).
  std::uint64_t book_update_id(std::size_t sym) const { return books_.at(sym).update_id(); }
  /// The symbols (indexes) that had an event since the last call, which clears them: the
  /// feed's liveness is data arriving per symbol, not an open socket.
  std::vector<std::size_t> take_fresh();
  /// Problems found since the last call, oldest first ("stream btcusdt@trade message 7:
  /// price is not a positive number"); the caller logs them.
  std::vector<std::string> take_problems();

  /// Counts and the last passed-on times survive a restart, so that data repeated after
  /// a reconnect is not passed on twice; depth books do not (see on_connected()).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(counts_, last_trade_ns_, last_bar_ns_, connections_);
    if (version >= 2)
      ar(counts_.depth_buffered, counts_.snapshots, counts_.snapshot_retries,
         counts_.snapshot_failures);
    check_loaded();
  }

private:
  struct frame_ctx;

  void check_loaded() const;
  void on_event(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out);
  void on_trade(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out, bool aggregate);
  void on_kline(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out);
  void on_depth(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out);
  int symbol_of(const nlohmann::json& j, frame_ctx& ctx);
  void problem(const frame_ctx& ctx, std::uint64_t& counter, const std::string& what);
  void pass_top(std::size_t sym, stream_batches& out);

  std::string feed_;
  std::vector<std::string> symbols_;
  std::map<std::string, int> index_;
  std::vector<std::uint8_t> fresh_;                             ///< By symbol index; not saved.
  stream_counts counts_;
  std::vector<std::int64_t> last_trade_ns_;                   ///< By symbol index.
  std::vector<std::map<std::int64_t, std::int64_t>> last_bar_ns_;  ///< Timeframe -> close.
  std::vector<depth_book> books_;
  std::uint64_t connections_ = 0;
  std::uint64_t message_ = 0;                                 ///< Within this connection.
  std::vector<std::string> problems_;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::binance_stream_state, 2);
