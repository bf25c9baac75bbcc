#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace tickline {

/// One actor's saved state: an opaque versioned payload under the actor's stable name.
struct snapshot_record {
  std::string name;          ///< Stable actor name, e.g. "scanner:BTCUSDT".
  std::uint64_t seq = 0;     ///< Per-actor snapshot number, 1 for the first.
  std::int64_t ts_ns = 0;    ///< Clock time when it was taken.
  std::string type;          ///< State class, e.g. "scanner_state".
  std::uint32_t version = 0; ///< The state class's serialization version.
  std::string payload;       ///< cereal portable-binary bytes of the state.
};

/// What a lookup found: a record, nothing, or bytes that did not decode.
struct snapshot_lookup {
  std::optional<snapshot_record> record;
  std::string error;         ///< Non-empty when a stored value is corrupt.
};

/// Snapshots in the `snapshots` column family, one (the latest) per actor name.
/// Writes go through the WAL without fsync: a snapshot lost in a crash only means the
/// actor restores an older one. Thread-safe.
class snapshot_store {
public:
  explicit snapshot_store(std::shared_ptr<store> db) : db_(std::move(db)) {}

  /// The database the snapshots are in (for state kept in pieces beside them).
  const std::shared_ptr<store>& db() const { return db_; }

  /// Stores `r` as the latest snapshot of `r.name`.
  void put(const snapshot_record& r);
  /// Stores several snapshots in one atomic write.
  void put_all(const std::vector<snapshot_record>& rs);
  /// The latest snapshot of `name`; `error` set when its bytes do not decode.
  snapshot_lookup get(const std::string& name) const;
  /// Every stored snapshot in name order; corrupt ones are listed with their error.
  std::vector<snapshot_lookup> list() const;

  /// Serialized form of a record (magic, format version, fields); exposed for tests.
  static std::string encode(const snapshot_record& r);
  /// Decodes `bytes`; on failure returns nullopt and describes why in `error`.
  static std::optional<snapshot_record> decode(const std::string& bytes, std::string& error);

private:
  std::shared_ptr<store> db_;
};

} // namespace tickline
