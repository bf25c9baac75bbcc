#pragma once

// What the HTTP API shows of order_manager_state: JSON in the shapes of
// docs/operations.md. The actor answers `(query_atom, topic, arg)` with it. No CAF.

#include <cstddef>
#include <cstdint>
#include <string>

namespace tickline {

class order_manager_state;

/// Every open order, then the latest `recent` finished ones (newest last):
/// [{"client_id","symbol","side","type","qty","filled_qty","price","status","role",
/// "avg_fill_price","reason","updated_ns"}]. `price` is the limit price, else the stop
/// price, else 0 (market).
std::string orders_json(const order_manager_state& om, std::size_t recent = 100);

/// The whole state with named fields (GET /api/v1/actors/order_manager,
/// tickline-inspect): {"session", "reconciling", "duplicates", "refused",
/// "problems_total", "positions": [{"symbol", "qty", "avg_price"}], "open": [the client
/// ids of every order not yet filled, cancelled or rejected], "orders":
/// orders_json()'s list (open, then the latest 100 finished), "problems": [{"ts_ns",
/// "client_id", "what"}] (the latest kept)}.
std::string view_json(const order_manager_state& om);

} // namespace tickline
