#include "actors/ops/stream_state.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "actors/signals/signal_log_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

// The API's spelling of a risk state: "ACTIVE", "HALTED"...
std::string upper(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

} // namespace

std::string stream_state::wrap(const std::string& type, std::int64_t ts_ns, const std::string& data) {
  ++counts_[type];
  return R"({"type":")" + type + R"(","ts_ns":)" + std::to_string(ts_ns) + R"(,"data":)" + data + "}";
}

std::vector<std::string> stream_state::on_signals(const std::vector<signal>& batch) {
  std::vector<std::string> out;
  out.reserve(batch.size());
  for (const auto& s : batch)
    out.push_back(wrap("signal", s.ts_ns, signal_log_state::to_json(s)));
  return out;
}

std::string stream_state::on_order(const order_request& o, std::int64_t now_ns) {
  nlohmann::json d{{"client_id", o.client_order_id}, {"symbol", o.symbol},
                   {"side", to_string(o.sd)}, {"type", to_string(o.type)}, {"qty", o.qty},
                   {"limit_price", o.limit_price}, {"stop_price", o.stop_price},
                   {"reduce_only", o.reduce_only}, {"status", "sent"}};
  return wrap("order", now_ns, d.dump(-1, ' ', false, invalid_utf8));
}

std::string stream_state::on_reject(const order_reject& r) {
  nlohmann::json d{{"client_id", r.client_order_id}, {"status", "rejected"}, {"reason", r.reason}};
  return wrap("order", r.ts_ns, d.dump(-1, ' ', false, invalid_utf8));
}

std::string stream_state::on_fill(const booked_fill& f) {
  const auto& x = f.fill;
  nlohmann::json d{{"client_id", x.client_order_id}, {"symbol", x.symbol},
                   {"side", to_string(x.sd)}, {"price", x.price}, {"qty", x.qty},
                   {"fee", x.fee}, {"maker", x.maker}, {"purpose", f.purpose},
                   {"trade_id", f.trade_id}};
  return wrap("fill", x.ts_ns, d.dump(-1, ' ', false, invalid_utf8));
}

std::string stream_state::on_connection(const connection_status& c) {
  nlohmann::json d{{"source", c.source}, {"status", c.connected ? "connected" : "disconnected"},
                   {"reason", c.reason}, {"reconnects", c.reconnects}};
  return wrap("connection", c.ts_ns, d.dump(-1, ' ', false, invalid_utf8));
}

std::optional<std::string> stream_state::on_risk(const risk_snapshot& r, std::int64_t now_ns) {
  if (r.state.empty() || r.state == last_risk_)
    return std::nullopt;
  nlohmann::json d{{"state", upper(r.state)}, {"previous", upper(last_risk_)}, {"reason", r.reason},
                   {"equity", r.equity}, {"pnl", r.pnl}};
  last_risk_ = r.state;
  return wrap("risk", now_ns, d.dump(-1, ' ', false, invalid_utf8));
}

} // namespace tickline
