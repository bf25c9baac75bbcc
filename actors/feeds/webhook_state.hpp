#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "messages/signals.hpp"

namespace tickline {

/// Alerts a webhook feed has received, by outcome.
struct webhook_counts {
  std::uint64_t accepted = 0;
  std::uint64_t bad_json = 0;        ///< Not a JSON object.
  std::uint64_t bad_secret = 0;      ///< Missing or wrong shared secret.
  std::uint64_t bad_field = 0;       ///< Missing or invalid symbol, action, price...
  std::uint64_t unknown_symbol = 0;  ///< A symbol the node does not trade.
  std::uint64_t too_large = 0;       ///< Refused by the server before judging: body over the limit (413).
  std::uint64_t malformed = 0;       ///< Refused by the server: not HTTP, or headers too large (400, 431).

  /// All counters by name, for stats and the summary.
  std::map<std::string, std::uint64_t> by_name() const;

  template <class Archive>
  void serialize(Archive& ar) { ar(accepted, bad_json, bad_secret, bad_field, unknown_symbol); }
};

/// What becomes of one alert: the HTTP status and message to answer, and the signal when
/// it was accepted.
struct webhook_outcome {
  unsigned status = 202;
  std::string message;
  std::optional<signal> sig;
};

/// Checks TradingView-style alerts and turns them into signals. An alert is a JSON
/// object: `secret` (or the X-Tickline-Secret header), `symbol` ("BTCUSDT" or
/// "BINANCE:BTCUSDT"), `action` (buy, long, sell, short, exit, close, flat), `price`
/// (number or numeric string, > 0), optional `message` (logged), optional `strength` and
/// `confidence` in [0,1] (default 1). No CAF; the time is given.
class webhook_state {
public:
  webhook_state() = default;
  /// A feed named `feed` accepting alerts signed with `secret` for `symbols`.
  webhook_state(std::string feed, std::string secret, std::vector<std::string> symbols);

  /// Judges one request body; `header_secret` is the X-Tickline-Secret header or "".
  webhook_outcome on_alert(const std::string& body, const std::string& header_secret,
                           std::int64_t now_ns);

  const webhook_counts& counts() const { return counts_; }
  /// Counts a request the HTTP server refused before it reached the feed: `status` 413
  /// (too large) or another (malformed).
  void on_refused(unsigned status);

  /// The counts and the alert sequence survive restarts; the secret comes from config.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(counts_, seq_);
    // Version 2: what the server refused.
    if (version >= 2)
      ar(counts_.too_large, counts_.malformed);
  }

private:
  webhook_outcome refuse(std::uint64_t& counter, unsigned status, std::string why);

  std::string feed_;
  std::string secret_;
  std::vector<std::string> symbols_;
  webhook_counts counts_;
  std::uint64_t seq_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::webhook_state, 2);
