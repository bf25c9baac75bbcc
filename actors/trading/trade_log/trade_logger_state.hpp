#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>

#include "actors/trading/trade_log/trade_records.hpp"
#include "messages/orders.hpp"
#include "messages/risk.hpp"

namespace tickline {

/// The trade logger's state: the context of the entries in flight (intents from the
/// strategy and the risk supervisor's decisions on them) and the position in each symbol
/// as the booked fills have moved it. A booked fill becomes one trade_record: an entry
/// when it opens or adds to the position (the first fill of an entry order with its
/// intent's context and risk decision),
/// an exit (with its reason and realized P&L) when it reduces it. make_record only reads;
/// apply books a record once the caller has journaled it, so a fill journaled before
/// (a replay) changes nothing. No CAF.
class trade_logger_state {
public:
  /// Where one symbol stands.
  struct open_position {
    double qty = 0;                 ///< Signed: > 0 long.
    double avg_price = 0;           ///< Average entry price; 0 when flat.
    double entry_fees = 0;          ///< Entry fees not yet charged to an exit.
    std::int64_t entry_ns = 0;      ///< First entry fill of the position.
    std::string trade_id;
    std::string intent_id;
    std::string entry_tag;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(qty, avg_price, entry_fees, entry_ns, trade_id, intent_id, entry_tag);
    }
  };

  /// An intent and the decision on it, waiting for the entry's fills.
  struct pending_entry {
    order_intent intent;
    std::optional<risk_decision> decision;
    template <class Archive>
    void serialize(Archive& ar) { ar(intent, decision); }
  };

  /// Keeps the context of at most `max_pending` intents. Default: 1000.
  explicit trade_logger_state(std::size_t max_pending = 1000) : max_pending_(max_pending) {}

  /// The strategy's intent (with its context); the oldest one is forgotten when full.
  void on_intent(const order_intent& intent);
  /// The risk supervisor's decision on an intent; a denial forgets the intent.
  void on_decision(const risk_decision& d);

  /// The record `f` makes: an entry, or an exit when it reduces the position (of a fill
  /// that would go through flat, only the closing part). Changes nothing.
  trade_record make_record(const booked_fill& f) const;
  /// Books `r` (journaled as `seq`; 0 without a journal): moves the position, counts it,
  /// and forgets the intent once its position is flat.
  void apply(const trade_record& r, std::uint64_t seq);

  /// The key that identifies `f` across restarts: "x:<exec_id>"; for a fill without an
  /// execution id (synthesized, or journaled before ids), order id, price, qty and time.
  static std::string key(const fill& f);

  /// The position in `symbol` (all zero when none).
  open_position position(const std::string& symbol) const;
  /// Intents waiting for fills, by intent id.
  const std::map<std::string, pending_entry>& pending() const { return pending_; }
  /// Entry and exit records booked.
  std::uint64_t entries() const { return entries_; }
  std::uint64_t exits() const { return exits_; }
  /// Intents the risk supervisor denied.
  std::uint64_t denied() const { return denied_; }
  /// The journal sequence number of the last record booked; 0 when none.
  std::uint64_t last_seq() const { return last_seq_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(max_pending_, pending_, order_, positions_, entries_, exits_, denied_, last_seq_);
  }

private:
  void forget(const std::string& intent_id);

  std::size_t max_pending_;
  std::map<std::string, pending_entry> pending_;
  std::deque<std::string> order_;                 ///< Pending intent ids, oldest first.
  std::map<std::string, open_position> positions_;
  std::uint64_t entries_ = 0;
  std::uint64_t exits_ = 0;
  std::uint64_t denied_ = 0;
  std::uint64_t last_seq_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::trade_logger_state, 1);
