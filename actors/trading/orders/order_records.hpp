#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "actors/trading/orders/managed_order.hpp"
#include "messages/broker.hpp"
#include "messages/orders.hpp"

// The order journal's records: one line of JSON each, with a "type" field, e.g.
//   {"type":"fill","id":"tl-3-7","symbol":"BTCUSDT","side":"buy","price":101.5,"qty":2,...}
// The order manager applies every change of its state as such a record, live and in
// replay alike, so that the journal alone rebuilds it.

namespace tickline {

/// What a journal record says happened.
enum class record_type : std::uint8_t {
  session,    ///< A node (re)started: a new session number for client order ids.
  order,      ///< An order was decided; it is sent after this record is journaled.
  sent,       ///< The order left for the broker.
  cancel,     ///< A cancel was decided; it is sent after this record is journaled.
  query,      ///< An order_query was decided (reconciliation).
  ack,        ///< The broker accepted an order.
  reject,     ///< The broker refused an order.
  fill,       ///< A fill: reported by the broker, or synthesized by reconciliation.
  status,     ///< The broker's account of an order (order_status).
  trail,      ///< A bracket's best price or stop price moved.
  time_stop,  ///< A bracket is closed because it was held too long.
  disarm,     ///< cancel_all / flatten_all: brackets send no more exits.
  refuse,     ///< An intent was refused.
};

/// The record's "type" text: "session", "order", "sent", ...
std::string to_string(record_type x);

/// One decoded journal record; `type` says which of the fields it uses.
struct om_record {
  record_type type = record_type::session;
  std::int64_t ts_ns = 0;           ///< session, sent, trail, time_stop, disarm; else unused.
  std::uint64_t session = 0;        ///< session.
  std::string id;                   ///< sent: the order; trail, time_stop: the bracket.
  std::string reason;               ///< disarm.
  /// disarm: the symbols whose brackets it disarms, comma-separated; empty = every one.
  std::string symbols;
  double best = 0;                  ///< trail: best price since entry.
  double stop = 0;                  ///< trail: where the stop should stand.
  order_spec order;                 ///< order.
  order_cancel cancel;              ///< cancel.
  order_query query;                ///< query.
  order_ack ack;                    ///< ack.
  order_reject reject;              ///< reject; refuse (client_order_id = intent id).
  tickline::fill fill;              ///< fill.
  bool synthesized = false;         ///< fill: learned from an order_status, not reported.
  order_status status;              ///< status.
};

/// `r` as one line of JSON holding the fields of its type.
std::string encode_record(const om_record& r);

/// Reads a line written by encode_record. Returns nullopt and sets `error` (what is wrong,
/// e.g. "fill: missing field \"qty\"") for anything else.
std::optional<om_record> decode_record(const std::string& text, std::string& error);

} // namespace tickline
