#include "storage/store.hpp"

#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

namespace tickline {

namespace {

// How often a failing store asks RocksDB to resume.
constexpr auto resume_every = std::chrono::milliseconds{500};

// RocksDB's own log goes to ours, not to LOG files in the data directory: a full disk
// then costs no log file, and RocksDB never writes its info log after a failed write
// (Debian's build asserts in that path: sync_without_flush_called_). Its warnings and
// errors are diagnostics (it logs "Error when reading <dir>" for every new database);
// a failure that matters reaches the node as a storage_error, logged by whoever wrote.
// So they are debug lines, and only a fatal one is an error.
class spdlog_logger : public rocksdb::Logger {
public:
  spdlog_logger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel())
      return;
    char text[1024];
    std::vsnprintf(text, sizeof text, format, ap);
    spdlog::log(level >= rocksdb::InfoLogLevel::FATAL_LEVEL ? spdlog::level::err : spdlog::level::debug,
                "rocksdb: {}", text);
  }
};

const std::vector<std::string> family_names{rocksdb::kDefaultColumnFamilyName, "snapshots",
                                            "journal", "meta"};

// The one place where RocksDB's Status becomes ours.
void check(const rocksdb::Status& s, const std::string& path, const char* what) {
  if (!s.ok())
    throw storage_error("storage " + path + ": " + what + ": " + s.ToString());
}

} // namespace

struct store::impl {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // index = position in family_names
  std::atomic<bool> failing{false};    // the last write failed
  std::atomic<std::uint64_t> write_failures{0};
  mutable std::mutex health_mtx;       // guards write_error, last_resume
  std::string write_error;             // the last failed write's reason
  std::chrono::steady_clock::time_point last_resume{};

  rocksdb::ColumnFamilyHandle* cf(column c) const {
    return handles.at(static_cast<std::size_t>(c) + 1);
  }
  ~impl() {
    for (auto* h : handles)
      if (db)
        db->DestroyColumnFamilyHandle(h);
  }
};

struct store::batch::impl {
  struct op {
    column cf;
    bool range_delete;  ///< key..value is a range to delete, else a put of value at key
    std::string key;
    std::string value;
  };
  std::vector<op> ops;
};

store::batch::batch() : impl_(std::make_unique<impl>()) {}
store::batch::~batch() = default;
store::batch::batch(batch&&) noexcept = default;

void store::batch::put(column cf, const std::string& key, const std::string& value) {
  impl_->ops.push_back({cf, false, key, value});
}

void store::batch::erase_range(column cf, const std::string& begin, const std::string& end) {
  impl_->ops.push_back({cf, true, begin, end});
}

std::size_t store::batch::size() const { return impl_->ops.size(); }

store::store(std::string path, bool read_only, std::unique_ptr<impl> p)
  : path_(std::move(path)), read_only_(read_only), impl_(std::move(p)) {}

store::~store() = default;

std::shared_ptr<store> store::open(const std::string& path, bool read_only) {
  rocksdb::DBOptions opts;
  opts.create_if_missing = !read_only;
  opts.create_missing_column_families = !read_only;
  opts.max_background_jobs = 2;
  opts.keep_log_file_num = 2;
  // Snapshots are rewritten all the time: small memtables flushed often keep a node with
  // thousands of actors in tens of megabytes instead of 64 MB per column family.
  opts.db_write_buffer_size = 32 << 20;
  // No preallocated log space: a full disk then fails the very next write, which the
  // node sees and fails closed on (see store::write), instead of megabytes of writes
  // later at a flush. A synced append costs the same metadata write either way: RocksDB
  // preallocates without changing the file's size, which each append then changes.
  opts.allow_fallocate = false;
  opts.info_log = std::make_shared<spdlog_logger>();
  rocksdb::ColumnFamilyOptions cf_opts;
  cf_opts.write_buffer_size = 8 << 20;
  cf_opts.max_write_buffer_number = 2;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& n : family_names)
    families.emplace_back(n, cf_opts);
  auto p = std::make_unique<impl>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = read_only
                        ? rocksdb::DB::OpenForReadOnly(opts, path, families, &p->handles, &raw)
                        : rocksdb::DB::Open(opts, path, families, &p->handles, &raw);
  check(s, path, read_only ? "open read-only" : "open");
  p->db.reset(raw);
  auto db = std::shared_ptr<store>(new store(path, read_only, std::move(p)));
  const std::string format_key = "store/format";
  std::string format;
  if (db->get(column::meta, format_key, format)) {
    char* end = nullptr;
    const long v = std::strtol(format.c_str(), &end, 10);
    if (format.empty() || *end != '\0' || v < 1)
      throw storage_error("storage " + path + ": unreadable data format marker \"" + format + "\"");
    if (v > format_version)
      throw storage_error("storage " + path + ": data format " + format + " is newer than this build reads (" +
                          std::to_string(format_version) + "): refused, not migrated; open it with the "
                          "tickline that wrote it, or a newer one");
  }
  if (!read_only && format != std::to_string(format_version)) {
    batch b;
    b.put(column::meta, format_key, std::to_string(format_version));
    db->write(b, true);
  }
  return db;
}

void store::write(batch& b, bool sync) {
  rocksdb::WriteBatch wb;
  for (auto& o : b.impl_->ops)
    check(o.range_delete ? wb.DeleteRange(impl_->cf(o.cf), o.key, o.value)
                         : wb.Put(impl_->cf(o.cf), o.key, o.value),
          path_, o.range_delete ? "batch range delete" : "batch put");
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  // After a failed write (a full disk, an I/O error) RocksDB refuses every write until
  // it is resumed. A later write resumes it first (at most every resume_every), so the
  // store recovers by itself once the disk takes writes again; in between, writes fail
  // at once with the reason of the failure.
  if (impl_->failing.load(std::memory_order_acquire)) {
    std::unique_lock<std::mutex> guard{impl_->health_mtx};
    const auto now = std::chrono::steady_clock::now();
    if (impl_->failing.load(std::memory_order_acquire)) {
      if (now - impl_->last_resume < resume_every) {
        impl_->write_failures.fetch_add(1, std::memory_order_relaxed);
        throw storage_error("storage " + path_ + ": write: " + impl_->write_error);
      }
      impl_->last_resume = now;
      const auto r = impl_->db->Resume();
      if (!r.ok()) {
        impl_->write_failures.fetch_add(1, std::memory_order_relaxed);
        throw storage_error("storage " + path_ + ": write: " + impl_->write_error +
                            " (not resumed: " + r.ToString() + ")");
      }
      impl_->failing.store(false, std::memory_order_release);
      spdlog::warn("storage {}: writes succeed again ({} failed since the start)", path_,
                   impl_->write_failures.load(std::memory_order_relaxed));
    }
  }
  const auto s = impl_->db->Write(wo, &wb);
  if (!s.ok()) {
    impl_->write_failures.fetch_add(1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> guard{impl_->health_mtx};
      impl_->write_error = s.ToString();
      impl_->last_resume = std::chrono::steady_clock::now();
    }
    impl_->failing.store(true, std::memory_order_release);
    check(s, path_, "write");
  }
}

std::string store::write_error() const {
  if (!impl_->failing.load(std::memory_order_acquire))
    return {};
  std::lock_guard<std::mutex> guard{impl_->health_mtx};
  return impl_->write_error;
}

std::uint64_t store::write_failures() const {
  return impl_->write_failures.load(std::memory_order_relaxed);
}

bool store::get(column cf, const std::string& key, std::string& value) const {
  auto s = impl_->db->Get(rocksdb::ReadOptions{}, impl_->cf(cf), key, &value);
  if (s.IsNotFound())
    return false;
  check(s, path_, "get");
  return true;
}

void store::scan_impl(column cf, const std::string& prefix, const std::string& from,
                      const std::function<bool(const std::string&, const std::string&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it{impl_->db->NewIterator(rocksdb::ReadOptions{}, impl_->cf(cf))};
  for (it->Seek(from); it->Valid(); it->Next()) {
    auto k = it->key();
    if (!k.starts_with(prefix))
      break;
    if (!fn(k.ToString(), it->value().ToString()))
      break;
  }
  check(it->status(), path_, "scan");
}

bool store::last_key(column cf, const std::string& prefix, std::string& key) const {
  std::unique_ptr<rocksdb::Iterator> it{impl_->db->NewIterator(rocksdb::ReadOptions{}, impl_->cf(cf))};
  // The smallest key past every key with the prefix: the prefix with 0xff appended
  // sorts after all of them for the binary keys we use (names never contain 0xff).
  it->SeekForPrev(prefix + std::string(1, '\xff'));
  check(it->status(), path_, "seek");
  if (!it->Valid() || !it->key().starts_with(prefix))
    return false;
  key = it->key().ToString();
  return true;
}

} // namespace tickline
