#include "actors/signals/signal_log.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/signals/signal_log_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/metrics.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<signal_log_actor>*;

// Signals held back at most this many while more batches wait in the mailbox.
constexpr std::size_t max_pending = 512;
// Signals held at most this many while the journal cannot be written; older ones go.
constexpr std::size_t max_held = 8 * max_pending;

// Journals the pending signals in one synced write (group commit), then logs them and
// passes them on. A signal a restarted detector sends again is journaled once and not
// passed on twice.
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_queued = false;
  if (st.pending.empty())
    return;
  const bool log = spdlog::should_log(spdlog::level::info);
  std::vector<signal> fresh;
  bool stale = false;
  if (st.journal_) {
    std::vector<std::pair<std::string, std::string>> entries;
    entries.reserve(st.pending.size());
    for (const auto& s : st.pending)
      entries.emplace_back(signal_log_state::key(s), signal_log_state::to_json(s));
    std::vector<journal_append> written;
    try {
      written = st.journal_->append_once_all(entries);
    } catch (const storage_error& e) {
      if (st.journal_error.empty())
        spdlog::error("signal log: the signal journal cannot be written ({}): signals are held "
                      "(not passed on) and written once it can", e.what());
      st.journal_error = e.what();
      if (st.pending.size() > max_held) {
        const auto excess = st.pending.size() - max_held;
        st.dropped += excess;
        st.pending.erase(st.pending.begin(), st.pending.begin() + static_cast<std::ptrdiff_t>(excess));
      }
      if (!st.flush_queued) {
        st.flush_queued = true;
        self->delayed_send(self, std::chrono::seconds{1}, flush_atom::value);
      }
      return;
    }
    stale = !st.journal_error.empty();
    if (stale) {
      spdlog::warn("signal log: the signal journal is written again; {} held signal(s) journaled, "
                   "not passed on (stale), {} given up", st.pending.size(), st.dropped);
      st.journal_error.clear();
    }
    for (std::size_t i = 0; i < written.size(); ++i) {
      if (!written[i].inserted)
        continue;
      if (log)
        spdlog::info("journaled signal seq={} key={}", written[i].seq, entries[i].first);
      fresh.push_back(std::move(st.pending[i]));
    }
  } else {
    fresh = std::move(st.pending);
  }
  st.pending.clear();
  const auto& counters = st.snap.env().counters;
  auto* metrics = counters ? counters->metrics.get() : nullptr;
  for (const auto& s : fresh) {
    st.log.add(s);
    if (metrics)
      metrics->add_signal(to_string(s.kind), s.symbol);
    if (log)
      spdlog::info("signal {}", signal_log_state::describe(s));
  }
  st.snap.after_message(st.log);
  if (fresh.empty() || stale)
    return;
  auto msg = caf::make_message(std::move(fresh));
  for (auto& t : st.taps)
    self->send(t, msg);
  // Journaled first: a trade can always be traced back to the signals behind it.
  for (auto& f : st.forward.get())
    if (f)
      self->send(f, msg);
}

} // namespace

caf::behavior signal_log(caf::stateful_actor<signal_log_actor>* self, signal_log_args args) {
  auto& st = self->state;
  st.upstream = args.upstream;
  st.journal_ = args.journal_;
  st.on_end = args.on_end;
  st.taps = args.taps;
  st.forward = routes{args.env.registry, args.forward};
  st.snap = snapshotter{args.name, "signal_log_state", args.env};
  st.snap.restore(st.log);
  install_worker_exit(self);
  // A graceful stop journals what is held back before the usual exit.
  self->set_exit_handler([self](caf::exit_msg& em) {
    flush(self);
    auto& st = self->state;
    if (st.snap.policy().on_stop)
      st.snap.save(st.persistent());
    self->quit(em.reason);
  });
  caf::message_handler own{
    [self](std::vector<signal>& batch) {
      auto& st = self->state;
      for (auto& s : batch)
        st.pending.push_back(std::move(s));
      // Hold these back until the batches queued behind them are in too, and journal them
      // together: the flush message goes to the back of the mailbox. A request (the
      // webhook waits for its alert to be journaled) is answered after the write.
      bool request = self->current_mailbox_element()->mid.is_request();
      if (!st.journal_error.empty()) {
        // Waiting for the journal: the retry timer writes them.
      } else if (!st.journal_ || request || st.pending.size() >= max_pending) {
        flush(self);
      } else if (!st.flush_queued) {
        st.flush_queued = true;
        self->send(self, flush_atom::value);
      }
    },
    [self](flush_atom) { flush(self); },
    [self](end_atom) {
      flush(self);
      auto& st = self->state;
      if (++st.ended < st.upstream)
        return;
      st.ended = 0;  // ready for the next finite stream
      for (auto& l : st.on_end)
        self->send(l, end_atom::value);
    },
    [self](query_atom, std::uint64_t since) -> std::string {
      return signals_json(self->state.log, since);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
