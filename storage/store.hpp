#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace tickline {

/// A storage failure (RocksDB status, or a record that does not decode), with the
/// database path and what was being done. Thrown at start-up and by journal writes.
class storage_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The column families of a node's database.
enum class column { snapshots, journal, meta };

/// A node's RocksDB database: column families `snapshots`, `journal` and `meta`. This is
/// the only component that includes RocksDB; everything else goes through the snapshot
/// store and journals built on it. Thread-safe.
class store {
public:
  /// Opens the database at `path`, creating it and its column families when
  /// `read_only` is false. Throws storage_error naming the path on failure, and for a
  /// database of a newer data format than format_version (refused, never migrated).
  /// A writable open marks a database without a format (older builds) as this one.
  static std::shared_ptr<store> open(const std::string& path, bool read_only = false);
  /// The data format this build writes and reads. 2: journal entries carry hash links
  /// (1, unmarked: before them; read as it is, its entries unchained).
  static constexpr int format_version = 2;
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }

  // -- raw access for the snapshot store and journals ---------------------------------

  /// One write of a batch: puts and deletes across column families, applied atomically.
  class batch {
  public:
    batch();
    ~batch();
    batch(batch&&) noexcept;
    void put(column cf, const std::string& key, const std::string& value);
    /// Deletes every key in [begin, end) of `cf` (one range tombstone).
    void erase_range(column cf, const std::string& begin, const std::string& end);
    std::size_t size() const;
  private:
    friend class store;
    struct impl;
    std::unique_ptr<impl> impl_;
  };

  /// Applies `b` atomically; with `sync` the write is on disk when this returns. Throws
  /// storage_error naming the path when the write fails (a full disk, a read-only
  /// directory, an I/O error); the next write resumes the database first, so writes
  /// succeed again by themselves once the disk does.
  void write(batch& b, bool sync);
  /// Why the last write failed; "" when it succeeded (or none failed yet).
  std::string write_error() const;
  /// Writes failed since the database was opened.
  std::uint64_t write_failures() const;
  /// Returns the value under `key`, or false when absent.
  bool get(column cf, const std::string& key, std::string& value) const;

  /// Visits keys starting with `prefix` in order from `from` (which must start with the
  /// prefix); `fn(key, value)` returns false to stop.
  template <class F>
  void scan(column cf, const std::string& prefix, const std::string& from, F fn) const;
  /// The last key with `prefix`, or false when none.
  bool last_key(column cf, const std::string& prefix, std::string& key) const;

private:
  struct impl;
  store(std::string path, bool read_only, std::unique_ptr<impl> p);
  void scan_impl(column cf, const std::string& prefix, const std::string& from,
                 const std::function<bool(const std::string&, const std::string&)>& fn) const;

  std::string path_;
  bool read_only_;
  std::unique_ptr<impl> impl_;
};

template <class F>
void store::scan(column cf, const std::string& prefix, const std::string& from, F fn) const {
  scan_impl(cf, prefix, from, fn);
}

} // namespace tickline
