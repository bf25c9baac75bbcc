#include "actors/ops/http_api_routes.hpp"

#include <chrono>
#include <memory>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/risk/risk_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/introspection.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<http_api_actor>*;
using json = nlohmann::json;

std::chrono::milliseconds timeout(self_ptr self) {
  return std::chrono::milliseconds{self->state.opts->http.request_timeout_ms};
}

http_response json_body(std::string body, unsigned status = 200) {
  http_response r;
  r.status = status;
  r.body = std::move(body);
  if (r.body.empty() || r.body.back() != '\n')
    r.body += "\n";
  return r;
}

std::string risk_label(self_ptr self) {
  if (!self->state.counters)
    return "";
  auto labels = self->state.counters->labels();
  auto it = labels.find("risk_state");
  return it == labels.end() ? "" : api_state_name(it->second);
}

void audit(self_ptr self, const http_request& req, const std::string& action, unsigned status,
           const std::string& reason) {
  auto& st = self->state;
  st.api.count_control(status);
  if (status < 300)
    spdlog::warn("http: control {} from {} accepted", action, req.remote);
  else
    spdlog::warn("http: control {} from {} refused ({}): {}", action, req.remote, status, reason);
  if (!st.opts->audit)
    return;
  try {
    st.opts->audit->append(http_api_state::audit_record(req, action, status, reason, st.clk->now_ns()));
  } catch (const std::exception& e) {
    spdlog::error("http: the audit journal failed: {}", e.what());
  }
}

// Asks `name` for its API view and answers with it; 503 when it is not running or does
// not answer in time.
void ask_view(self_ptr self, const std::string& name, std::uint64_t arg, http_reply reply) {
  auto h = self->state.registry->get(name);
  if (!h)
    return reply(http_response::error(503, name + " is not running"));
  self->request(h, timeout(self), query_atom::value, arg)
    .then([reply](const std::string& view) { reply(json_body(view)); },
          [reply, name](const caf::error& e) {
            reply(http_response::error(503, name + " did not answer: " + caf::to_string(e)));
          });
}

// The auditor's connections (an empty array when it is not running or silent).
template <class Done>
void with_connections(self_ptr self, Done done) {
  auto h = self->state.registry->get("auditor");
  if (!h)
    return done(json::array());
  self->request(h, timeout(self), query_atom::value, std::uint64_t{0})
    .then([done](const std::string& view) { done(json::parse(view, nullptr, false)); },
          [done](const caf::error&) { done(json::array()); });
}

// Whether the node's database takes writes, and how many failed since the start.
json storage_json(const std::shared_ptr<const store>& db) {
  if (!db)
    return nullptr;
  const auto error = db->write_error();
  return json{{"writable", error.empty()}, {"write_failures", db->write_failures()}, {"error", error}};
}

void status(self_ptr self, http_reply reply) {
  with_connections(self, [self, reply](json conns) {
    auto& st = self->state;
    auto figures = st.counters ? st.counters->figures() : std::map<std::string, double>{};
    auto figure = [&](const char* n) { return figures.count(n) ? figures.at(n) : 0.0; };
    auto count = [&](const std::atomic<std::uint64_t> node_counters::*c) {
      return st.counters ? ((*st.counters).*c).load() : 0;
    };
    json out{{"node", st.opts->node_name},
             {"mode", st.opts->mode},
             {"uptime_s", static_cast<double>(st.clk->now_ns() - st.started_ns) / 1e9},
             {"risk_state", risk_label(self)},
             {"equity", figure("equity")},
             {"pnl", figure("pnl")},
             {"realized_pnl", figure("realized_pnl")},
             {"open_positions", figure("open_positions")},
             {"open_orders", figure("open_orders")},
             {"storage", storage_json(st.opts->db)},
             {"orders", count(&node_counters::orders)},
             {"fills", count(&node_counters::fills)},
             {"ticks", count(&node_counters::ticks)},
             {"signals", count(&node_counters::signals)},
             {"restarts", count(&node_counters::restarts)},
             {"connections", conns.is_array() ? conns : json::array()}};
    reply(json_body(out.dump(-1, ' ', false, invalid_utf8)));
  });
}

void readyz(self_ptr self, http_reply reply) {
  auto problems = std::make_shared<std::vector<std::string>>();
  for (const auto& n : self->state.registry->nodes())
    if (n.status != node_status::running || !n.handle)
      problems->push_back(n.name + " is " + to_string(n.status));
  if (const auto& db = self->state.opts->db; db && !db->write_error().empty())
    problems->push_back("storage: writes fail (" + db->write_error() + "): no new entries");
  with_connections(self, [reply, problems](json conns) {
    if (conns.is_array())
      for (const auto& c : conns)
        if (c.value("status", "") != "up")
          problems->push_back(c.value("source", "?") + " is " + c.value("status", "?"));
    bool ready = problems->empty();
    reply(json_body(json{{"ready", ready}, {"problems", *problems}}.dump(-1, ' ', false, invalid_utf8), ready ? 200 : 503));
  });
}

void tree(self_ptr self, http_reply reply) {
  struct gather {
    std::vector<tree_node> nodes;
    std::size_t pending = 0;
    http_reply reply;
    void done() {
      if (--pending == 0)
        reply(json_body(tree_json(nodes)));
    }
  };
  auto g = std::make_shared<gather>();
  g->nodes = self->state.registry->nodes();
  g->reply = std::move(reply);
  g->pending = 1;  // released below, after every request is out
  for (std::size_t i = 0; i < g->nodes.size(); ++i) {
    if (!g->nodes[i].handle)
      continue;
    ++g->pending;
    self->request(g->nodes[i].handle, timeout(self), stats_atom::value)
      .then([g, i](std::int64_t mailbox) { g->nodes[i].mailbox = mailbox; g->done(); },
            [g](const caf::error&) { g->done(); });
  }
  g->done();
}

void actor(self_ptr self, const std::string& name, http_reply reply) {
  auto nodes = self->state.registry->nodes();
  auto it = std::find_if(nodes.begin(), nodes.end(), [&](const tree_node& n) { return n.name == name; });
  if (it == nodes.end())
    return reply(http_response::error(404, "no actor named " + name));
  json facts = json::parse(tree_json({*it}))[0];
  facts["state"] = nullptr;
  if (!it->handle || it->kind == "supervisor")
    return reply(json_body(facts.dump(-1, ' ', false, invalid_utf8)));
  self->request(it->handle, timeout(self), describe_atom::value)
    .then([reply, facts](const std::string& state) mutable {
            auto parsed = json::parse(state, nullptr, false);
            facts["state"] = parsed.is_discarded() ? json(state) : std::move(parsed);
            reply(json_body(facts.dump(-1, ' ', false, invalid_utf8)));
          },
          [reply, facts](const caf::error& e) mutable {
            facts["state_error"] = caf::to_string(e);
            reply(json_body(facts.dump(-1, ' ', false, invalid_utf8)));
          });
}

void control(self_ptr self, std::shared_ptr<api_request> w, const api_call& call) {
  auto risk = self->state.registry->get("risk_supervisor");
  const auto action = call.action;
  if (!risk) {
    const std::string why = "no risk supervisor is running (the strategy is off or restarting)";
    audit(self, w->req, action, 503, why);
    return w->reply(http_response::error(503, why));
  }
  // High priority: the command overtakes the market data queued at the risk supervisor
  // (what it then tells the order manager keeps normal order, so nothing approved before
  // the command can overtake the cancels). CAF 0.17's chrono overload of request drops
  // the priority: hence caf::duration.
  self->request<caf::message_priority::high>(risk, caf::duration{timeout(self)}, call.command)
    .then(
      [self, w, action]() {
        audit(self, w->req, action, 200, "applied");
        w->reply(json_body(
          json{{"ok", true}, {"action", action}, {"risk_state", risk_label(self)}}.dump(-1, ' ', false, invalid_utf8)));
      },
      [self, w, action](const caf::error& e) {
        const auto why = "the risk supervisor did not confirm: " + caf::to_string(e);
        audit(self, w->req, action, 503, why);
        w->reply(http_response::error(503, why));
      });
}

// Freeze, unfreeze or roll back the learning daemon's weights; audited like every control.
void learning_control(self_ptr self, std::shared_ptr<api_request> w, const api_call& call) {
  auto daemon = self->state.registry->get("learning_daemon");
  const auto action = call.action;
  if (!daemon) {
    const std::string why = "no learning daemon is running ([learning] mode is off, or it is restarting)";
    audit(self, w->req, action, 503, why);
    return w->reply(http_response::error(503, why));
  }
  const auto who = call.command.issuer + " (" + call.command.reason + ")";
  auto done = [self, w, action](const std::string& error) {
    if (!error.empty()) {
      audit(self, w->req, action, 409, error);
      return w->reply(http_response::error(409, error));
    }
    audit(self, w->req, action, 200, "applied");
    w->reply(json_body(json{{"ok", true}, {"action", action}}.dump(-1, ' ', false, invalid_utf8)));
  };
  auto failed = [self, w, action](const caf::error& e) {
    const auto why = "the learning daemon did not confirm: " + caf::to_string(e);
    audit(self, w->req, action, 503, why);
    w->reply(http_response::error(503, why));
  };
  if (call.learning_verb == "rollback")
    self->request(daemon, timeout(self), rollback_atom::value, call.version, who).then(done, failed);
  else
    self->request(daemon, timeout(self), freeze_atom::value, call.learning_verb == "freeze", who)
      .then(done, failed);
}

} // namespace

void serve(self_ptr self, api_request w, api_call call) {
  auto& st = self->state;
  auto& reply = w.reply;
  switch (call.route) {
    case api_route::answered:
      if (call.audited)
        audit(self, w.req, call.action, call.response.status, call.reason);
      return reply(std::move(call.response));
    case api_route::control:
      return control(self, std::make_shared<api_request>(std::move(w)), call);
    case api_route::learning_control:
      return learning_control(self, std::make_shared<api_request>(std::move(w)), call);
    case api_route::learning:
      return ask_view(self, "learning_daemon", 0, std::move(reply));
    case api_route::readyz:
      return readyz(self, std::move(reply));
    case api_route::metrics: {
      if (!st.opts->metrics_text)
        return reply(http_response::error(503, "metrics are not available in this node"));
      http_response r;
      r.content_type = "text/plain; version=0.0.4";
      r.body = st.opts->metrics_text();
      return reply(std::move(r));
    }
    case api_route::status:
      return status(self, std::move(reply));
    case api_route::tree:
      return tree(self, std::move(reply));
    case api_route::positions:
      return ask_view(self, "portfolio", 0, std::move(reply));
    case api_route::orders:
      return ask_view(self, "order_manager", 0, std::move(reply));
    case api_route::signals:
      return ask_view(self, "signal_log", call.since, std::move(reply));
    case api_route::risk:
      return ask_view(self, "risk_supervisor", 0, std::move(reply));
    case api_route::trades:
      return reply(json_body(st.api.trades_json()));
    case api_route::actor:
      return actor(self, call.name, std::move(reply));
  }
}

} // namespace tickline
