#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "messages/broker.hpp"
#include "messages/orders.hpp"

namespace tickline {

/// One order as a broker recorded it: accepted or rejected, and what became of it.
struct broker_order {
  order_request request;
  std::string venue_order_id;      ///< Empty for a rejected order.
  order_state state = order_state::open;
  double filled_qty = 0;
  double notional = 0;             ///< Sum of price * qty over its fills.
  double fees = 0;
  std::string reason;              ///< Why it was rejected or cancelled.
  std::int64_t received_ns = 0;
  std::int64_t updated_ns = 0;

  /// Average fill price; 0 before the first fill.
  double avg_price() const { return filled_qty > 0 ? notional / filled_qty : 0; }
  /// Quantity still to fill (0 once it is done).
  double remaining() const;
  /// True while it can still fill (open or partially filled).
  bool working() const;
  /// Its status message, stamped `now_ns`.
  order_status status(std::int64_t now_ns) const;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(request, venue_order_id, state, filled_qty, notional, fees, reason, received_ns,
       updated_ns);
  }
};

/// A broker's books: every order it was sent (accepted or rejected, by client order id),
/// every fill in order, and the balances they lead to (cash in the quote currency and a
/// signed base position per symbol). A client order id is recorded once and never
/// replaced. No CAF.
class broker_ledger {
public:
  broker_ledger() = default;
  /// An empty ledger holding `starting_cash`.
  explicit broker_ledger(double starting_cash);

  /// Records a new order under its client order id; the id must not be known yet.
  broker_order& record(const order_request& req, std::string venue_order_id, order_state state,
                       std::string reason, std::int64_t now_ns);
  /// Applies a fill of a working order: the order's quantities, cash and position.
  /// The caller checked that it fits the order's remaining quantity.
  void book(const fill& f);
  /// Lowers a working order's quantity to `qty` (no less than it has filled), e.g. a stop
  /// its exit group reduced, noting `reason`.
  void reduce(const std::string& client_order_id, double qty, std::string reason,
              std::int64_t now_ns);
  /// Sets the exit group of a recorded order (restoring a snapshot that kept it apart).
  void set_exit_group(const std::string& client_order_id, const std::string& group);
  /// Ends a working order as `state` (filled or cancelled) with `reason`.
  void close(const std::string& client_order_id, order_state state, std::string reason,
             std::int64_t now_ns);

  /// The order recorded under `client_order_id`, or null.
  const broker_order* find(const std::string& client_order_id) const;
  const std::map<std::string, broker_order>& orders() const { return orders_; }
  /// Every fill, in the order it happened.
  const std::vector<fill>& fills() const { return fills_; }
  /// The fills of one order.
  std::vector<fill> fills_of(const std::string& client_order_id) const;

  double starting_cash() const { return starting_cash_; }
  double cash() const { return cash_; }
  /// Signed base quantity held in `symbol` (0 when none).
  double position(const std::string& symbol) const;
  const std::map<std::string, double>& positions() const { return positions_; }

  /// Replays the fills from the starting cash and compares: the balances must equal the
  /// sum of the fills, each order's filled quantity the sum of its fills and no more than
  /// it asked for, and every fill must belong to a recorded order. Returns an empty string
  /// when all holds, else each difference on its own line.
  std::string audit() const;

  // -- changes since the last save (incremental persistence) -----------------------------

  /// Client order ids of the orders recorded or changed since mark_saved().
  const std::set<std::string>& touched() const { return touched_; }
  /// Index in fills() of the first fill added since mark_saved().
  std::size_t first_unsaved_fill() const { return saved_fills_; }
  /// Notes a change to `client_order_id` made outside the ledger (its working state).
  void touch(const std::string& client_order_id) { touched_.insert(client_order_id); }
  /// Notes every order and fill as changed, e.g. to write a restored ledger anew.
  void touch_all();
  /// Everything up to now is saved: forgets the changes.
  void mark_saved();
  /// Replaces the books with what a store kept (nothing counts as changed afterwards).
  void assign(double starting_cash, double cash, std::map<std::string, double> positions,
              std::map<std::string, broker_order> orders, std::vector<fill> fills);

  /// The full books (a snapshot); the record of changes is not part of it.
  template <class Archive>
  void serialize(Archive& ar) { ar(starting_cash_, cash_, positions_, orders_, fills_); }
  /// Reads full books written before fills had execution ids, and numbers the fills.
  template <class Archive>
  void load_without_exec_ids(Archive& ar);
  /// The execution id of the fill at `index` (0-based) in fills(): "paper-<index + 1>".
  static std::string exec_id_of(std::size_t index);

  /// The ledger as bytes (cereal binary), for one actor to hand it to another.
  std::string encode() const;
  /// A ledger from encode()'s bytes; throws std::runtime_error when they do not decode.
  static broker_ledger decode(const std::string& bytes);

private:
  double starting_cash_ = 0;
  double cash_ = 0;
  std::map<std::string, double> positions_;
  std::map<std::string, broker_order> orders_;
  std::vector<fill> fills_;
  std::set<std::string> touched_;    ///< Changed since the last save.
  std::size_t saved_fills_ = 0;      ///< fills_[0, saved_fills_) are saved.
};

template <class Archive>
void broker_ledger::load_without_exec_ids(Archive& ar) {
  ar(starting_cash_, cash_, positions_, orders_);
  cereal::size_type n = 0;
  ar(cereal::make_size_tag(n));
  fills_.assign(static_cast<std::size_t>(n), fill{});
  for (std::size_t i = 0; i < fills_.size(); ++i) {
    serialize_without_exec_id(ar, fills_[i]);
    fills_[i].exec_id = exec_id_of(i);
  }
}

} // namespace tickline
