#include "actors/learning/learning_daemon.hpp"

#include <caf/all.hpp>

#include "actors/learning/learning_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

caf::behavior learning_daemon(caf::stateful_actor<learning_daemon_actor>* self,
                              learning_daemon_args args) {
  auto& st = self->state;
  st.learning = learning_state{args.settings};
  st.snap = snapshotter{args.name, "learning_state", args.env};
  st.snap.restore(st.learning);
  install_worker_exit(self);
  caf::message_handler own{
    [self](const std::vector<signal>& batch) {
      for (const auto& s : batch)
        self->state.learning.on_signal(s);
      self->state.snap.after_message(self->state.learning);
    },
    [self](const std::vector<bar>& bars) {
      for (const auto& b : bars)
        self->state.learning.on_bar(b);
      self->state.snap.after_message(self->state.learning);
    },
    [self](const closed_trade& t) {
      self->state.learning.on_trade(t);
      self->state.snap.after_message(self->state.learning);
    },
    // The portfolio's account reports: nothing to learn from them.
    [](const account_update&) {},
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
