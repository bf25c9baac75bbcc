#include "actors/signal_log.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

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
  caf::message_handler own{
    [self](const std::vector<signal>& batch) {
      auto& st = self->state;
      bool log = spdlog::should_log(spdlog::level::info);
      for (const auto& s : batch) {
        if (st.journal_) {
          // Journal first: a signal is only acknowledged once it is on disk.
          auto r = st.journal_->append_once(signal_log_state::key(s), signal_log_state::to_json(s));
          if (!r.inserted)
            continue;  // replayed by a restarted detector: already journaled and logged
          if (log)
            spdlog::info("journaled signal seq={} key={}", r.seq, signal_log_state::key(s));
        }
        st.log.add(s);
        if (log)
          spdlog::info("signal {}", signal_log_state::describe(s));
      }
      st.snap.after_message(st.log);
      for (auto& t : st.taps)
        self->send(t, batch);
      // Journaled first: a trade can always be traced back to the signals behind it.
      for (auto& f : st.forward.get())
        if (f)
          self->send(f, batch);
    },
    [self](end_atom) {
      auto& st = self->state;
      if (++st.ended < st.upstream)
        return;
      st.ended = 0;  // ready for the next finite stream
      for (auto& l : st.on_end)
        self->send(l, end_atom::value);
    },
  };
  return own.or_else(worker_handlers(self));
}

} // namespace tickline
