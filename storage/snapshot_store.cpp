#include "storage/snapshot_store.hpp"

#include <sstream>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>

#include "messages/decode_limit.hpp"

namespace tickline {

namespace {

constexpr char magic[4] = {'T', 'L', 'S', 'N'};
constexpr std::uint32_t format_version = 1;

} // namespace

std::string snapshot_store::encode(const snapshot_record& r) {
  std::ostringstream os;
  os.write(magic, sizeof(magic));
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(format_version, r.name, r.seq, r.ts_ns, r.type, r.version, r.payload);
  }
  return os.str();
}

std::optional<snapshot_record> snapshot_store::decode(const std::string& bytes,
                                                      std::string& error) {
  if (bytes.size() < sizeof(magic) || bytes.compare(0, sizeof(magic), magic, sizeof(magic)) != 0) {
    error = "not a snapshot record (bad magic)";
    return std::nullopt;
  }
  try {
    decode_limit limit{bytes.size()};
    std::istringstream is{bytes.substr(sizeof(magic))};
    cereal::PortableBinaryInputArchive ar{is};
    std::uint32_t format = 0;
    ar(format);
    if (format != format_version) {
      error = "unknown snapshot format " + std::to_string(format);
      return std::nullopt;
    }
    snapshot_record r;
    ar(r.name, r.seq, r.ts_ns, r.type, r.version, r.payload);
    if (is.peek() != std::char_traits<char>::eof()) {
      error = "trailing bytes after the snapshot record";
      return std::nullopt;
    }
    return r;
  } catch (const std::exception& e) {
    error = std::string{"truncated or corrupt snapshot record: "} + e.what();
    return std::nullopt;
  }
}

void snapshot_store::put(const snapshot_record& r) {
  store::batch b;
  b.put(column::snapshots, r.name, encode(r));
  db_->write(b, false);
}

void snapshot_store::put_all(const std::vector<snapshot_record>& rs) {
  store::batch b;
  for (const auto& r : rs)
    b.put(column::snapshots, r.name, encode(r));
  db_->write(b, false);
}

snapshot_lookup snapshot_store::get(const std::string& name) const {
  snapshot_lookup out;
  std::string bytes;
  if (!db_->get(column::snapshots, name, bytes))
    return out;
  out.record = decode(bytes, out.error);
  if (out.record && out.record->name != name) {
    out.error = "snapshot stored under " + name + " names " + out.record->name;
    out.record.reset();
  }
  return out;
}

std::vector<snapshot_lookup> snapshot_store::list() const {
  std::vector<snapshot_lookup> out;
  db_->scan(column::snapshots, "", "", [&](const std::string& key, const std::string& value) {
    snapshot_lookup l;
    l.record = decode(value, l.error);
    if (l.record && l.record->name != key) {
      l.error = "snapshot stored under " + key + " names " + l.record->name;
      l.record.reset();
    }
    if (!l.record) {
      l.record = snapshot_record{};
      l.record->name = key;
    }
    out.push_back(std::move(l));
    return true;
  });
  return out;
}

} // namespace tickline
