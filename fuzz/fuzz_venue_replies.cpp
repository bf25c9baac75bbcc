// The venue's REST replies and user-stream reports on any bytes, through the Binance
// adapter's order bookkeeping (classify_reply, then binance_order_tracker). Each input
// line is one message about the order "tl-1-o1": "P<status> <body>" the answer to its
// POST, "Q<status> <body>" the answer to a query, "E<body>" an executionReport. Whatever
// the venue says, every fill passed on must be a positive quantity at a positive price,
// and the fills must add up to what the tracker holds as executed.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "actors/broker/binance_order_tracker.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace tickline;

namespace {

const std::string id = "tl-1-o1";

http_client_response reply(std::string_view line) {
  http_client_response res;
  unsigned status = 0;
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] >= '0' && line[i] <= '9')
    status = status * 10 + static_cast<unsigned>(line[i++] - '0');
  res.status = status;
  if (i < line.size() && line[i] == ' ')
    ++i;
  res.body = std::string(line.substr(i));
  if (status == 0)
    res.error = "connection reset";
  return res;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  binance_order_tracker t;
  order_request req;
  req.client_order_id = id;
  req.symbol = "BTCUSDT";
  req.sd = side::buy;
  req.type = order_type::limit;
  req.qty = 1;
  req.limit_price = 50'000;
  std::string why;
  std::int64_t now_ms = 1'700'000'000'000;
  fuzz::require(t.begin(req, now_ms, why), "a first order refused");
  double filled = 0;
  std::string_view all{reinterpret_cast<const char*>(data), size};
  while (!all.empty()) {
    const auto nl = all.find('\n');
    const auto line = all.substr(0, nl);
    all = nl == std::string_view::npos ? std::string_view{} : all.substr(nl + 1);
    if (line.empty())
      continue;
    now_ms += 300;
    tracker_events ev;
    if (line[0] == 'P') {
      ev = t.on_place(id, classify_reply(reply(line.substr(1))), now_ms);
    } else if (line[0] == 'Q') {
      ev = t.on_query(id, classify_reply(reply(line.substr(1))), now_ms);
    } else if (line[0] == 'E') {
      const auto j = nlohmann::json::parse(line.substr(1), nullptr, false);
      if (j.is_discarded())
        continue;
      ev = t.on_execution(j, now_ms);
    } else {
      continue;
    }
    for (const auto& f : ev.fills) {
      fuzz::require(f.client_order_id == id, "a fill for an order not sent");
      fuzz::require(fuzz::positive(f.qty), "a fill without a positive quantity");
      fuzz::require(fuzz::positive(f.price), "a fill without a positive price");
      fuzz::require(std::isfinite(f.fee), "a fill with a fee that is not a number");
      filled += f.qty;
    }
    t.due(now_ms);
  }
  if (const auto* o = t.find(id))
    fuzz::require(std::abs(o->executed.value() - filled) <= 1e-6 * std::max(1.0, filled),
                  "fills passed on do not add up to the executed quantity");
  fuzz::require(filled <= req.qty + 1e-9, "fills beyond the order's quantity passed on");
  return 0;
}
