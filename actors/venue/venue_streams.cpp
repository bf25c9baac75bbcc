#include "actors/venue/venue_streams.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "actors/broker/exchange_filters.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Whether `name` ("btcusdt@trade") names a served symbol (lower-case) and kind.
bool known_stream(const std::string& name, const std::vector<std::string>& symbols) {
  auto at = name.find('@');
  if (at == std::string::npos)
    return false;
  const auto kind = name.substr(at + 1);
  if (kind != "trade" && kind != "aggTrade")
    return false;
  const auto sym = upper(name.substr(0, at));
  return std::find(symbols.begin(), symbols.end(), sym) != symbols.end() && lower(sym) == name.substr(0, at);
}

std::string decimal_text(double x) { return decimal8::from_double(x).str(); }

} // namespace

std::optional<venue_stream_request> parse_stream_target(const std::string& target,
                                                        const std::vector<std::string>& symbols,
                                                        std::string& why) {
  venue_stream_request out;
  std::vector<std::string> names;
  const auto q = target.find('?');
  const auto path = target.substr(0, q);
  if (path.rfind("/ws/", 0) == 0) {
    names.push_back(path.substr(4));
  } else if (path == "/stream") {
    out.combined = true;
    const auto query = q == std::string::npos ? std::string{} : target.substr(q + 1);
    const std::string key = "streams=";
    auto k = query.find(key);
    if (k == std::string::npos || (k > 0 && query[k - 1] != '&')) {
      why = "no streams= in " + target;
      return std::nullopt;
    }
    auto v = query.substr(k + key.size());
    v = v.substr(0, v.find('&'));
    std::size_t start = 0;
    while (start <= v.size()) {
      auto slash = v.find('/', start);
      names.push_back(v.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
      if (slash == std::string::npos)
        break;
      start = slash + 1;
    }
  } else {
    why = "no market stream at " + path;
    return std::nullopt;
  }
  for (const auto& n : names) {
    if (!known_stream(n, symbols)) {
      why = "unknown stream \"" + n + "\" (served: <symbol>@trade, <symbol>@aggTrade)";
      return std::nullopt;
    }
    out.streams.insert(n);
  }
  return out;
}

std::vector<std::string> stream_frames(const venue_stream_request& req, const trade_tick& t,
                                       std::int64_t event_ms) {
  std::vector<std::string> out;
  const auto base = lower(t.symbol);
  const auto time_ms = t.ts_ns / 1'000'000;
  const bool buyer_maker = t.aggressor == side::sell;
  auto emit = [&](const std::string& name, nlohmann::ordered_json data) {
    if (!req.streams.count(name))
      return;
    if (req.combined)
      out.push_back(nlohmann::ordered_json{{"stream", name}, {"data", std::move(data)}}.dump(-1, ' ', false, invalid_utf8));
    else
      out.push_back(data.dump(-1, ' ', false, invalid_utf8));
  };
  emit(base + "@trade", nlohmann::ordered_json{{"e", "trade"},
                                               {"E", event_ms},
                                               {"s", t.symbol},
                                               {"t", t.trade_id},
                                               {"p", decimal_text(t.price)},
                                               {"q", decimal_text(t.qty)},
                                               {"T", time_ms},
                                               {"m", buyer_maker},
                                               {"M", true}});
  emit(base + "@aggTrade", nlohmann::ordered_json{{"e", "aggTrade"},
                                                  {"E", event_ms},
                                                  {"s", t.symbol},
                                                  {"a", t.trade_id},
                                                  {"p", decimal_text(t.price)},
                                                  {"q", decimal_text(t.qty)},
                                                  {"f", t.trade_id},
                                                  {"l", t.trade_id},
                                                  {"T", time_ms},
                                                  {"m", buyer_maker},
                                                  {"M", true}});
  return out;
}

} // namespace tickline
