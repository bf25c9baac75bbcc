#include "actors/ops/http_api_state.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "actors/ops/http_static.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

const std::string api = "/api/v1/";
const std::string control_prefix = "/api/v1/control/";
// A control body carries a reason at most; the server's own limit is far larger.
constexpr std::size_t max_control_body = 4096;

bool listed(const std::vector<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The value of `key` in the target's query string; false when absent.
bool query_value(const std::string& target, const std::string& key, std::string& out) {
  auto q = target.find('?');
  if (q == std::string::npos)
    return false;
  std::size_t i = q + 1;
  while (i <= target.size()) {
    auto amp = std::min(target.find('&', i), target.size());
    auto pair = target.substr(i, amp - i);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      out = eq == std::string::npos ? "" : pair.substr(eq + 1);
      return true;
    }
    i = amp + 1;
  }
  return false;
}

http_response ok_json(const nlohmann::json& body) {
  http_response r;
  r.body = body.dump(-1, ' ', false, invalid_utf8) + "\n";
  return r;
}

const std::vector<std::string>& get_routes() {
  static const std::vector<std::string> names{"status", "tree",    "positions", "orders",
                                              "trades", "signals", "risk",      "learning"};
  return names;
}

} // namespace

http_api_settings http_api_settings::from_config(const http_config& c, std::string token,
                                                 std::vector<std::string> symbols,
                                                 std::uint16_t port) {
  http_api_settings s;
  s.token = std::move(token);
  s.static_dir = c.static_dir;
  s.symbols = std::move(symbols);
  s.allowed_hosts = c.allowed_hosts;
  if (s.allowed_hosts.empty()) {
    std::string host;
    std::uint16_t configured = 0;
    split_host_port(c.listen, host, configured);
    const auto p = std::to_string(port);
    s.allowed_hosts = {"127.0.0.1:" + p, "localhost:" + p};
    if (host != "0.0.0.0" && host != "::" && host != "127.0.0.1" && host != "localhost")
      s.allowed_hosts.push_back(host + ":" + p);
  }
  s.allowed_origins = c.allowed_origins;
  if (s.allowed_origins.empty())
    for (const auto& h : s.allowed_hosts)
      s.allowed_origins.push_back("http://" + h);
  return s;
}

http_api_state::http_api_state(http_api_settings settings, std::size_t max_trades)
  : settings_(std::move(settings)), max_trades_(std::max<std::size_t>(max_trades, 1)) {}

api_call http_api_state::refuse(api_call call, unsigned status, const std::string& why) {
  ++refused_;
  call.route = api_route::answered;
  call.reason = why;
  call.response = http_response::error(status, why);
  if (status == 401)
    call.response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"tickline\"");
  return call;
}

std::string http_api_state::allowlist_problem(const http_request& req) const {
  const auto& host = req.header("host");
  if (!listed(settings_.allowed_hosts, host))
    return host.empty() ? "a Host header is required" : "host " + host + " is not allowed";
  const auto& origin = req.header("origin");
  if (!origin.empty() && !listed(settings_.allowed_origins, origin))
    return "origin " + origin + " is not allowed";
  return {};
}

api_call http_api_state::route(const http_request& req, std::int64_t now_ns) {
  ++requests_;
  api_call call;
  const auto path = req.path();
  call.audited = starts_with(path, control_prefix);
  if (call.audited)
    call.action = path.substr(control_prefix.size());
  if (auto why = allowlist_problem(req); !why.empty())
    return refuse(std::move(call), 403, why);
  if (call.audited)
    return control(std::move(call), req, path, now_ns);
  const bool get = req.method == "GET" || req.method == "HEAD";
  auto route_to = [&](api_route r) {
    if (!get) {
      auto out = refuse(std::move(call), 405, req.method + " " + path + ": only GET is allowed");
      out.response.headers.emplace_back("Allow", "GET, HEAD");
      return out;
    }
    call.route = r;
    return std::move(call);
  };
  if (path == "/healthz") {
    call.response = ok_json({{"status", "alive"}});
    return route_to(api_route::answered);
  }
  if (path == "/readyz")
    return route_to(api_route::readyz);
  if (path == "/metrics")
    return route_to(api_route::metrics);
  if (starts_with(path, api)) {
    const auto rest = path.substr(api.size());
    const auto& names = get_routes();
    if (auto it = std::find(names.begin(), names.end(), rest); it != names.end()) {
      if (rest == "signals") {
        std::string since;
        if (query_value(req.target, "since", since) && !since.empty()) {
          auto [end, ec] = std::from_chars(since.data(), since.data() + since.size(), call.since);
          if (ec != std::errc{} || end != since.data() + since.size())
            return refuse(std::move(call), 400, "since: expected a sequence number, got \"" + since + "\"");
        }
      }
      return route_to(static_cast<api_route>(static_cast<int>(api_route::status)
                                             + static_cast<int>(it - names.begin())));
    }
    if (starts_with(rest, "actors/") && rest.size() > 7) {
      call.name = url_decode(rest.substr(7));
      return route_to(api_route::actor);
    }
    return refuse(std::move(call), 404, "no such endpoint: " + path);
  }
  if (!get)
    return refuse(std::move(call), 405, req.method + " " + path + ": only GET is allowed");
  call.response = static_file(settings_.static_dir, path);
  if (call.response.status >= 400)
    ++refused_;
  return call;
}

api_call http_api_state::control(api_call call, const http_request& req, const std::string& path,
                                 std::int64_t now_ns) {
  // Which action first, so that an unknown path is a 404 whoever asks.
  auto& cmd = call.command;
  const auto& a = call.action;
  static const std::vector<std::pair<std::string, control_kind>> plain{
    {"pause", control_kind::pause}, {"resume", control_kind::resume},
    {"halt", control_kind::halt}, {"emergency-stop", control_kind::emergency_stop},
    {"close-all", control_kind::close_all}};
  auto it = std::find_if(plain.begin(), plain.end(), [&](const auto& p) { return p.first == a; });
  if (it != plain.end()) {
    cmd.kind = it->second;
  } else if (a == "learning/freeze" || a == "learning/unfreeze" || a == "learning/rollback") {
    call.learning_verb = a.substr(9);
  } else if (starts_with(a, "symbols/")) {
    auto slash = a.rfind('/');
    auto sym = a.substr(8, slash - 8);
    auto verb = a.substr(slash + 1);
    if (slash <= 8 || (verb != "enable" && verb != "disable"))
      return refuse(std::move(call), 404, "no such control: " + path);
    if (!listed(settings_.symbols, sym))
      return refuse(std::move(call), 404, "unknown symbol " + sym);
    cmd.kind = verb == "enable" ? control_kind::enable_symbol : control_kind::disable_symbol;
    cmd.symbol = sym;
  } else {
    return refuse(std::move(call), 404, "no such control: " + path);
  }
  if (req.method != "POST") {
    auto out = refuse(std::move(call), 405, req.method + " " + path + ": control requests are POSTed");
    out.response.headers.emplace_back("Allow", "POST");
    return out;
  }
  if (req.body.size() > max_control_body)
    return refuse(std::move(call), 413, "a control body is at most " + std::to_string(max_control_body)
                                        + " bytes");
  const auto& auth = req.header("authorization");
  const std::string scheme = "Bearer ";
  if (auth.empty())
    return refuse(std::move(call), 401, "an Authorization: Bearer token is required");
  if (!starts_with(auth, scheme) || settings_.token.empty()
      || !constant_time_equal(settings_.token, auth.substr(scheme.size())))
    return refuse(std::move(call), 401, "the bearer token is wrong");
  cmd.reason = "http api";
  if (!req.body.empty()) {
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return refuse(std::move(call), 400, "body: expected a JSON object such as {\"reason\": \"...\"}");
    if (body.contains("reason")) {
      if (!body["reason"].is_string())
        return refuse(std::move(call), 400, "body: reason must be a string");
      cmd.reason = body["reason"].get<std::string>();
    }
    if (call.learning_verb == "rollback") {
      if (!body.contains("version") || !body["version"].is_number_unsigned())
        return refuse(std::move(call), 400, "body: version must be a model version (a whole number >= 0)");
      call.version = body["version"].get<std::uint64_t>();
    }
  } else if (call.learning_verb == "rollback") {
    return refuse(std::move(call), 400, "body: expected {\"version\": N} naming the model version to go back to");
  }
  cmd.issuer = "http " + req.remote;
  cmd.ts_ns = now_ns;
  call.route = call.learning_verb.empty() ? api_route::control : api_route::learning_control;
  return call;
}

std::string http_api_state::audit_record(const http_request& req, const std::string& action,
                                         unsigned status, const std::string& reason,
                                         std::int64_t now_ns) {
  const char* outcome = status < 300 ? "accepted" : status >= 500 ? "failed" : "refused";
  return nlohmann::json{{"ts_ns", now_ns},
                        {"remote", req.remote},
                        {"method", req.method},
                        {"path", req.path()},
                        {"action", action},
                        {"status", status},
                        {"outcome", outcome},
                        {"reason", reason}}
    .dump(-1, ' ', false, invalid_utf8);
}

void http_api_state::on_trade_closed(const closed_trade& t) {
  trades_.push_back(t);
  while (trades_.size() > max_trades_)
    trades_.pop_front();
}

std::string http_api_state::trades_json() const {
  auto out = nlohmann::json::array();
  for (const auto& t : trades_)
    out.push_back({{"symbol", t.symbol},
                   {"side", t.sd == side::buy ? "long" : "short"},
                   {"qty", t.qty},
                   {"entry_price", t.entry_price},
                   {"exit_price", t.exit_price},
                   {"entry_ns", t.entry_ns},
                   {"exit_ns", t.exit_ns},
                   {"pnl", t.pnl},
                   {"fees", t.fees},
                   {"entry_tag", t.entry_tag},
                   {"exit_reason", t.exit_reason}});
  return out.dump(-1, ' ', false, invalid_utf8) + "\n";
}

void http_api_state::count_control(unsigned status) {
  if (status < 300)
    ++controls_accepted_;
  else
    ++controls_refused_;
}

} // namespace tickline
