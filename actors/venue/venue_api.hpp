#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include <nlohmann/json_fwd.hpp>

#include "actors/venue/venue_state.hpp"
#include "runtime/net/http_server.hpp"

namespace tickline {

/// Faults the venue injects, set through `POST /venue/faults` (JSON of these names; the
/// account's key in X-MBX-APIKEY). Counts are of the next requests they apply to.
struct venue_faults {
  /// New orders accepted and booked, then answered 503 with -1006 (status unknown).
  int error_after_accept = 0;
  /// New orders accepted and booked, then answered only after `delay_ms` (a client with
  /// a shorter timeout sees none).
  int delay_after_accept = 0;
  std::int64_t delay_ms = 0;
  /// Requests answered 429 (418 when `ban`) with Retry-After `retry_after_s`, untouched.
  int throttle = 0;
  bool ban = false;
  int retry_after_s = 1;
  /// Closes every user data stream connection now (they may connect and subscribe again).
  bool drop_streams = false;
  /// The next executionReports go out only after `delay_ms` (the orders change at once).
  int delay_reports = 0;
  /// When > 0, the whole set is armed again every `every_s` seconds (a standing fault
  /// schedule, as from `tickline venue --faults FILE`); 0 = once.
  int every_s = 0;
};

/// Reads `j` (an object of venue_faults' names; others are refused) into `out`; returns
/// an empty string, or what is wrong, naming the key.
std::string parse_venue_faults(const nlohmann::json& j, venue_faults& out);
/// `f` as JSON, with the names parse_venue_faults reads.
nlohmann::json venue_faults_json(const venue_faults& f);

/// The one account the local venue serves.
struct venue_credentials {
  std::string api_key;
  /// The HMAC-SHA256 secret, or the PEM public key of an Ed25519 API key (signatures
  /// in base64 then); never logged, never answered.
  std::string secret;
};

/// Binance spot's REST API over a venue_state: `GET /api/v3/ping`, `time`,
/// `exchangeInfo`, `ticker/price`; signed `POST|GET|DELETE /api/v3/order`,
/// `GET /api/v3/openOrders`, `allOrders`, `account`, `myTrades`. Signed requests are checked as
/// Binance checks them: the `X-MBX-APIKEY` header (-2014, -2015), the HMAC-SHA256
/// signature over the query string followed by the body, in the order sent (-1022),
/// `timestamp` (ms, or µs when it has 16 digits) within `recvWindow` (default 5000, at
/// most 60000) of the server's time and less than 1 s ahead of it (-1021, -1131).
/// Errors are `{"code", "msg"}` with Binance's codes and HTTP statuses; every answer
/// carries `X-MBX-USED-WEIGHT-1M` and order requests `X-MBX-ORDER-COUNT-10S` and
/// `-1D`. `POST /venue/faults` sets venue_faults. Not thread-safe: the server calls it
/// under one lock.
class venue_api {
public:
  venue_api(venue_state& state, venue_credentials credentials, std::function<std::int64_t()> now_ms);

  http_response handle(const http_request& req);
  /// How long the answer just made is to be held back (fault injection); 0 mostly.
  std::int64_t hold_ms() const { return hold_ms_; }
  const venue_faults& faults() const { return faults_; }
  /// Sets the faults the next requests meet (and, with every_s, their schedule) at `now_ms`.
  void set_faults(const venue_faults& f, std::int64_t now_ms);
  /// Arms a fault schedule's set again once every_s has passed since it last was.
  void rearm(std::int64_t now_ms);
  /// Whether the last request asked to drop the streams (and forgets it).
  bool take_drop_streams() { return std::exchange(faults_.drop_streams, false); }
  /// How late the next executionReport goes out: 0, or delay_ms while delay_reports lasts.
  std::int64_t take_report_delay() {
    if (faults_.delay_reports <= 0)
      return 0;
    --faults_.delay_reports;
    return faults_.delay_ms;
  }

  /// One request of the WebSocket API (`/ws-api/v3`: `ping`, `time`,
  /// `userDataStream.subscribe.signature` with apiKey, timestamp, recvWindow and an HMAC
  /// over the other parameters sorted by name, `userDataStream.unsubscribe`); answers it
  /// in Binance's `{"id", "status", "result" | "error"}` shape. `subscribed` is set to the
  /// new subscription's id when one is made, and to 0 when unsubscribed.
  std::string handle_ws(const std::string& text, std::int64_t& subscribed);

  /// Requests answered, and signed ones refused for their key, signature or time.
  std::uint64_t requests() const { return requests_; }
  std::uint64_t auth_failures() const { return auth_failures_; }

private:
  struct counters {
    std::int64_t window = -1;
    std::int64_t used = 0;
  };
  std::int64_t count(counters& c, std::int64_t window, std::int64_t add);

  venue_state& state_;
  venue_credentials cred_;
  std::function<std::int64_t()> now_ms_;
  http_response set_faults(const http_request& req);
  http_response handle_checked(const http_request& req);

  counters weight_1m_, orders_10s_, orders_1d_;
  venue_faults faults_;
  venue_faults schedule_;            ///< What every_s arms again; every_s 0 = nothing.
  std::int64_t armed_ms_ = 0;        ///< When the schedule was last armed.
  std::int64_t hold_ms_ = 0;
  std::uint64_t requests_ = 0, auth_failures_ = 0;
  std::int64_t next_subscription_ = 1;
};

} // namespace tickline
