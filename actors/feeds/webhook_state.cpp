#include "actors/feeds/webhook_state.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "actors/feeds/json_number.hpp"

#include "runtime/net/http_server.hpp"

namespace tickline {

using json = nlohmann::json;

namespace {

constexpr std::size_t max_message = 1000;


std::optional<direction> direction_of(std::string action) {
  std::transform(action.begin(), action.end(), action.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (action == "buy" || action == "long")
    return direction::long_;
  if (action == "sell" || action == "short")
    return direction::short_;
  if (action == "exit" || action == "close" || action == "flat")
    return direction::neutral;
  return std::nullopt;
}

} // namespace

std::map<std::string, std::uint64_t> webhook_counts::by_name() const {
  return {{"accepted", accepted}, {"bad_json", bad_json}, {"bad_secret", bad_secret},
          {"bad_field", bad_field}, {"unknown_symbol", unknown_symbol},
          {"too_large", too_large}, {"malformed", malformed}};
}

void webhook_state::on_refused(unsigned status) {
  if (status == 413)
    ++counts_.too_large;
  else
    ++counts_.malformed;
}

webhook_state::webhook_state(std::string feed, std::string secret, std::vector<std::string> symbols)
  : feed_(std::move(feed)), secret_(std::move(secret)), symbols_(std::move(symbols)) {}

webhook_outcome webhook_state::refuse(std::uint64_t& counter, unsigned status, std::string why) {
  ++counter;
  return {status, std::move(why), std::nullopt};
}

webhook_outcome webhook_state::on_alert(const std::string& body, const std::string& header_secret,
                                        std::int64_t now_ns) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return refuse(counts_.bad_json, 400, "the body is not a JSON object");
  std::string given = header_secret;
  auto s = j.find("secret");
  if (given.empty() && s != j.end() && s->is_string())
    given = s->get<std::string>();
  // An empty configured secret never matches: the config requires one.
  if (secret_.empty() || !constant_time_equal(secret_, given))
    return refuse(counts_.bad_secret, 401, "missing or wrong secret");

  auto sym = j.find("symbol");
  if (sym == j.end() || !sym->is_string() || sym->get_ref<const std::string&>().empty())
    return refuse(counts_.bad_field, 422, "\"symbol\" must be a non-empty string");
  std::string symbol = sym->get<std::string>();
  if (auto colon = symbol.rfind(':'); colon != std::string::npos)
    symbol = symbol.substr(colon + 1);  // "BINANCE:BTCUSDT"
  std::transform(symbol.begin(), symbol.end(), symbol.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (std::find(symbols_.begin(), symbols_.end(), symbol) == symbols_.end())
    return refuse(counts_.unknown_symbol, 422, "symbol " + symbol + " is not traded by this node");

  auto act = j.find("action");
  auto dir = act != j.end() && act->is_string() ? direction_of(act->get<std::string>()) : std::nullopt;
  if (!dir)
    return refuse(counts_.bad_field, 422, "\"action\" must be buy, long, sell, short, exit, close or flat");
  // Nothing acts on an exit alert (the strategy drops neutral signals): refusing it says
  // so, where a 202 would claim it was acted on.
  if (*dir == direction::neutral)
    return refuse(counts_.bad_field, 422,
                  "exit alerts (exit, close, flat) are not acted on: positions close through "
                  "their brackets, or POST /api/v1/control/close-all");
  double price = 0;
  auto p = j.find("price");
  if (p == j.end() || !json_number(*p, price) || !(price > 0))
    return refuse(counts_.bad_field, 422, "\"price\" must be a number > 0");
  double strength = 1, confidence = 1;
  for (auto [key, out] : {std::pair{"strength", &strength}, std::pair{"confidence", &confidence}}) {
    auto v = j.find(key);
    if (v != j.end() && (!json_number(*v, *out) || *out < 0 || *out > 1))
      return refuse(counts_.bad_field, 422, std::string("\"") + key + "\" must be a number in [0,1]");
  }
  auto msg = j.find("message");
  if (msg != j.end() && (!msg->is_string() || msg->get_ref<const std::string&>().size() > max_message))
    return refuse(counts_.bad_field, 422, "\"message\" must be a string of at most 1000 bytes");

  ++counts_.accepted;
  signal sig;
  sig.kind = signal_kind::external;
  sig.name = "tradingview";
  sig.symbol = symbol;
  sig.dir = *dir;
  sig.strength = strength;
  sig.confidence = confidence;
  sig.price = price;
  sig.ts_ns = now_ns;
  sig.source = feed_;
  sig.features["alert"] = static_cast<double>(++seq_);
  std::string text = msg != j.end() ? msg->get<std::string>() : "";
  return {202, "alert " + std::to_string(seq_) + " accepted" + (text.empty() ? "" : ": " + text),
          std::move(sig)};
}

} // namespace tickline
