#include "actors/trading/trade_log/trade_logger.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/trade_log/trade_logger_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<trade_logger_actor>*;

// Books the journaled records the snapshot does not hold yet (a crash after the write).
void catch_up(self_ptr self) {
  auto& st = self->state;
  if (!st.trades)
    return;
  std::size_t n = 0;
  for (const auto& e : st.trades->read_from(st.log.last_seq() + 1)) {
    std::string error;
    auto r = trade_record_from_json(e.payload, error);
    if (!r) {
      spdlog::error("trades journal entry {} does not read: {}", e.seq, error);
      continue;
    }
    st.log.apply(*r, e.seq);
    ++n;
  }
  if (n > 0)
    spdlog::info("trade logger: booked {} journaled record(s) after its snapshot", n);
}

// The record first, synced; a fill journaled before changes nothing. False when the
// journal could not be written: nothing changed, the fill must be offered again.
bool write_record(self_ptr self, const booked_fill& f) {
  auto& st = self->state;
  // A fee alone (an execution a synthesized fill had covered) moves no position: the
  // trade log records executions of quantity, the portfolio books the fee.
  if (f.fill.qty == 0)
    return true;
  auto r = st.log.make_record(f);
  std::uint64_t seq = 0;
  if (st.trades) {
    journal_append written;
    try {
      written = st.trades->append_once(r.key, to_json(r));
    } catch (const storage_error& e) {
      if (st.held.empty())
        spdlog::error("trade log: the trades journal cannot be written ({}): records are held "
                      "and written once it can", e.what());
      return false;
    }
    if (!written.inserted) {
      ++st.repeated;
      return true;
    }
    seq = written.seq;
  }
  st.log.apply(r, seq);
  if (r.kind == "exit")
    spdlog::info("trade log: exit {} {} qty {} at {} ({}) pnl {:.2f}", r.symbol, r.trade_id, r.qty,
                 r.price, r.exit_reason, r.realized_pnl);
  else
    spdlog::info("trade log: entry {} {} qty {} at {} ({}{})", r.symbol, r.trade_id, r.qty, r.price,
                 r.entry_tag, r.intent ? "" : ", no context");
  return true;
}

// Records `f` after every fill held before it; what cannot be written yet waits, in order.
void record(self_ptr self, const booked_fill* f) {
  auto& st = self->state;
  if (f)
    st.held.push_back(*f);
  const bool was_held = st.held.size() > (f ? 1u : 0u);
  while (!st.held.empty() && write_record(self, st.held.front()))
    st.held.pop_front();
  if (!st.held.empty() && !st.retry_queued) {
    st.retry_queued = true;
    self->delayed_send(self, std::chrono::seconds{1}, flush_atom::value);
  } else if (st.held.empty() && was_held) {
    spdlog::warn("trade log: the trades journal is written again; the held records are in it");
  }
}

} // namespace

caf::behavior trade_logger(caf::stateful_actor<trade_logger_actor>* self, trade_logger_args args) {
  auto& st = self->state;
  st.log = trade_logger_state{args.max_pending};
  st.trades = args.trades;
  st.snap = snapshotter{args.name, "trade_logger_state", args.env};
  st.snap.restore(st.log);
  install_worker_exit(self);
  catch_up(self);
  caf::message_handler own{
    [self](const order_intent& intent) {
      self->state.log.on_intent(intent);
      self->state.snap.after_message(self->state.log);
    },
    [self](const risk_decision& d) {
      self->state.log.on_decision(d);
      self->state.snap.after_message(self->state.log);
    },
    [self](const booked_fill& f) {
      record(self, &f);
      self->state.snap.after_message(self->state.log);
    },
    [self](flush_atom) {
      self->state.retry_queued = false;
      record(self, nullptr);
    },
    // For the portfolio (the order manager tells both the same): nothing to record.
    [](const entry_settled&) {},
    // The ledger is the portfolio's; the fills after it are records the log may lack.
    [self](replay_atom, const std::string&, const std::vector<booked_fill>& history) {
      for (const auto& f : history)
        record(self, &f);
      self->state.snap.after_message(self->state.log);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
