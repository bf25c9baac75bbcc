#include "actors/trading/trade_log/trade_records.hpp"
#include "messages/json_text.hpp"

#include <nlohmann/json.hpp>

namespace tickline {

namespace {

// Keys in a fixed order, for people reading the log.
using out_json = nlohmann::ordered_json;

out_json signal_json(const signal& s) {
  return out_json{{"kind", to_string(s.kind)}, {"name", s.name},
                  {"source", s.source},        {"direction", to_string(s.dir)},
                  {"strength", s.strength},    {"confidence", s.confidence},
                  {"price", s.price},          {"ts_ns", s.ts_ns},
                  {"features", s.features}};
}

void entry_json(const trade_record& r, out_json& j) {
  if (r.intent) {
    const auto& i = *r.intent;
    const auto& c = i.context;
    j["confidence"] = i.confidence;
    j["regime"] = c.regime;
    auto& signals = j["signals"] = out_json::array();
    for (const auto& s : c.signals)
      signals.push_back(signal_json(s));
    j["indicators"] = c.indicators;
    auto& sizing = j["sizing"] = out_json(c.sizing);
    sizing["limited_by"] = c.limited_by;
    j["intent"] = out_json{{"qty", i.qty},
                           {"stop_loss", i.stop_loss},
                           {"take_profits", i.take_profits},
                           {"reason", i.reason},
                           {"ts_ns", i.ts_ns}};
  }
  if (r.decision) {
    const auto& d = *r.decision;
    j["risk"] = out_json{{"verdict", to_string(d.verdict)},
                         {"requested_qty", d.requested_qty},
                         {"approved_qty", d.approved_qty},
                         {"reason", d.reason},
                         {"state", to_string(d.state)},
                         {"ts_ns", d.ts_ns}};
  }
}

} // namespace

std::string to_json(const trade_record& r) {
  out_json j;
  j["kind"] = r.kind;
  j["key"] = r.key;
  j["ts_ns"] = r.ts_ns;
  j["symbol"] = r.symbol;
  j["side"] = to_string(r.sd);
  j["qty"] = r.qty;
  j["price"] = r.price;
  j["fee"] = r.fee;
  j["order_id"] = r.order_id;
  j["trade_id"] = r.trade_id;
  j["intent_id"] = r.intent_id;
  j["entry_tag"] = r.entry_tag;
  j["position_after"] = r.position_after;
  j["avg_entry_price"] = r.avg_entry_price;
  if (r.kind == "exit") {
    j["exit_reason"] = r.exit_reason;
    j["realized_pnl"] = r.realized_pnl;
    j["entry_ns"] = r.entry_ns;
  } else {
    entry_json(r, j);
  }
  return j.dump(-1, ' ', false, invalid_utf8);
}

std::optional<trade_record> trade_record_from_json(const std::string& line, std::string& error) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  trade_record r;
  std::string side_text;
  try {
    r.kind = j.at("kind").get<std::string>();
    r.key = j.at("key").get<std::string>();
    r.ts_ns = j.at("ts_ns").get<std::int64_t>();
    r.symbol = j.at("symbol").get<std::string>();
    side_text = j.at("side").get<std::string>();
    r.qty = j.at("qty").get<double>();
    r.price = j.at("price").get<double>();
    r.fee = j.at("fee").get<double>();
    r.order_id = j.at("order_id").get<std::string>();
    r.trade_id = j.at("trade_id").get<std::string>();
    r.intent_id = j.at("intent_id").get<std::string>();
    r.entry_tag = j.at("entry_tag").get<std::string>();
    if (r.kind == "exit")
      r.exit_reason = j.at("exit_reason").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    error = e.what();
    return std::nullopt;
  }
  const auto sd = from_string<side>(side_text);
  if (!sd || (r.kind != "entry" && r.kind != "exit")) {
    error = "unknown side \"" + side_text + "\" or kind \"" + r.kind + "\"";
    return std::nullopt;
  }
  r.sd = *sd;
  return r;
}

void fill_aggregator::add(const std::string& line) {
  auto j = nlohmann::ordered_json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("order_id") || !j.contains("kind")
      || !j["qty"].is_number() || !j["price"].is_number()) {
    const auto key = "line " + std::to_string(order_.size());
    order_.push_back(key);
    folded_[key] = line;
    return;
  }
  const auto key = j["kind"].get<std::string>() + "|" + j["order_id"].get<std::string>();
  const auto it = folded_.find(key);
  if (it == folded_.end()) {
    j["fills"] = 1;
    j["last_ts_ns"] = j.value("ts_ns", std::int64_t{0});
    order_.push_back(key);
    folded_[key] = j.dump(-1, ' ', false, invalid_utf8);
    return;
  }
  auto f = nlohmann::ordered_json::parse(it->second);
  const double q0 = f["qty"].get<double>(), q1 = j["qty"].get<double>();
  if (q0 + q1 > 0)
    f["price"] = (f["price"].get<double>() * q0 + j["price"].get<double>() * q1) / (q0 + q1);
  f["qty"] = q0 + q1;
  f["fee"] = f.value("fee", 0.0) + j.value("fee", 0.0);
  if (f.contains("realized_pnl"))
    f["realized_pnl"] = f.value("realized_pnl", 0.0) + j.value("realized_pnl", 0.0);
  f["fills"] = f["fills"].get<int>() + 1;
  f["last_ts_ns"] = j.value("ts_ns", std::int64_t{0});
  if (j.contains("position_after"))
    f["position_after"] = j["position_after"];
  it->second = f.dump(-1, ' ', false, invalid_utf8);
}

std::vector<std::string> fill_aggregator::lines() const {
  std::vector<std::string> out;
  out.reserve(order_.size());
  for (const auto& key : order_)
    out.push_back(folded_.at(key));
  return out;
}

} // namespace tickline
