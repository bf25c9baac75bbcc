#include "actors/feeds/webhook_feed.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "actors/feeds/feed_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<webhook_feed_actor>*;

http_response answer(unsigned status, const std::string& message) {
  if (status >= 400)
    return http_response::error(status, message);
  http_response r;
  r.status = status;
  r.body = nlohmann::json{{"result", message}}.dump(-1, ' ', false, invalid_utf8) + "\n";
  return r;
}

void on_requests(self_ptr self, const clock_ptr& clk) {
  auto& st = self->state;
  st.refused->drain(st.refused_drained);
  for (auto status : st.refused_drained)
    st.alerts.on_refused(status);
  st.requests->drain(st.drained);
  for (auto& w : st.drained) {
    auto out = st.alerts.on_alert(w.req.body, w.req.header("x-tickline-secret"), clk->now_ns());
    if (out.sig) {
      // Answer 202 only once the signal log has the alert (it journals before it
      // answers), so an accepted alert is never lost.
      caf::actor sink;
      for (auto& d : st.signal_sinks.get())
        if (d)
          sink = d;
      if (!sink) {
        w.reply(answer(503, "no signal sink is running; send the alert again"));
        continue;
      }
      if (st.counters)
        node_counters::add(st.counters->signals);
      spdlog::info("{}: {} {} from {}", st.snap.name(), out.message, out.sig->symbol, w.req.remote);
      auto reply = std::move(w.reply);
      auto message = out.message;
      self->request(sink, std::chrono::seconds{5}, std::vector<signal>{*out.sig})
        .then([reply, message]() { reply(answer(202, message)); },
              [reply](const caf::error&) { reply(answer(503, "the signal log did not confirm; send the alert again")); });
      continue;
    }
    spdlog::warn("{}: refused alert from {}: {}", st.snap.name(), w.req.remote, out.message);
    w.reply(answer(out.status, out.message));
  }
  st.drained.clear();
  if (st.counters)
    st.counters->set_feed_counts(st.snap.name(), st.alerts.counts().by_name());
  st.snap.after_message(st.alerts);
}

} // namespace

caf::behavior webhook_feed(caf::stateful_actor<webhook_feed_actor>* self, webhook_feed_args args) {
  auto& st = self->state;
  st.alerts = webhook_state{args.name, args.secret, args.symbols};
  st.signal_sinks = routes{args.env.registry, args.signal_sinks};
  st.open(args.name, "webhook_state", args.auditor, args.env, st.alerts);
  install_worker_exit(self);
  st.requests = std::make_shared<inbox<webhook_request>>();
  st.refused = std::make_shared<inbox<unsigned>>();
  caf::weak_actor_ptr weak = self->ctrl();
  http_server_options opts;
  opts.listen = args.listen;
  opts.body_limit = 16 * 1024;
  // Refused before the feed saw them, but counted with its alerts.
  opts.on_refused = [refused = st.refused, weak](unsigned status) {
    push_and_wake(*refused, weak, status);
  };
  auto path = args.path;
  st.server = std::make_unique<http_server>(
    opts, [requests = st.requests, weak, path](http_request req, http_reply reply) {
      if (req.path() != path)
        return reply(answer(404, "alerts go to POST " + path));
      if (req.method != "POST") {
        auto r = answer(405, "alerts are sent with POST");
        r.headers.emplace_back("Allow", "POST");
        return reply(std::move(r));
      }
      push_and_wake(*requests, weak, webhook_request{std::move(req), std::move(reply)});
    });
  spdlog::info("{}: taking alerts on http://{}:{}{}", args.name,
               args.listen.substr(0, args.listen.rfind(':')), st.server->port(), args.path);
  auto clk = args.env.clk;
  auto period = heartbeat_period(args.heartbeat_ms);
  self->send(self, slice_atom::value);
  caf::message_handler own{
    [self, clk](frames_atom) { on_requests(self, clk); },
    [self, clk, period](slice_atom) {
      auto& st = self->state;
      st.heartbeat(self, clk->now_ns());
      if (st.counters)
        st.counters->set_feed_counts(st.snap.name(), st.alerts.counts().by_name());
      self->delayed_send(self, period, slice_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
