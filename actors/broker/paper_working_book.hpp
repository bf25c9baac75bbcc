#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <cereal/types/string.hpp>

namespace tickline {

/// An order the paper broker can still fill, in time priority with the others.
struct paper_working {
  std::string client_order_id;
  std::int64_t active_ns = 0;   ///< Fills only from events after this time.
  bool triggered = false;       ///< A stop or stop-limit has triggered.
  std::uint64_t seq = 0;        ///< Venue order number: arrival order. Not saved (derived).
  template <class Archive>
  void serialize(Archive& ar) { ar(client_order_id, active_ns, triggered); }
};

/// What some working orders hold back of the account: a running sum and how many orders
/// it covers. When the last order leaves, the sum is exactly 0 again, so rounding from
/// adding and taking away does not outlive the orders that caused it.
struct paper_reserve {
  double sum = 0;
  std::size_t orders = 0;
  void add(double x) {
    sum += x;
    ++orders;
  }
  void remove(double x) {
    if (orders <= 1) {
      sum = 0;
      orders = 0;
    } else {
      sum -= x;
      --orders;
    }
  }
  /// add(x) or remove(x).
  void change(double x, bool adding) { adding ? add(x) : remove(x); }
};

/// The paper broker's working orders, kept per symbol in time priority, so that a trade
/// meets only its own symbol's orders and a cancel or a query finds its order among them.
/// The reserves are the broker's to keep (it knows how to value an order); they live here
/// next to the orders they stand for. No CAF.
class paper_working_book {
public:
  using list = std::vector<paper_working>;

  /// Adds `w`, the youngest order of `symbol`.
  void add(const std::string& symbol, paper_working w);
  /// The working order `id` of `symbol`, or null.
  paper_working* find(const std::string& symbol, const std::string& id);
  const paper_working* find(const std::string& symbol, const std::string& id) const;
  /// Takes the order `id` of `symbol` out; false when it was not working.
  bool erase(const std::string& symbol, const std::string& id);
  /// The working orders of `symbol`, oldest first; null when it has none.
  list* of(const std::string& symbol);
  /// Forgets `symbol`'s list once it is empty (after erasing through of()).
  void tidy(const std::string& symbol);
  /// Every working order, oldest first.
  std::vector<paper_working> all() const;
  void clear();

  // -- reserves ---------------------------------------------------------------------------

  /// Buys valued when placed (limits at their limit, stops at the stop): money with fees.
  paper_reserve buy_value;
  /// Market buys per symbol, as base quantity.
  std::map<std::string, paper_reserve> market_buy_qty;
  /// Market buys valued at each symbol's last price (with slippage and fees), repriced
  /// whenever a last price moves.
  paper_reserve market_buy_value;
  /// Sells per symbol, as base quantity.
  std::map<std::string, paper_reserve> sell_qty;

private:
  std::map<std::string, list> by_symbol_;
};

/// Adds `x` to `key`'s reserve in `m`, or takes it away (`add` false, dropping the entry
/// with its last order).
void adjust(std::map<std::string, paper_reserve>& m, const std::string& key, double x, bool add);

} // namespace tickline
