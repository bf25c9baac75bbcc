#include "actors/order_records.hpp"

#include <array>
#include <vector>

#include <nlohmann/json.hpp>

namespace tickline {

namespace {

using nlohmann::json;
// Written with "type" first and the fields in a fixed order, for people reading journals.
using out_json = nlohmann::ordered_json;

constexpr std::array<const char*, 13> type_names{
  "session", "order", "sent",  "cancel",    "query",  "ack",   "reject",
  "fill",    "status", "trail", "time_stop", "disarm", "refuse"};

// Reads the fields of one record, remembering the first problem.
class field_reader {
public:
  field_reader(const json& j, std::string type) : j_(j), type_(std::move(type)) {}

  void get(const char* key, std::string& out) {
    if (const auto* v = find(key, "a string", &json::is_string))
      out = v->get<std::string>();
  }
  void get(const char* key, double& out) {
    if (const auto* v = find(key, "a number", &json::is_number))
      out = v->get<double>();
  }
  void get(const char* key, std::int64_t& out) {
    if (const auto* v = find(key, "an integer", &json::is_number_integer))
      out = v->get<std::int64_t>();
  }
  void get(const char* key, std::uint64_t& out) {
    if (const auto* v = find(key, "an unsigned integer", &json::is_number_unsigned))
      out = v->get<std::uint64_t>();
  }
  void get(const char* key, int& out) {
    std::int64_t wide = 0;
    get(key, wide);
    out = static_cast<int>(wide);
  }
  void get(const char* key, bool& out) {
    if (const auto* v = find(key, "a boolean", &json::is_boolean))
      out = v->get<bool>();
  }
  void get(const char* key, std::vector<double>& out) {
    const auto* v = find(key, "an array of numbers", &json::is_array);
    if (!v)
      return;
    out.clear();
    for (const auto& x : *v) {
      if (!x.is_number())
        return fail(key, "an array of numbers");
      out.push_back(x.get<double>());
    }
  }
  // Enums by the text form that to_string prints.
  template <class Enum>
  void get_enum(const char* key, Enum& out) {
    std::string text;
    get(key, text);
    if (!error_.empty())
      return;
    if (auto x = from_string<Enum>(text))
      out = *x;
    else
      fail(key, "a known name");
  }
  void get_role(const char* key, order_role& out) {
    std::string text;
    get(key, text);
    if (error_.empty() && !parse_role(text, out))
      fail(key, "a known role");
  }

  const std::string& error() const { return error_; }

private:
  const json* find(const char* key, const char* expected, bool (json::*is)() const noexcept) {
    if (!error_.empty())
      return nullptr;
    const auto it = j_.find(key);
    if (it == j_.end()) {
      error_ = type_ + ": missing field \"" + key + "\"";
      return nullptr;
    }
    if (!((*it).*is)()) {
      fail(key, expected);
      return nullptr;
    }
    return &*it;
  }
  void fail(const char* key, const char* expected) {
    if (error_.empty())
      error_ = type_ + ": field \"" + key + "\" is not " + expected;
  }

  const json& j_;
  std::string type_;
  std::string error_;
};

void encode_order(out_json& j, const order_spec& o) {
  const auto& q = o.request;
  j["id"] = q.client_order_id;
  j["symbol"] = q.symbol;
  j["side"] = to_string(q.sd);
  j["order_type"] = to_string(q.type);
  j["tif"] = to_string(q.tif);
  j["qty"] = q.qty;
  j["limit_price"] = q.limit_price;
  j["stop_price"] = q.stop_price;
  j["reduce_only"] = q.reduce_only;
  j["ts_ns"] = q.ts_ns;
  j["role"] = to_string(o.role);
  j["bracket"] = o.bracket;
  j["tp_index"] = o.tp_index;
  j["intent_id"] = o.intent_id;
  j["stop_loss"] = o.stop_loss;
  j["take_profits"] = o.take_profits;
  j["tp_fractions"] = o.tp_fractions;
}

void decode_order(field_reader& in, order_spec& o) {
  auto& q = o.request;
  in.get("id", q.client_order_id);
  in.get("symbol", q.symbol);
  in.get_enum("side", q.sd);
  in.get_enum("order_type", q.type);
  in.get_enum("tif", q.tif);
  in.get("qty", q.qty);
  in.get("limit_price", q.limit_price);
  in.get("stop_price", q.stop_price);
  in.get("reduce_only", q.reduce_only);
  in.get("ts_ns", q.ts_ns);
  in.get_role("role", o.role);
  in.get("bracket", o.bracket);
  in.get("tp_index", o.tp_index);
  in.get("intent_id", o.intent_id);
  in.get("stop_loss", o.stop_loss);
  in.get("take_profits", o.take_profits);
  in.get("tp_fractions", o.tp_fractions);
}

void encode_fill(out_json& j, const fill& f, bool synthesized) {
  j["id"] = f.client_order_id;
  j["symbol"] = f.symbol;
  j["side"] = to_string(f.sd);
  j["price"] = f.price;
  j["qty"] = f.qty;
  j["fee"] = f.fee;
  j["maker"] = f.maker;
  j["ts_ns"] = f.ts_ns;
  j["synthesized"] = synthesized;
}

void decode_fill(field_reader& in, fill& f, bool& synthesized) {
  in.get("id", f.client_order_id);
  in.get("symbol", f.symbol);
  in.get_enum("side", f.sd);
  in.get("price", f.price);
  in.get("qty", f.qty);
  in.get("fee", f.fee);
  in.get("maker", f.maker);
  in.get("ts_ns", f.ts_ns);
  in.get("synthesized", synthesized);
}

void encode_status(out_json& j, const order_status& s) {
  j["id"] = s.client_order_id;
  j["symbol"] = s.symbol;
  j["state"] = to_string(s.state);
  j["qty"] = s.qty;
  j["filled_qty"] = s.filled_qty;
  j["avg_price"] = s.avg_price;
  j["venue_order_id"] = s.venue_order_id;
  j["reason"] = s.reason;
  j["ts_ns"] = s.ts_ns;
}

void decode_status(field_reader& in, order_status& s) {
  in.get("id", s.client_order_id);
  in.get("symbol", s.symbol);
  in.get_enum("state", s.state);
  in.get("qty", s.qty);
  in.get("filled_qty", s.filled_qty);
  in.get("avg_price", s.avg_price);
  in.get("venue_order_id", s.venue_order_id);
  in.get("reason", s.reason);
  in.get("ts_ns", s.ts_ns);
}

} // namespace

std::string to_string(record_type x) {
  const auto i = static_cast<std::size_t>(x);
  return i < type_names.size() ? type_names[i] : "unknown";
}

std::string encode_record(const om_record& r) {
  out_json j;
  j["type"] = to_string(r.type);
  switch (r.type) {
    case record_type::session:
      j["session"] = r.session;
      j["ts_ns"] = r.ts_ns;
      break;
    case record_type::order:
      encode_order(j, r.order);
      break;
    case record_type::sent:
    case record_type::time_stop:
      j["id"] = r.id;
      j["ts_ns"] = r.ts_ns;
      break;
    case record_type::cancel:
      j["id"] = r.cancel.client_order_id;
      j["reason"] = r.cancel.reason;
      j["ts_ns"] = r.cancel.ts_ns;
      break;
    case record_type::query:
      j["id"] = r.query.client_order_id;
      j["ts_ns"] = r.query.ts_ns;
      break;
    case record_type::ack:
      j["id"] = r.ack.client_order_id;
      j["venue_order_id"] = r.ack.venue_order_id;
      j["ts_ns"] = r.ack.ts_ns;
      break;
    case record_type::reject:
      j["id"] = r.reject.client_order_id;
      j["reason"] = r.reject.reason;
      j["ts_ns"] = r.reject.ts_ns;
      break;
    case record_type::fill:
      encode_fill(j, r.fill, r.synthesized);
      break;
    case record_type::status:
      encode_status(j, r.status);
      break;
    case record_type::trail:
      j["id"] = r.id;
      j["best"] = r.best;
      j["stop"] = r.stop;
      j["ts_ns"] = r.ts_ns;
      break;
    case record_type::disarm:
      j["reason"] = r.reason;
      j["ts_ns"] = r.ts_ns;
      break;
    case record_type::refuse:
      j["intent_id"] = r.reject.client_order_id;
      j["reason"] = r.reject.reason;
      j["ts_ns"] = r.reject.ts_ns;
      break;
  }
  return j.dump();
}

std::optional<om_record> decode_record(const std::string& text, std::string& error) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  const auto type = j.find("type");
  if (type == j.end() || !type->is_string()) {
    error = "missing field \"type\"";
    return std::nullopt;
  }
  om_record r;
  const auto name = type->get<std::string>();
  std::size_t index = 0;
  while (index < type_names.size() && name != type_names[index])
    ++index;
  if (index == type_names.size()) {
    error = "unknown record type \"" + name + "\"";
    return std::nullopt;
  }
  r.type = static_cast<record_type>(index);
  field_reader in{j, name};
  switch (r.type) {
    case record_type::session:
      in.get("session", r.session);
      in.get("ts_ns", r.ts_ns);
      break;
    case record_type::order:
      decode_order(in, r.order);
      break;
    case record_type::sent:
    case record_type::time_stop:
      in.get("id", r.id);
      in.get("ts_ns", r.ts_ns);
      break;
    case record_type::cancel:
      in.get("id", r.cancel.client_order_id);
      in.get("reason", r.cancel.reason);
      in.get("ts_ns", r.cancel.ts_ns);
      break;
    case record_type::query:
      in.get("id", r.query.client_order_id);
      in.get("ts_ns", r.query.ts_ns);
      break;
    case record_type::ack:
      in.get("id", r.ack.client_order_id);
      in.get("venue_order_id", r.ack.venue_order_id);
      in.get("ts_ns", r.ack.ts_ns);
      break;
    case record_type::reject:
      in.get("id", r.reject.client_order_id);
      in.get("reason", r.reject.reason);
      in.get("ts_ns", r.reject.ts_ns);
      break;
    case record_type::fill:
      decode_fill(in, r.fill, r.synthesized);
      break;
    case record_type::status:
      decode_status(in, r.status);
      break;
    case record_type::trail:
      in.get("id", r.id);
      in.get("best", r.best);
      in.get("stop", r.stop);
      in.get("ts_ns", r.ts_ns);
      break;
    case record_type::disarm:
      in.get("reason", r.reason);
      in.get("ts_ns", r.ts_ns);
      break;
    case record_type::refuse:
      in.get("intent_id", r.reject.client_order_id);
      in.get("reason", r.reject.reason);
      in.get("ts_ns", r.reject.ts_ns);
      break;
  }
  if (!in.error().empty()) {
    error = in.error();
    return std::nullopt;
  }
  return r;
}

} // namespace tickline
