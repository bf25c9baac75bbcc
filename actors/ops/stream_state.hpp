#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "messages/control.hpp"
#include "messages/orders.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// The risk figures the stream reports with a risk state change.
struct risk_snapshot {
  std::string state;       ///< "active", "reducing", "paused", "halted"; "" = not trading.
  std::string reason;      ///< Why it last changed, in words.
  double equity = 0;
  double pnl = 0;
};

/// Turns what a node does into the operator stream's messages (docs/stream.md): one JSON
/// object per event, `{"type": "signal|order|fill|risk|connection", "ts_ns": ...,
/// "data": {...}}`, and counts them by type. No CAF include: the stream actor feeds it.
class stream_state {
public:
  /// One message per signal of `batch`, in order.
  std::vector<std::string> on_signals(const std::vector<signal>& batch);
  /// An "order" message with status "sent" for a request sent to the broker at `now_ns`.
  std::string on_order(const order_request& o, std::int64_t now_ns);
  /// An "order" message with status "rejected".
  std::string on_reject(const order_reject& r);
  /// A "fill" message for a booked fill.
  std::string on_fill(const booked_fill& f);
  /// A "connection" message.
  std::string on_connection(const connection_status& c);
  /// A "risk" message when `r.state` differs from the last one reported (the first call
  /// with a non-empty state reports it); nothing otherwise.
  std::optional<std::string> on_risk(const risk_snapshot& r, std::int64_t now_ns);

  /// Messages made so far, by type.
  const std::map<std::string, std::uint64_t>& counts() const { return counts_; }
  /// The last risk state reported; "" before the first.
  const std::string& risk_state() const { return last_risk_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) { ar(counts_, last_risk_); }

private:
  std::string wrap(const std::string& type, std::int64_t ts_ns, const std::string& data);

  std::map<std::string, std::uint64_t> counts_;
  std::string last_risk_;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::stream_state, 1);
