#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/deque.hpp>

#include "config/config.hpp"
#include "messages/control.hpp"
#include "messages/portfolio.hpp"
#include "runtime/net/http_server.hpp"

namespace tickline {

/// What the HTTP API is configured with, resolved: the token known, the lists derived.
struct http_api_settings {
  std::string token;                        ///< Bearer token of the control endpoints.
  std::vector<std::string> allowed_hosts;   ///< Host header values answered.
  std::vector<std::string> allowed_origins; ///< Origin header values accepted.
  std::string static_dir;                   ///< Dashboard files; empty = the built-in page.
  std::vector<std::string> symbols;         ///< Symbols that can be enabled or disabled.

  /// The settings of `c` with `token`; empty lists are derived from `c.listen`'s host and
  /// the bound `port`.
  static http_api_settings from_config(const http_config& c, std::string token,
                                       std::vector<std::string> symbols, std::uint16_t port);
};

/// What a request needs from the node.
enum class api_route : std::uint8_t {
  answered,   ///< Nothing: the response is ready.
  readyz, metrics, status, tree, positions, orders, trades, signals, risk, learning, actor,
  control,    ///< An accepted control request: send `command`, then audit and answer.
  /// An accepted learning control (freeze, unfreeze, rollback): ask the learning daemon,
  /// then audit and answer.
  learning_control,
};

/// The outcome of routing one request.
struct api_call {
  api_route route = api_route::answered;
  http_response response;     ///< route == answered: the answer.
  std::string name;           ///< actor: its name.
  std::uint64_t since = 0;    ///< signals: only those with a greater sequence.
  control_command command;    ///< control: what to send to the risk supervisor.
  std::string action;         ///< A control path's action ("pause", "symbols/BTCUSDT/enable").
  std::string learning_verb;  ///< learning_control: "freeze", "unfreeze" or "rollback".
  std::uint64_t version = 0;  ///< learning_control rollback: the model version.
  std::string reason;         ///< Why it was refused, when it was.
  bool audited = false;       ///< A control path: the outcome goes to the audit journal.
};

/// The HTTP API's rules without any I/O: which path is what, who may call it (Host and
/// Origin allowlists, the bearer token compared in constant time), the audit record of a
/// control request, and the recent closed trades it serves. No CAF.
class http_api_state {
public:
  http_api_state() = default;
  /// An API with `settings`; keeps the latest `max_trades` closed trades. Default: 1000.
  explicit http_api_state(http_api_settings settings, std::size_t max_trades = 1000);

  /// Replaces the settings (once the port is bound); the snapshotted fields stay.
  void set_settings(http_api_settings settings) { settings_ = std::move(settings); }

  /// Routes `req` (received at `now_ns`): a ready answer (health, errors, static files,
  /// refusals: 403 Host/Origin, 401 token, 404 path, 405 method, 400 bad query or body) or
  /// the route to ask the node. Every refusal and answer is counted.
  api_call route(const http_request& req, std::int64_t now_ns);

  /// The audit record of a control request answered `status`: one JSON line with ts_ns,
  /// remote, method, path, action, status, outcome ("accepted"/"refused"/"failed") and
  /// reason. Never carries the token.
  static std::string audit_record(const http_request& req, const std::string& action,
                                  unsigned status, const std::string& reason, std::int64_t now_ns);

  /// Keeps `t` among the recent closed trades (the oldest one goes when full).
  void on_trade_closed(const closed_trade& t);
  /// The recent closed trades as a JSON array, oldest first.
  std::string trades_json() const;
  /// Counts a control request's final outcome (accepted when `status` is 2xx).
  void count_control(unsigned status);

  const std::deque<closed_trade>& trades() const { return trades_; }
  std::uint64_t requests() const { return requests_; }
  std::uint64_t refused() const { return refused_; }
  std::uint64_t controls_accepted() const { return controls_accepted_; }
  std::uint64_t controls_refused() const { return controls_refused_; }
  const http_api_settings& settings() const { return settings_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(max_trades_, trades_, requests_, refused_, controls_accepted_, controls_refused_);
  }

private:
  api_call refuse(api_call call, unsigned status, const std::string& why);
  api_call control(api_call call, const http_request& req, const std::string& path,
                   std::int64_t now_ns);
  std::string allowlist_problem(const http_request& req) const;

  http_api_settings settings_;
  std::size_t max_trades_ = 1000;
  std::deque<closed_trade> trades_;
  std::uint64_t requests_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t controls_accepted_ = 0;
  std::uint64_t controls_refused_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::http_api_state, 1);
