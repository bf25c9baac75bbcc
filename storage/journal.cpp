#include "storage/journal.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <openssl/sha.h>

#include "storage/keys.hpp"

namespace tickline {

namespace {

// Keys: "<name>\0<seq, 8 bytes big-endian>" (be64) so that entries sort by sequence number.

std::uint64_t from_be64(const std::string& s, std::size_t pos) {
  std::uint64_t x = 0;
  for (std::size_t i = 0; i < 8; ++i)
    x = (x << 8) | static_cast<unsigned char>(s.at(pos + i));
  return x;
}

std::string prefix_of(const std::string& name) { return name + std::string(1, '\0'); }

std::string idempotency_key(const std::string& name, const std::string& key) {
  return "journal-key/" + name + std::string(1, '\0') + key;
}

// Meta key of a journal's checkpoint; the value is be64(through_seq) + state.
std::string checkpoint_key(const std::string& name) { return "journal-checkpoint/" + name; }

const std::string no_link(SHA256_DIGEST_LENGTH, '\0');

} // namespace

journal::journal(std::shared_ptr<store> db, std::string name)
  : db_(std::move(db)), name_(std::move(name)) {
  std::string key;
  if (db_->last_key(column::journal, prefix_of(name_), key))
    last_ = from_be64(key, name_.size() + 1);
  // Every entry may be behind the checkpoint: numbering goes on after it.
  if (auto c = last_checkpoint())
    last_ = std::max(last_, c->through_seq);
  // A journal written before links were kept starts its chain from zeros.
  if (!db_->get(column::meta, link_key(last_), last_link_))
    last_link_ = no_link;
}

std::string journal::link_key(std::uint64_t seq) const {
  return "journal-link/" + prefix_of(name_) + be64(seq);
}

std::string journal::link(const std::string& before, std::uint64_t seq, const std::string& payload) {
  const std::string message = before + be64(seq) + payload;
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(message.data()), message.size(),
         reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string journal::put_entry(store::batch& b, std::uint64_t seq, const std::string& payload,
                               const std::string& before) const {
  auto l = link(before, seq, payload);
  b.put(column::journal, entry_key(seq), payload);
  b.put(column::meta, link_key(seq), l);
  return l;
}

journal_chain_check journal::verify_chain() const {
  journal_chain_check out;
  const auto c = last_checkpoint();
  const std::uint64_t through = c ? c->through_seq : 0;
  std::string before;
  bool started = through > 0 && db_->get(column::meta, link_key(through), before);
  for (std::uint64_t from = through + 1;;) {
    const auto batch = read_from(from, 1024);
    for (const auto& e : batch) {
      std::string stored;
      if (!db_->get(column::meta, link_key(e.seq), stored)) {
        if (started) {
          out.broken_seq = e.seq;
          out.what = "its link is missing";
          return out;
        }
        ++out.unchained;  // older than the chain
        continue;
      }
      if (!started && !db_->get(column::meta, link_key(e.seq - 1), before))
        before = no_link;
      started = true;
      if (stored != link(before, e.seq, e.payload)) {
        out.broken_seq = e.seq;
        out.what = "its link does not match its content and the entry before it";
        return out;
      }
      before = stored;
      ++out.chained;
    }
    if (batch.size() < 1024)
      return out;
    from = batch.back().seq + 1;
  }
}

void journal::checkpoint(std::uint64_t through_seq, const std::string& state) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (through_seq > last_)
    throw std::invalid_argument("journal " + name_ + ": checkpoint through " +
                                std::to_string(through_seq) + " beyond the last entry " +
                                std::to_string(last_));
  std::string old;
  if (db_->get(column::meta, checkpoint_key(name_), old) && old.size() >= 8 &&
      from_be64(old, 0) > through_seq)
    throw std::invalid_argument("journal " + name_ + ": checkpoint through " +
                                std::to_string(through_seq) + " before the current one");
  store::batch b;
  b.put(column::meta, checkpoint_key(name_), be64(through_seq) + state);
  b.erase_range(column::journal, entry_key(1), entry_key(through_seq + 1));
  // The last replaced entry's link stays: the anchor of the chain after it.
  b.erase_range(column::meta, link_key(1), link_key(through_seq));
  write(b);
}

std::optional<journal_checkpoint> journal::last_checkpoint() const {
  std::string value;
  if (!db_->get(column::meta, checkpoint_key(name_), value))
    return std::nullopt;
  if (value.size() < 8)
    throw storage_error("journal " + name_ + ": checkpoint record of " +
                        std::to_string(value.size()) + " bytes, expected at least 8");
  return journal_checkpoint{from_be64(value, 0), value.substr(8)};
}

std::string journal::entry_key(std::uint64_t seq) const { return prefix_of(name_) + be64(seq); }

void journal::write(store::batch& b, bool sync) {
  if (!observer_ || !sync) {
    db_->write(b, sync);
    return;
  }
  auto start = std::chrono::steady_clock::now();
  db_->write(b, true);
  observer_(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void journal::observe_writes(std::function<void(double seconds)> observer) {
  observer_ = std::move(observer);
}

std::uint64_t journal::append(const std::string& payload) {
  std::lock_guard<std::mutex> guard{mtx_};
  store::batch b;
  auto l = put_entry(b, last_ + 1, payload, last_link_);
  write(b);
  last_link_ = std::move(l);
  return ++last_;
}

std::uint64_t journal::append_all(const std::vector<std::string>& payloads, durability how) {
  if (payloads.empty())
    return 0;
  std::lock_guard<std::mutex> guard{mtx_};
  store::batch b;
  auto l = last_link_;
  for (std::size_t i = 0; i < payloads.size(); ++i)
    l = put_entry(b, last_ + 1 + i, payloads[i], l);
  write(b, how == durability::synced);
  last_link_ = std::move(l);
  const auto first = last_ + 1;
  last_ += payloads.size();
  return first;
}

journal_append journal::append_once(const std::string& key, const std::string& payload) {
  std::lock_guard<std::mutex> guard{mtx_};
  std::string existing;
  auto ik = idempotency_key(name_, key);
  if (db_->get(column::meta, ik, existing))
    return {from_be64(existing, 0), false};
  store::batch b;
  auto l = put_entry(b, last_ + 1, payload, last_link_);
  b.put(column::meta, ik, be64(last_ + 1));
  write(b);
  last_link_ = std::move(l);
  return {++last_, true};
}

std::vector<journal_append> journal::append_once_all(
  const std::vector<std::pair<std::string, std::string>>& entries) {
  std::lock_guard<std::mutex> guard{mtx_};
  std::vector<journal_append> out;
  out.reserve(entries.size());
  std::map<std::string, std::uint64_t> in_batch;
  store::batch b;
  auto next = last_;
  auto l = last_link_;
  for (const auto& [key, payload] : entries) {
    auto ik = idempotency_key(name_, key);
    std::string existing;
    if (auto i = in_batch.find(ik); i != in_batch.end()) {
      out.push_back({i->second, false});
    } else if (db_->get(column::meta, ik, existing)) {
      out.push_back({from_be64(existing, 0), false});
    } else {
      ++next;
      l = put_entry(b, next, payload, l);
      b.put(column::meta, ik, be64(next));
      in_batch.emplace(ik, next);
      out.push_back({next, true});
    }
  }
  if (next != last_) {
    write(b);
    last_ = next;
    last_link_ = std::move(l);
  }
  return out;
}

std::vector<journal_entry> journal::read_from(std::uint64_t from, std::size_t max) const {
  std::vector<journal_entry> out;
  if (max == 0)
    return out;
  db_->scan(column::journal, prefix_of(name_), entry_key(std::max<std::uint64_t>(from, 1)),
            [&](const std::string& key, const std::string& value) {
              out.push_back({from_be64(key, name_.size() + 1), value});
              return out.size() < max;
            });
  return out;
}

std::uint64_t journal::last_seq() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return last_;
}

std::vector<std::string> journal::names(const store& db) {
  std::vector<std::string> out;
  db.scan(column::journal, "", "", [&](const std::string& key, const std::string&) {
    auto name = key.substr(0, key.find('\0'));
    if (out.empty() || out.back() != name)
      out.push_back(name);
    return true;
  });
  return out;
}

} // namespace tickline
