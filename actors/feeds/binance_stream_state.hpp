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

#include "messages/market.hpp"

namespace tickline {

/// What a stream feed has received, by outcome. Every skipped message is in exactly one
/// of the skip counters.
struct stream_counts {
  std::uint64_t frames = 0;          ///< Text frames received.
  std::uint64_t trades = 0;          ///< trade and aggTrade events passed on.
  std::uint64_t klines = 0;          ///< Closed klines passed on as bars.
  std::uint64_t open_klines = 0;     ///< Kline updates of a bar still open (not an error).
  std::uint64_t depth_updates = 0;   ///< depthUpdate events applied.
  std::uint64_t book_tops = 0;       ///< Best bid/ask changes passed on.
  std::uint64_t control = 0;         ///< Subscription answers ({"result", "id"}).
  std::uint64_t bad_json = 0;        ///< Not JSON, or not a JSON object.
  std::uint64_t unknown_stream = 0;  ///< JSON of an event type this feed does not know.
  std::uint64_t bad_value = 0;       ///< Missing fields, NaN, zero or negative prices...
  std::uint64_t non_monotonic = 0;   ///< Older than what was already passed on.
  std::uint64_t unknown_symbol = 0;  ///< A symbol this feed does not serve.
  std::uint64_t sequence_gaps = 0;   ///< depthUpdate ids that skipped: the book restarts.

  /// All counters by name, for stats and the summary.
  std::map<std::string, std::uint64_t> by_name() const;
  /// Messages skipped for any reason.
  std::uint64_t skipped() const;

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
/// `aggTrade`, `kline` (closed klines only), `depthUpdate` (a local book built from the
/// diffs; its top is passed on when it changes), raw or wrapped in a combined stream
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
  /// A new connection: depth books restart from the next diff (Binance does not resend
  /// what was missed), and the message numbers of problem reports restart at 1.
  void on_connected();

  const stream_counts& counts() const { return counts_; }
  const std::vector<std::string>& symbols() const { return symbols_; }
  /// The symbols (indexes) that had an event since the last call, which clears them: the
  /// feed's liveness is data arriving per symbol, not an open socket.
  std::vector<std::size_t> take_fresh();
  /// Problems found since the last call, oldest first ("stream btcusdt@trade message 7:
  /// price is not a positive number"); the caller logs them.
  std::vector<std::string> take_problems();

  /// Counts and the last passed-on times survive a restart, so that data repeated after
  /// a reconnect is not passed on twice; depth books do not (see on_connected()).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(counts_, last_trade_ns_, last_bar_ns_, connections_);
    check_loaded();
  }

private:
  struct book {
    std::map<double, double, std::greater<>> bids;
    std::map<double, double> asks;
    std::uint64_t last_update = 0;   ///< `u` of the last applied diff; 0 = none yet.
    double bid = 0, ask = 0;         ///< Last top passed on.
  };
  struct frame_ctx;

  void check_loaded() const;
  void on_event(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out);
  void on_trade(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out, bool aggregate);
  void on_kline(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out);
  void on_depth(const nlohmann::json& j, frame_ctx& ctx, stream_batches& out);
  int symbol_of(const nlohmann::json& j, frame_ctx& ctx);
  void problem(const frame_ctx& ctx, std::uint64_t& counter, const std::string& what);

  std::string feed_;
  std::vector<std::string> symbols_;
  std::map<std::string, int> index_;
  std::vector<std::uint8_t> fresh_;                             ///< By symbol index; not saved.
  stream_counts counts_;
  std::vector<std::int64_t> last_trade_ns_;                   ///< By symbol index.
  std::vector<std::map<std::int64_t, std::int64_t>> last_bar_ns_;  ///< Timeframe -> close.
  std::vector<book> books_;
  std::uint64_t connections_ = 0;
  std::uint64_t message_ = 0;                                 ///< Within this connection.
  std::vector<std::string> problems_;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::binance_stream_state, 1);
