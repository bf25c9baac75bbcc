#include "actors/trading/orders/order_records.hpp"
#include "messages/json_text.hpp"

#include <array>
#include <type_traits>
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

// Writes the fields of one record: enums by their text form.
struct field_writer {
  out_json& j;

  template <class T>
  void operator()(const char* key, const T& value) {
    if constexpr (std::is_enum_v<T>)
      j[key] = to_string(value);
    else
      j[key] = value;
  }
  /// A field added later: written only when it is not empty.
  void optional(const char* key, const std::string& value) {
    if (!value.empty())
      j[key] = value;
  }
};

bool parse_enum(const std::string& text, order_role& out) {
  return parse_role(text, out);
}

template <class Enum>
bool parse_enum(const std::string& text, Enum& out) {
  const auto x = from_string<Enum>(text);
  if (x)
    out = *x;
  return x.has_value();
}

// Reads the fields of one record, remembering the first problem.
class field_reader {
public:
  field_reader(const json& j, std::string type) : j_(j), type_(std::move(type)) {}

  template <class T>
  void operator()(const char* key, T& out) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (const auto* v = find(key, "a string", &json::is_string))
        out = v->template get<std::string>();
    } else if constexpr (std::is_same_v<T, bool>) {
      if (const auto* v = find(key, "a boolean", &json::is_boolean))
        out = v->template get<bool>();
    } else if constexpr (std::is_same_v<T, double>) {
      if (const auto* v = find(key, "a number", &json::is_number))
        out = v->template get<double>();
    } else if constexpr (std::is_same_v<T, std::uint64_t>) {
      if (const auto* v = find(key, "an unsigned integer", &json::is_number_unsigned))
        out = v->template get<std::uint64_t>();
    } else if constexpr (std::is_integral_v<T>) {
      if (const auto* v = find(key, "an integer", &json::is_number_integer))
        out = static_cast<T>(v->template get<std::int64_t>());
    } else if constexpr (std::is_enum_v<T>) {
      std::string text;
      (*this)(key, text);
      if (error_.empty() && !parse_enum(text, out))
        fail(key, "a known name");
    } else {
      static_assert(std::is_same_v<T, std::vector<double>>);
      read_numbers(key, out);
    }
  }

  /// A field added later: journals written before it lack it.
  void optional(const char* key, std::string& out) {
    if (j_.contains(key))
      (*this)(key, out);
  }

  const std::string& error() const { return error_; }

private:
  void read_numbers(const char* key, std::vector<double>& out) {
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

// The fields of each record type, in journal order; `R` is om_record (decoding) or
// const om_record (encoding), so that the two cannot disagree.
template <class F, class R>
void order_fields(F& f, R& r) {
  auto& o = r.order;
  auto& q = o.request;
  f("id", q.client_order_id);
  f("symbol", q.symbol);
  f("side", q.sd);
  f("order_type", q.type);
  f("tif", q.tif);
  f("qty", q.qty);
  f("limit_price", q.limit_price);
  f("stop_price", q.stop_price);
  f("reduce_only", q.reduce_only);
  f("ts_ns", q.ts_ns);
  f.optional("exit_group", q.exit_group);
  f("role", o.role);
  f("bracket", o.bracket);
  f("tp_index", o.tp_index);
  f("intent_id", o.intent_id);
  f("stop_loss", o.stop_loss);
  f("take_profits", o.take_profits);
  f("tp_fractions", o.tp_fractions);
  f.optional("tag", o.tag);
}

template <class F, class R>
void fill_fields(F& f, R& r) {
  auto& x = r.fill;
  f("id", x.client_order_id);
  f("symbol", x.symbol);
  f("side", x.sd);
  f("price", x.price);
  f("qty", x.qty);
  f("fee", x.fee);
  f("maker", x.maker);
  f("ts_ns", x.ts_ns);
  f("synthesized", r.synthesized);
  f.optional("exec_id", x.exec_id);
}

template <class F, class R>
void status_fields(F& f, R& r) {
  auto& s = r.status;
  f("id", s.client_order_id);
  f("symbol", s.symbol);
  f("state", s.state);
  f("qty", s.qty);
  f("filled_qty", s.filled_qty);
  f("avg_price", s.avg_price);
  f("venue_order_id", s.venue_order_id);
  f("reason", s.reason);
  f("ts_ns", s.ts_ns);
}

template <class F, class R>
void record_fields(F& f, R& r) {
  switch (r.type) {
    case record_type::session:
      f("session", r.session);
      f("ts_ns", r.ts_ns);
      return;
    case record_type::order: return order_fields(f, r);
    case record_type::fill: return fill_fields(f, r);
    case record_type::status: return status_fields(f, r);
    case record_type::sent:
    case record_type::time_stop:
      f("id", r.id);
      f("ts_ns", r.ts_ns);
      return;
    case record_type::cancel:
      f("id", r.cancel.client_order_id);
      f("reason", r.cancel.reason);
      f("ts_ns", r.cancel.ts_ns);
      return;
    case record_type::query:
      f("id", r.query.client_order_id);
      f("ts_ns", r.query.ts_ns);
      return;
    case record_type::ack:
      f("id", r.ack.client_order_id);
      f("venue_order_id", r.ack.venue_order_id);
      f("ts_ns", r.ack.ts_ns);
      return;
    case record_type::reject:
    case record_type::refuse:
      f(r.type == record_type::reject ? "id" : "intent_id", r.reject.client_order_id);
      f("reason", r.reject.reason);
      f("ts_ns", r.reject.ts_ns);
      return;
    case record_type::trail:
      f("id", r.id);
      f("best", r.best);
      f("stop", r.stop);
      f("ts_ns", r.ts_ns);
      return;
    case record_type::disarm:
      f("reason", r.reason);
      f("ts_ns", r.ts_ns);
      f.optional("symbols", r.symbols);
      return;
  }
}

} // namespace

std::string to_string(record_type x) {
  const auto i = static_cast<std::size_t>(x);
  return i < type_names.size() ? type_names[i] : "unknown";
}

std::string encode_record(const om_record& r) {
  out_json j;
  j["type"] = to_string(r.type);
  field_writer out{j};
  record_fields(out, r);
  return j.dump(-1, ' ', false, invalid_utf8);
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
  record_fields(in, r);
  if (!in.error().empty()) {
    error = in.error();
    return std::nullopt;
  }
  return r;
}

} // namespace tickline
