#include "actors/broker/paper_working_book.hpp"

#include <algorithm>

namespace tickline {

void paper_working_book::add(const std::string& symbol, paper_working w) {
  by_symbol_[symbol].push_back(std::move(w));
}

paper_working* paper_working_book::find(const std::string& symbol, const std::string& id) {
  auto i = by_symbol_.find(symbol);
  if (i == by_symbol_.end())
    return nullptr;
  for (auto& w : i->second)
    if (w.client_order_id == id)
      return &w;
  return nullptr;
}

const paper_working* paper_working_book::find(const std::string& symbol,
                                              const std::string& id) const {
  return const_cast<paper_working_book*>(this)->find(symbol, id);
}

bool paper_working_book::erase(const std::string& symbol, const std::string& id) {
  auto i = by_symbol_.find(symbol);
  if (i == by_symbol_.end())
    return false;
  auto& l = i->second;
  auto w = std::find_if(l.begin(), l.end(),
                        [&](const paper_working& x) { return x.client_order_id == id; });
  if (w == l.end())
    return false;
  l.erase(w);
  if (l.empty())
    by_symbol_.erase(i);
  return true;
}

paper_working_book::list* paper_working_book::of(const std::string& symbol) {
  auto i = by_symbol_.find(symbol);
  return i == by_symbol_.end() ? nullptr : &i->second;
}

void paper_working_book::tidy(const std::string& symbol) {
  auto i = by_symbol_.find(symbol);
  if (i != by_symbol_.end() && i->second.empty())
    by_symbol_.erase(i);
}

std::vector<paper_working> paper_working_book::all() const {
  std::vector<paper_working> out;
  for (const auto& [symbol, l] : by_symbol_)
    out.insert(out.end(), l.begin(), l.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const paper_working& a, const paper_working& b) { return a.seq < b.seq; });
  return out;
}

void paper_working_book::clear() {
  by_symbol_.clear();
  buy_value = {};
  market_buy_qty.clear();
  market_buy_value = {};
  sell_qty.clear();
}

void adjust(std::map<std::string, paper_reserve>& m, const std::string& key, double x, bool add) {
  if (add) {
    m[key].add(x);
    return;
  }
  auto i = m.find(key);
  if (i == m.end())
    return;
  i->second.remove(x);
  if (i->second.orders == 0)
    m.erase(i);
}

} // namespace tickline
