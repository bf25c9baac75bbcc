#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace tickline {

/// Price levels as [price, quantity]; quantity 0 removes the level.
using depth_levels = std::vector<std::pair<double, double>>;

/// One diff of Binance's depth stream: update ids `first` (U) through `last` (u).
struct depth_diff {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::int64_t ts_ns = 0;  ///< Event time.
  depth_levels bids, asks;
};

/// A REST depth snapshot: the book as of update id `last_update` (lastUpdateId).
struct depth_snapshot {
  std::uint64_t last_update = 0;
  depth_levels bids, asks;
};

/// A local order book kept the way Binance requires: diffs are buffered until a REST
/// snapshot arrives; diffs the snapshot already covers (u <= lastUpdateId) are dropped;
/// the first diff applied must span lastUpdateId + 1 (U <= lastUpdateId + 1 <= u), and
/// each later one must start right after the one before (U == previous u + 1). A gap, or
/// a snapshot older than every buffered diff, starts the procedure again from a new
/// snapshot. Levels are only ever applied to a synced book. No I/O: the caller fetches
/// the snapshots that want_snapshot() asks for. Not saved: a restart begins unsynced.
class depth_book {
public:
  enum class diff_result {
    applied,   ///< The book is synced and moved.
    buffered,  ///< Held until a snapshot (the book is not synced).
    old,       ///< Covered already (u <= the book's update id): ignored.
    gap,       ///< Ids skipped: the book is dropped, this diff buffered, a snapshot wanted.
  };
  enum class snapshot_result {
    applied,   ///< The book is synced: the snapshot plus the buffered diffs after it.
    too_old,   ///< Older than every buffered diff: another snapshot is wanted.
    gap,       ///< The buffered diffs skip ids after it: another snapshot is wanted.
  };

  /// Buffered diffs kept at most; older ones are dropped first (the snapshot then turns
  /// out too old and is fetched again).
  static constexpr std::size_t max_buffered = 2000;

  diff_result on_diff(depth_diff d);
  snapshot_result on_snapshot(const depth_snapshot& s);
  /// A new connection: the levels and the buffer are dropped; the next diff starts the
  /// procedure again. A snapshot already asked for stays asked for.
  void restart();

  /// True once after the book came to need a snapshot and none is asked for yet; the
  /// caller then fetches one and hands it to on_snapshot() (or calls snapshot_failed()).
  bool take_snapshot_request();
  /// The fetch failed: the next take_snapshot_request() asks again.
  void snapshot_failed();

  bool synced() const { return synced_; }
  std::uint64_t update_id() const { return update_id_; }
  std::size_t buffered() const { return buffer_.size(); }
  /// The latest event time seen.
  std::int64_t ts_ns() const { return ts_ns_; }

  /// Best bid and ask (price, quantity) when the book is synced and has both sides and
  /// they changed since the last call; false otherwise.
  bool take_changed_top(double& bid, double& bid_qty, double& ask, double& ask_qty);

private:
  void apply(const depth_diff& d);
  void unsync();
  snapshot_result drain_buffer();

  std::map<double, double, std::greater<>> bids_;
  std::map<double, double> asks_;
  std::deque<depth_diff> buffer_;
  std::uint64_t update_id_ = 0;
  std::int64_t ts_ns_ = 0;
  bool synced_ = false;
  bool want_ = false;       ///< A snapshot is needed and not yet asked for.
  bool asked_ = false;      ///< A snapshot is being fetched.
  double top_bid_ = 0, top_ask_ = 0;  ///< Last top taken.
};

} // namespace tickline
