#include "actors/trading/portfolio/portfolio.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/portfolio/ledger_codec.hpp"
#include "actors/trading/portfolio/portfolio_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<portfolio_actor>*;

account_update account_of(const portfolio_state& b, std::int64_t now_ns) {
  account_update a;
  a.cash = b.cash();
  a.equity = b.equity();
  a.peak_equity = b.peak_equity();
  a.realized_pnl = b.realized_pnl();
  a.unrealized_pnl = b.unrealized_pnl();
  a.fees = b.fees();
  a.gross_exposure = b.gross_exposure();
  a.net_exposure = b.net_exposure();
  a.drawdown_pct = b.drawdown_pct();
  a.positions = b.open_positions();
  a.ts_ns = now_ns;
  return a;
}

void publish(self_ptr self, std::int64_t now_ns) {
  auto& st = self->state;
  st.last_publish_ns = now_ns;
  auto a = account_of(st.book, now_ns);
  a.settled = std::exchange(st.settled, {});
  if (st.counters) {
    st.counters->set_figure("pnl", a.realized_pnl + a.unrealized_pnl);
    st.counters->set_figure("realized_pnl", a.realized_pnl);
    st.counters->set_figure("equity", a.equity);
    st.counters->set_figure("cash", a.cash);
    st.counters->set_figure("fees", a.fees);
    st.counters->set_figure("max_drawdown_pct", st.book.max_drawdown_pct());
    st.counters->set_figure("open_positions", static_cast<double>(a.positions.size()));
  }
  for (auto& l : st.listeners.get())
    if (l)
      self->send(l, a);
}

// After fills, one account update for all those already queued: a burst of fills (an
// emergency stop's flatten) costs one walk over the holdings, not one per fill. The
// flush_atom goes to the back of the mailbox; at start-up (no current message), at once.
void publish_after_fills(self_ptr self, std::int64_t now_ns) {
  auto& st = self->state;
  st.publish_ns = std::max(st.publish_ns, now_ns);
  if (!self->current_mailbox_element()) {
    publish(self, st.publish_ns);
  } else if (!st.flush_queued) {
    st.flush_queued = true;
    self->send(self, flush_atom::value);
  }
}

template <class Fill>
void apply(self_ptr self, const Fill& f) {
  auto& st = self->state;
  ++st.fills;
  if (auto closed = st.book.on_fill(f)) {
    spdlog::info("trade closed {} {} qty={} entry={} exit={} pnl={:.2f} ({} -> {})",
                 closed->symbol, to_string(closed->sd), closed->qty, closed->entry_price,
                 closed->exit_price, closed->pnl, closed->entry_tag, closed->exit_reason);
    for (auto& l : st.listeners.get())
      if (l)
        self->send(l, *closed);
  }
}

} // namespace

caf::behavior portfolio(caf::stateful_actor<portfolio_actor>* self, portfolio_args args) {
  auto& st = self->state;
  st.book = portfolio_state{args.starting_cash};
  st.listeners = routes{args.env.registry, args.listeners};
  st.counters = args.env.counters;
  st.snap = snapshotter{args.name, "portfolio_state", args.env};
  st.snap.restore(st.book);
  install_worker_exit(self);
  const auto every_ns = args.publish_every_ms * 1'000'000;
  const double starting = args.starting_cash;
  caf::message_handler own{
    [self](const fill& f) {
      apply(self, f);
      publish_after_fills(self, f.ts_ns);
      self->state.snap.after_message(self->state.book);
    },
    [self](const booked_fill& f) {
      apply(self, f);
      publish_after_fills(self, f.fill.ts_ns);
      self->state.snap.after_message(self->state.book);
    },
    // An entry order ended; its fills came before: the next account update says so.
    [self](const entry_settled& e) {
      auto& st = self->state;
      st.settled.push_back(e.intent_id);
      publish_after_fills(self, e.ts_ns);
    },
    [self](flush_atom) {
      auto& st = self->state;
      st.flush_queued = false;
      publish(self, st.publish_ns);
    },
    // The order manager's ledger at its journal's checkpoint (empty: none), then the
    // fills it booked after it.
    [self, starting](replay_atom, const std::string& ledger,
                     const std::vector<booked_fill>& history) {
      auto& st = self->state;
      st.book = portfolio_state{starting};
      if (!ledger.empty()) {
        std::string error;
        if (!decode_ledger(ledger, st.book, error))
          // Rebuilding from the starting cash would forget every fill before the checkpoint.
          throw std::runtime_error("portfolio: the order manager's " + error);
      }
      for (const auto& f : history)
        st.book.on_fill(f);
      spdlog::info("portfolio rebuilt from {}{} journaled fill(s): equity {:.2f}",
                   ledger.empty() ? "" : "a checkpoint and ", history.size(), st.book.equity());
      publish(self, history.empty() ? 0 : history.back().fill.ts_ns);
    },
    [self, every_ns](const std::vector<bar>& bars) {
      auto& st = self->state;
      for (const auto& b : bars)
        st.book.on_bar(b);
      if (!bars.empty() && bars.back().close_ns - st.last_publish_ns >= every_ns)
        publish(self, bars.back().close_ns);
    },
    [self](query_atom, std::uint64_t) -> std::string { return positions_json(self->state.book); },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
