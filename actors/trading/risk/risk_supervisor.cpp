#include "actors/trading/risk/risk_supervisor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/risk/risk_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<risk_supervisor_actor>*;

void tell_manager(self_ptr self, const caf::message& msg) {
  for (auto& om : self->state.order_manager.get())
    if (om)
      self->send(om, msg);
}

void act(self_ptr self, const risk_action& a) {
  auto& st = self->state;
  if (a.change) {
    spdlog::warn("risk: trading {} -> {}: {}", to_string(a.change->from), to_string(a.change->to),
                 a.change->reason);
    if (st.counters) {
      st.counters->set_label("risk_state", to_string(st.risk.state()));
      st.counters->set_label("risk_reason", a.change->reason);
    }
  }
  const std::string why = a.change         ? a.change->reason
                          : !a.reason.empty() ? a.reason
                                              : st.risk.state_reason();
  // Cancels first, so that no working order can add to a position being closed.
  if (a.cancel_all)
    tell_manager(self, caf::make_message(cancel_all_atom::value, why));
  // The reason goes with the flattening orders (the trade log's exit reason).
  if (a.flatten_all)
    tell_manager(self, caf::make_message(flatten_atom::value, std::vector<std::string>{}, why));
  else if (!a.flatten_symbols.empty())
    tell_manager(self, caf::make_message(flatten_atom::value, a.flatten_symbols, why));
}

risk_context context_of(const account_update& a) {
  risk_context ctx;
  ctx.equity = a.equity;
  for (const auto& p : a.positions)
    ctx.positions[p.symbol] = p;
  return ctx;
}

} // namespace

caf::behavior risk_supervisor(caf::stateful_actor<risk_supervisor_actor>* self,
                              risk_supervisor_args args) {
  auto& st = self->state;
  st.risk = risk_state{args.setup};
  st.order_manager = routes{args.env.registry, {args.order_manager}};
  st.decisions_to = routes{args.env.registry, args.decisions_to};
  st.auditor = routes{args.env.registry, {args.auditor}};
  st.counters = args.env.counters;
  st.clk = args.env.clk;
  st.snap = snapshotter{args.name, "risk_state", args.env};
  st.snap.restore(st.risk);
  // A command written after the last full snapshot (a crash came in between) still holds.
  auto control_env = args.env;
  control_env.policy = snapshot_policy{0, 0, false};  // written by the command handler only
  st.control = snapshotter{args.name + "/control", "risk_control_record", control_env};
  risk_control_record command;
  if (st.control.restore(command) && command.after_seq >= st.snap.seq()) {
    spdlog::warn("risk: trading state {} from a command saved after the last snapshot ({})",
                 to_string(command.state), command.reason);
    st.risk.apply(command);
  }
  install_worker_exit(self);
  if (st.counters)
    st.counters->set_label("risk_state", to_string(st.risk.state()));
  // Connections lost before a restart stay lost in the snapshot until the auditor says.
  for (auto& a : st.auditor.get())
    if (a)
      self->send(a, subscribe_atom::value, caf::actor_cast<caf::actor>(self));
  caf::message_handler own{
    [self](order_intent intent) {
      auto& st = self->state;
      auto now = st.clk->now_ns();
      auto d = st.risk.decide(intent, context_of(st.account), now);
      spdlog::info("risk: {} {} {} qty {} -> {}: {}", to_string(d.verdict), intent.intent_id,
                   intent.symbol, d.requested_qty, d.approved_qty, d.reason);
      for (auto& l : st.decisions_to.get())
        if (l)
          self->send(l, d);
      if (d.verdict != risk_verdict::deny && d.approved_qty > 0) {
        intent.qty = d.approved_qty;
        tell_manager(self, caf::make_message(std::move(intent)));
      }
      st.snap.after_message(st.risk);
    },
    [self](const account_update& a) {
      auto& st = self->state;
      st.account = a;
      st.risk.on_settled(a.settled);
      act(self, st.risk.on_equity(a.equity, st.clk->now_ns()));
      st.snap.after_message(st.risk);
    },
    [self](const closed_trade& t) {
      auto& st = self->state;
      act(self, st.risk.on_trade_closed(t.symbol, t.pnl, st.clk->now_ns()));
      st.snap.after_message(st.risk);
    },
    [self](const control_command& c) {
      auto& st = self->state;
      spdlog::warn("risk: {} from {} ({})", to_string(c.kind), c.issuer, c.reason);
      auto action = st.risk.on_command(c, st.clk->now_ns());
      // What the command set is written before anything is sent (a small record, not the
      // whole state); the full snapshot follows, once the orders are on their way.
      auto record = st.risk.control_record();
      record.after_seq = st.snap.seq();
      st.control.save(record);
      act(self, action);
      st.snap.save(st.risk);
    },
    [self](const connection_status& s) {
      auto& st = self->state;
      act(self, st.risk.on_connection(s));
      st.snap.after_message(st.risk);
    },
    [self](const std::vector<bar>& bars) {
      for (const auto& b : bars)
        self->state.risk.on_bar(b);
    },
    [self](query_atom, std::uint64_t) -> std::string { return risk_json(self->state.risk); },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
