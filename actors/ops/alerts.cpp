#include "actors/ops/alerts.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/ops/ops_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<alerts_actor>*;

void emit(self_ptr self, const std::vector<alert>& out) {
  auto& st = self->state;
  for (const auto& a : out) {
    ++st.emitted;
    if (st.log)
      spdlog::warn("alert {} [{}]: {}", a.rule, a.kind, a.message);
    if (st.sender && !st.sender->post(to_json(a)))
      spdlog::warn("alerts: webhook queue full, alert {} dropped ({} dropped so far)", a.rule,
                   st.sender->dropped());
  }
  if (!out.empty())
    st.snap.after_message(st.alerts);
}

// Reads what the node publishes in its counters and turns changes into events.
void poll(self_ptr self) {
  auto& st = self->state;
  const auto now = st.clk->now_ns();
  const auto labels = st.counters->labels();
  if (auto i = labels.find("risk_state"); i != labels.end())
    emit(self, st.alerts.on_trading_state(i->second, now));
  const auto figures = st.counters->figures();
  if (auto i = figures.find("equity"); i != figures.end())
    emit(self, st.alerts.on_equity(i->second, now));
  const auto escalations = st.counters->escalations.load();
  if (escalations > st.escalations_seen) {
    emit(self, st.alerts.on_escalations(escalations - st.escalations_seen, "", now));
    st.escalations_seen = escalations;
  }
  emit(self, st.alerts.flush(now));
}

std::shared_ptr<webhook_sender> make_sender(const alerts_config& cfg) {
  if (cfg.webhooks.empty())
    return nullptr;
  webhook_sender_options o;
  for (const auto& text : cfg.webhooks) {
    std::string error;
    if (auto url = parse_http_url(text, error))
      o.urls.push_back(*url);
    else
      throw std::invalid_argument("alerts.webhooks: " + error);
  }
  o.queue = static_cast<std::size_t>(cfg.queue);
  o.timeout = std::chrono::milliseconds{cfg.timeout_ms};
  return std::make_shared<webhook_sender>(std::move(o));
}

} // namespace

caf::behavior alerts(caf::stateful_actor<alerts_actor>* self, alerts_args args) {
  auto& st = self->state;
  st.alerts = alerts_state{args.cfg.rules};
  st.log = args.cfg.log;
  st.sender = make_sender(args.cfg);
  st.counters = args.env.counters;
  st.clk = args.env.clk;
  st.poll = args.poll;
  // Escalations before this start were reported by the incarnation that saw them.
  st.escalations_seen = st.counters->escalations.load();
  st.snap = snapshotter{args.name, "alerts_state", args.env};
  st.snap.restore(st.alerts);
  install_worker_exit(self);
  self->send(self, flush_atom::value);
  caf::message_handler own{
    [self](const std::vector<signal>& batch) {
      for (const auto& s : batch)
        emit(self, self->state.alerts.on_signal(s));
    },
    [self](const connection_status& c) { emit(self, self->state.alerts.on_connection(c)); },
    [self](flush_atom) {
      poll(self);
      self->delayed_send(self, self->state.poll, flush_atom::value);
    },
  };
  return own.or_else(worker_handlers(self));
}

} // namespace tickline
