#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "actors/broker/paper_broker_state.hpp"
#include "storage/store.hpp"

namespace tickline {

/// The paper broker's books kept incrementally in the `meta` column family: a small head
/// (cash, venue order counter), one key per symbol (position, last price), one key per
/// order (with its working state) and one key per fill (by sequence number, from 1). save() writes only what
/// changed since the last save, in one batch; the cost of a save is that of the change,
/// not of the books' history. Writes go through the WAL without fsync, like snapshots:
/// they survive a killed process, and the broker sends nothing before its save returns.
/// Keys: "books/<name>\0h", "books/<name>\0s<symbol>", "books/<name>\0o<client order id>",
/// "books/<name>\0f<seq, 8 bytes big-endian>"; values are cereal portable binary. Heads of
/// version 1 (positions and last prices inside) are still read. No CAF.
class paper_broker_store {
public:
  /// The books of the broker `name` (e.g. "broker:paper") in `db`.
  paper_broker_store(std::shared_ptr<store> db, std::string name);

  /// Writes what changed in `b` since its last save in one atomic batch, then marks `b`
  /// saved. Returns the number of keys written (0: nothing changed, nothing written).
  /// Throws storage_error when the write fails (then `b` still counts as changed).
  std::size_t save(paper_broker_state& b);
  /// True when books of this broker are stored.
  bool exists() const;
  /// Replaces `b`'s books (it keeps its config) with the stored ones; false, with `b`
  /// untouched, when none are stored. Throws storage_error naming the key when a stored
  /// value does not decode.
  bool load(paper_broker_state& b) const;

private:
  std::string key(char kind, const std::string& rest = {}) const;

  std::shared_ptr<store> db_;
  std::string prefix_;
};

} // namespace tickline
