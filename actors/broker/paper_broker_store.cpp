#include "actors/broker/paper_broker_store.hpp"

#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "storage/keys.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

namespace {

template <class T>
std::string encode(const T& x) {
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(x);
  }
  return os.str();
}

template <class T>
T decode(const std::string& bytes, const std::string& where) {
  T x;
  try {
    decode_limit limit{bytes.size()};
    std::istringstream is{bytes};
    cereal::PortableBinaryInputArchive ar{is};
    ar(x);
  } catch (const std::exception& e) {
    throw storage_error("paper broker books: " + where + " does not decode: " + e.what());
  }
  return x;
}

// A fill as the books keep it; books written before executions had ids hold fills
// without one (assign numbers those).
fill decode_fill(const std::string& bytes, const std::string& where) {
  try {
    return decode<fill>(bytes, where);
  } catch (const storage_error&) {
    fill x;
    try {
      decode_limit limit{bytes.size()};
      std::istringstream is{bytes};
      cereal::PortableBinaryInputArchive ar{is};
      serialize_without_exec_id(ar, x);
    } catch (const std::exception& e) {
      throw storage_error("paper broker books: " + where + " does not decode: " + e.what());
    }
    return x;
  }
}

// A key's printable form for errors: the NUL separator as '/'.
std::string printable(std::string key) {
  for (auto& c : key)
    if (c == '\0')
      c = '/';
  return key;
}

} // namespace

paper_broker_store::paper_broker_store(std::shared_ptr<store> db, std::string name)
  : db_(std::move(db)), prefix_("books/" + name + std::string(1, '\0')) {}

std::string paper_broker_store::key(char kind, const std::string& rest) const {
  return prefix_ + kind + rest;
}

std::size_t paper_broker_store::save(paper_broker_state& b) {
  if (!b.changed())
    return 0;
  store::batch batch;
  if (b.head_changed())
    batch.put(column::meta, key('h'), encode(b.head()));
  for (const auto& id : b.changed_orders())
    batch.put(column::meta, key('o', id), encode(b.book_order(id)));
  for (const auto& symbol : b.changed_symbols())
    batch.put(column::meta, key('s', symbol), encode(b.book_symbol(symbol)));
  const auto& fills = b.ledger().fills();
  for (auto i = b.ledger().first_unsaved_fill(); i < fills.size(); ++i)
    batch.put(column::meta, key('f', be64(i + 1)), encode(fills[i]));
  db_->write(batch, false);
  b.mark_saved();
  return batch.size();
}

bool paper_broker_store::exists() const {
  std::string head;
  return db_->get(column::meta, key('h'), head);
}

bool paper_broker_store::load(paper_broker_state& b) const {
  std::string bytes;
  if (!db_->get(column::meta, key('h'), bytes))
    return false;
  auto head = decode<paper_book_head>(bytes, printable(key('h')));
  std::map<std::string, paper_book_symbol> symbols;
  const auto symbol_prefix = key('s');
  db_->scan(column::meta, symbol_prefix, symbol_prefix,
            [&](const std::string& k, const std::string& v) {
              symbols.emplace(k.substr(symbol_prefix.size()),
                              decode<paper_book_symbol>(v, printable(k)));
              return true;
            });
  std::vector<paper_book_order> orders;
  db_->scan(column::meta, key('o'), key('o'), [&](const std::string& k, const std::string& v) {
    orders.push_back(decode<paper_book_order>(v, printable(k)));
    return true;
  });
  std::vector<fill> fills;
  db_->scan(column::meta, key('f'), key('f'), [&](const std::string& k, const std::string& v) {
    fills.push_back(decode_fill(v, printable(k)));
    return true;
  });
  b.assign(head, symbols, std::move(orders), std::move(fills));
  return true;
}

} // namespace tickline
