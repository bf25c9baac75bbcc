#include "actors/backtest/sequencer.hpp"

#include <caf/all.hpp>

#include "actors/backtest/sequencer_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<sequencer_actor>*;

template <class T>
void pass_on(self_ptr self, std::vector<T> xs) {
  if (xs.empty())
    return;
  auto msg = caf::make_message(std::move(xs));
  for (auto& d : self->state.to.get())
    if (d)
      counted_send(self, d, msg);
}

} // namespace

caf::behavior sequencer(caf::stateful_actor<sequencer_actor>* self, sequencer_args args) {
  auto& st = self->state;
  st.to = routes{args.env.registry, args.to};
  st.snap = snapshotter{args.name, "sequencer_state", args.env};
  st.snap.restore(st.held);
  install_worker_exit(self);
  caf::message_handler own{
    [self](std::vector<trade_tick>& xs) { self->state.held.add(std::move(xs)); },
    [self](std::vector<book_top>& xs) { self->state.held.add(std::move(xs)); },
    [self](std::vector<bar>& xs) { self->state.held.add(std::move(xs)); },
    [self](std::vector<signal>& xs) { self->state.held.add(std::move(xs)); },
    [](end_atom) {},
    [self](release_atom) -> std::uint64_t {
      auto before = self->state.sent;
      auto b = self->state.held.release();
      pass_on(self, std::move(b.trades));
      pass_on(self, std::move(b.tops));
      pass_on(self, std::move(b.bars));
      pass_on(self, std::move(b.signals));
      return self->state.sent - before;
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
