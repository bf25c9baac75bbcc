#include "actors/trading/strategy/strategy.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/strategy/strategy_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<strategy_actor>*;

// Asks the order manager about the entries old enough to worry about; frees those whose
// symbols hold nothing live there, unless the entry changed while the question was out.
void check_entries(self_ptr self) {
  auto& st = self->state;
  const auto now = st.clk->now_ns();
  if (st.entry_check_ns <= 0 || now - st.last_check_ns < st.entry_check_ns / 30)
    return;
  st.last_check_ns = now;
  auto aged = st.strategy.aged_entries(now, st.entry_check_ns);
  if (aged.empty())
    return;
  std::vector<std::string> symbols;
  for (const auto& [symbol, intent] : aged)
    symbols.push_back(symbol);
  for (auto& om : st.orders.get()) {
    if (!om)
      continue;
    self->request(om, caf::duration{std::chrono::seconds{5}}, idle_atom::value, symbols)
      .then(
        [self, aged](const std::vector<std::string>& idle) {
          bool changed = false;
          for (const auto& symbol : idle)
            for (const auto& [s, intent] : aged)
              if (s == symbol &&
                  self->state.strategy.forget_entry(symbol, intent, self->state.clk->now_ns())) {
                spdlog::warn("strategy: entry {} of {} forgotten: no news of it, and the order "
                             "manager holds nothing live for {}", intent, symbol, symbol);
                changed = true;
              }
          if (changed)
            self->state.snap.after_message(self->state.strategy);
        },
        [](const caf::error&) {});  // asked again on a later bar
    break;
  }
}

} // namespace

caf::behavior strategy(caf::stateful_actor<strategy_actor>* self, strategy_args args) {
  auto& st = self->state;
  st.strategy = strategy_state{args.cfg, args.risk_limits, args.timeframe_s, args.name};
  st.risk = routes{args.env.registry, {args.risk}};
  if (!args.trade_log.empty())
    st.trade_log = routes{args.env.registry, {args.trade_log}};
  if (!args.orders.empty())
    st.orders = routes{args.env.registry, {args.orders}};
  st.entry_check_ns = args.orders.empty() ? 0 : args.entry_check_ns;
  st.clk = args.env.clk;
  st.counters = args.env.counters;
  st.snap = snapshotter{args.name, "strategy_state", args.env};
  st.snap.restore(st.strategy);
  install_worker_exit(self);
  caf::message_handler own{
    [self](const std::vector<signal>& batch) {
      auto& st = self->state;
      for (const auto& s : batch) {
        auto intent = st.strategy.on_signal(s, st.account, st.clk->now_ns());
        if (!intent)
          continue;
        spdlog::info("strategy: intent {} {} {} qty {} stop {} ({})", intent->intent_id,
                     to_string(intent->sd), intent->symbol, intent->qty, intent->stop_loss,
                     intent->reason);
        // The open entry is saved before the intent leaves: a kill after this point
        // leaves an entry the order manager may not know (the entry check frees it),
        // never a position the restored strategy does not know of.
        st.snap.save(st.strategy);
        // The context first: the logger has it before any decision or fill can follow.
        for (auto& l : st.trade_log.get())
          if (l)
            self->send(l, *intent);
        for (auto& r : st.risk.get())
          if (r)
            self->send(r, *intent);
      }
      st.snap.after_message(st.strategy);
    },
    [self](const std::vector<bar>& bars) {
      for (const auto& b : bars)
        self->state.strategy.on_bar(b);
      check_entries(self);
    },
    [self](const account_update& a) {
      self->state.account = account_view{a.equity, a.peak_equity};
    },
    [self](const risk_decision& d) {
      self->state.strategy.on_decision(d);
      self->state.snap.after_message(self->state.strategy);
    },
    [self](const closed_trade& t) {
      self->state.strategy.on_position_closed(t.symbol, t.pnl, t.entry_ns);
      self->state.snap.after_message(self->state.strategy);
    },
    // The learning daemon's weights (apply mode): replaced as a whole, or refused whole.
    [self](const learned_weights& w) {
      auto& st = self->state;
      if (auto problem = st.strategy.set_learned(w.multipliers, w.version); !problem.empty()) {
        spdlog::error("strategy: learned weights of model {} refused: {}", w.version, problem);
        return;
      }
      spdlog::info("strategy: learned weights of model {} in use ({}, {} signals)", w.version,
                   w.reason, w.multipliers.size());
      st.snap.after_message(st.strategy);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
