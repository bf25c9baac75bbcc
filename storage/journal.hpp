#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/store.hpp"

namespace tickline {

/// One journal entry: its sequence number and payload.
struct journal_entry {
  std::uint64_t seq = 0;
  std::string payload;
};

/// The outcome of append_once: the entry's sequence number, and whether this call
/// wrote it (false: an entry with the same key was already journaled).
struct journal_append {
  std::uint64_t seq = 0;
  bool inserted = false;
};

/// What journal::verify_chain found.
struct journal_chain_check {
  std::uint64_t chained = 0;     ///< Entries whose link holds.
  std::uint64_t unchained = 0;   ///< The oldest entries, written before links were kept: not checked.
  std::uint64_t broken_seq = 0;  ///< The first entry whose link does not hold; 0 = none.
  std::string what;              ///< Why it does not, when broken_seq is set.
};

/// A journal's checkpoint: the state of its book of record after every entry up to
/// `through_seq`, which the checkpoint replaced (they are deleted).
struct journal_checkpoint {
  std::uint64_t through_seq = 0;
  std::string state;  ///< Opaque to the journal: the owner's serialized book.
};

/// How an append reaches the disk.
enum class durability : std::uint8_t {
  /// fsync before returning: the entry survives a crash of the process and of the machine.
  synced,
  /// Into the write-ahead log without fsync: it survives a crash of the process (the OS
  /// holds it) and becomes durable with the next synced write of the store, which cannot
  /// overtake it (one log, in order). For records that nothing outside waits on.
  logged,
};

/// An append-only, sequence-numbered log in the `journal` column family, for what must
/// never be lost (orders, fills, signals, audit). Appends are written with sync=true
/// (append_all may be told otherwise): when it returns the entry survives a crash.
/// Sequence numbers start at 1 and have no gaps. One writer per journal name at a time;
/// appends are serialized.
///
/// Every entry is chained: its link, SHA-256(link of the entry before ‖ be64(seq) ‖
/// payload) (32 zero bytes before the first), is written with it in the same atomic
/// write, in the meta column. A changed, removed or reordered entry, or a changed link,
/// breaks the chain from there on; verify_chain names the first broken link. A
/// checkpoint keeps the link of its last entry as the anchor of the ones after it.
class journal {
public:
  /// Opens the journal `name`; continues after its last entry.
  journal(std::shared_ptr<store> db, std::string name);

  const std::string& name() const { return name_; }
  /// The database it is kept in.
  const std::shared_ptr<store>& db() const { return db_; }
  /// Appends `payload`; returns its sequence number. Throws storage_error on failure.
  std::uint64_t append(const std::string& payload);
  /// Appends every payload in order in one atomic write, synced unless `how` says
  /// otherwise (one fsync for the whole batch; group commit); their sequence numbers are
  /// contiguous. Returns the first one's sequence number, 0 when `payloads` is empty
  /// (nothing is written). Throws storage_error on failure, and then none of them is
  /// written.
  std::uint64_t append_all(const std::vector<std::string>& payloads,
                           durability how = durability::synced);
  /// Appends `payload` unless an entry with idempotency `key` exists already, in the
  /// same atomic synced write as the key. Makes a replay after a crash harmless.
  journal_append append_once(const std::string& key, const std::string& payload);
  /// append_once for many (key, payload) pairs in one atomic synced write: one fsync for
  /// the whole batch. Results are parallel to `entries`; a key repeated inside the batch
  /// is written once.
  std::vector<journal_append> append_once_all(
    const std::vector<std::pair<std::string, std::string>>& entries);
  /// Writes `state` as the checkpoint through entry `through_seq` (<= last_seq()) and,
  /// in the same synced write, deletes every entry up to it: a reader starts from the
  /// checkpoint and replays the entries after it. Sequence numbers go on after the last
  /// entry, deleted or not. Throws storage_error on failure (nothing is changed) and
  /// std::invalid_argument for a `through_seq` beyond the last entry or before the
  /// current checkpoint.
  void checkpoint(std::uint64_t through_seq, const std::string& state);
  /// The latest checkpoint, if any.
  std::optional<journal_checkpoint> last_checkpoint() const;
  /// Up to `max` entries with seq >= `from`, in order (entries a checkpoint replaced are
  /// gone).
  std::vector<journal_entry> read_from(std::uint64_t from, std::size_t max = SIZE_MAX) const;
  /// The sequence number of the last entry; 0 when empty.
  std::uint64_t last_seq() const;

  /// Calls `observer` with the seconds each synced write took (one per append call), on
  /// the appending thread; set it before the journal is shared. For the metrics.
  void observe_writes(std::function<void(double seconds)> observer);

  /// Names of every journal in `db`.
  static std::vector<std::string> names(const store& db);

  /// Walks the entries after the checkpoint and checks each one's link.
  journal_chain_check verify_chain() const;
  /// The link of entry `seq` from the link before it (32 bytes, binary).
  static std::string link(const std::string& before, std::uint64_t seq, const std::string& payload);

private:
  std::string entry_key(std::uint64_t seq) const;
  std::string link_key(std::uint64_t seq) const;
  /// Puts entry `seq` and its link (chained to last_link_) into `b`; returns the link.
  std::string put_entry(store::batch& b, std::uint64_t seq, const std::string& payload,
                        const std::string& before) const;
  void write(store::batch& b, bool sync = true);   // reports a synced write's time to observer_

  std::shared_ptr<store> db_;
  std::string name_;
  mutable std::mutex mtx_;
  std::uint64_t last_ = 0;
  std::string last_link_;                ///< The link of entry last_ (zeros when none).
  std::function<void(double)> observer_;
};

} // namespace tickline
