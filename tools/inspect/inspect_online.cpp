// tickline-inspect's online commands: a running node's JSON API (docs/api in #7).

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "runtime/net/http_client.hpp"
#include "tools/inspect/inspect_commands.hpp"
#include "tools/inspect/inspect_table.hpp"
#include "messages/json_text.hpp"

namespace tickline::cli {

using json = nlohmann::ordered_json;

namespace {

// A JSON answer, or the exit status to return when there is none worth reading.
struct api_answer {
  json body;
  int status = inspect_ok;
};

std::string token_of(const inspect_options& o) {
  if (!o.token.empty())
    return o.token;
  const char* env = std::getenv("TICKLINE_API_TOKEN");
  return env ? env : "";
}

// Sends one request and explains every way it can fail: the node not reachable, a refusal
// (401, 403, 404, ...) with the API's {"error"} message, an answer that is not JSON.
api_answer call(const inspect_options& o, const std::string& method, const std::string& path) {
  std::string error;
  auto url = parse_http_url(o.url, error);
  if (!url) {
    std::cerr << "tickline-inspect: --url: " << error << "\n";
    return {{}, inspect_bad_input};
  }
  http_client_request req;
  req.method = method;
  req.target = (url->target == "/" ? "" : url->target) + path;
  if (auto t = token_of(o); !t.empty())
    req.headers.emplace_back("Authorization", "Bearer " + t);
  auto res = http_fetch(*url, req, std::chrono::milliseconds{o.timeout_ms});
  const std::string where = method + " " + o.url + path;
  if (!res.error.empty()) {
    std::cerr << "tickline-inspect: cannot reach the node at " << o.url << ": " << res.error
              << " (is it running? its address is [http] listen)\n";
    return {{}, inspect_problem};
  }
  auto body = json::parse(res.body, nullptr, false);
  if (res.status < 200 || res.status >= 300) {
    std::string why = body.is_object() && body.contains("error") && body["error"].is_string()
                        ? body["error"].get<std::string>()
                        : res.body.substr(0, 200);
    std::cerr << "tickline-inspect: " << where << ": refused with " << res.status << ": " << why;
    if (res.status == 401)
      std::cerr << " (give --token or set TICKLINE_API_TOKEN)";
    std::cerr << "\n";
    return {{}, inspect_problem};
  }
  if (body.is_discarded()) {
    std::cerr << "tickline-inspect: " << where << ": the answer is not JSON: "
              << res.body.substr(0, 200) << "\n";
    return {{}, inspect_bad_input};
  }
  return {std::move(body), inspect_ok};
}

// The value of `key` in `j` as table text: strings as they are, numbers formatted.
std::string cell(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key))
    return "-";
  const auto& v = j[key];
  if (v.is_string())
    return v.get<std::string>();
  if (v.is_number_integer())
    return std::to_string(v.get<std::int64_t>());
  if (v.is_number())
    return format_number(v.get<double>());
  if (v.is_boolean())
    return v.get<bool>() ? "true" : "false";
  return v.is_null() ? "-" : v.dump(-1, ' ', false, invalid_utf8);
}

bool expect_array(const json& j, const std::string& what) {
  if (j.is_array())
    return true;
  std::cerr << "tickline-inspect: " << what << ": expected a JSON array, got " << j.type_name()
            << "\n";
  return false;
}

int print(const inspect_options& o, const json& shown, const std::vector<std::string>& header,
          const std::vector<std::vector<std::string>>& rows) {
  if (o.json)
    std::cout << shown.dump(2, ' ', false, invalid_utf8) << "\n";
  else
    std::cout << render_table(header, rows);
  return inspect_ok;
}

} // namespace

int run_tree(const inspect_options& o, const std::string& view) {
  auto a = call(o, "GET", "/api/v1/tree");
  if (a.status != inspect_ok)
    return a.status;
  if (!expect_array(a.body, "/api/v1/tree"))
    return inspect_bad_input;
  std::map<std::string, std::string> parent;
  for (const auto& n : a.body)
    parent[cell(n, "name")] = n.value("parent", "");
  auto depth = [&](std::string name) {
    std::size_t d = 0;
    while (!(name = parent[name]).empty() && d < 64)
      ++d;
    return d;
  };
  std::vector<json> nodes(a.body.begin(), a.body.end());
  if (view == "restarts") {
    nodes.erase(std::remove_if(nodes.begin(), nodes.end(),
                               [](const json& n) { return n.value("restarts", 0) == 0; }),
                nodes.end());
    std::stable_sort(nodes.begin(), nodes.end(), [](const json& x, const json& y) {
      return x.value("restarts", 0) > y.value("restarts", 0);
    });
  } else if (view == "mailboxes") {
    std::stable_sort(nodes.begin(), nodes.end(), [](const json& x, const json& y) {
      return x.value("mailbox", 0) > y.value("mailbox", 0);
    });
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& n : nodes) {
    const auto name = cell(n, "name");
    if (view == "tree")
      rows.push_back({std::string(2 * depth(name), ' ') + name, cell(n, "kind"), cell(n, "status"),
                      cell(n, "restarts"), cell(n, "mailbox"), cell(n, "snapshot_seq")});
    else if (view == "restarts")
      rows.push_back({name, cell(n, "kind"), cell(n, "status"), cell(n, "restarts")});
    else
      rows.push_back({name, cell(n, "kind"), cell(n, "mailbox")});
  }
  if (view == "restarts" && rows.empty() && !o.json) {
    std::cout << "no restarts (" << a.body.size() << " actors)\n";
    return inspect_ok;
  }
  if (view == "tree")
    return print(o, a.body, {"NAME", "KIND", "STATUS", "RESTARTS", "MAILBOX", "SNAPSHOT"}, rows);
  if (view == "restarts")
    return print(o, json(nodes), {"NAME", "KIND", "STATUS", "RESTARTS"}, rows);
  return print(o, json(nodes), {"NAME", "KIND", "MAILBOX"}, rows);
}

int run_actor(const inspect_options& o) {
  auto a = call(o, "GET", "/api/v1/actors/" + o.actor);
  if (a.status != inspect_ok)
    return a.status;
  std::cout << a.body.dump(o.json ? -1 : 2, ' ', false, invalid_utf8) << "\n";
  return inspect_ok;
}

int run_positions(const inspect_options& o) {
  auto a = call(o, "GET", "/api/v1/positions");
  if (a.status != inspect_ok)
    return a.status;
  if (!expect_array(a.body, "/api/v1/positions"))
    return inspect_bad_input;
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : a.body)
    rows.push_back({cell(p, "symbol"), cell(p, "qty"), cell(p, "avg_price"), cell(p, "last_price"),
                    cell(p, "unrealized_pnl"), cell(p, "realized_pnl")});
  if (rows.empty() && !o.json) {
    std::cout << "no open positions\n";
    return inspect_ok;
  }
  return print(o, a.body, {"SYMBOL", "QTY", "AVG PRICE", "LAST", "UNREALIZED", "REALIZED"}, rows);
}

int run_control(const inspect_options& o) {
  auto a = call(o, "POST", "/api/v1/control/" + o.action);
  if (a.status != inspect_ok)
    return a.status;
  if (o.json)
    std::cout << a.body.dump(2, ' ', false, invalid_utf8) << "\n";
  else
    std::cout << "ok: " << cell(a.body, "action") << " (risk state " << cell(a.body, "risk_state")
              << ")\n";
  return inspect_ok;
}

int run_learning_online(const inspect_options& o) {
  auto a = call(o, "GET", "/api/v1/learning");
  if (a.status != inspect_ok)
    return a.status;
  return print_learning(o, a.body.dump(-1, ' ', false, invalid_utf8));
}

} // namespace tickline::cli
