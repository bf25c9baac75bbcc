#include "actors/signals/whale_detector.hpp"

#include <caf/all.hpp>

#include "actors/signals/signal_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

caf::behavior whale_detector(caf::stateful_actor<whale_detector_actor>* self,
                             whale_detector_args args) {
  auto& st = self->state;
  st.detector = whale_detector_state{args.cfg, args.symbol, args.name};
  st.subscribers = routes{args.env.registry, std::move(args.subscribers)};
  st.snap = snapshotter{args.name, "whale_detector_state", args.env};
  st.snap.restore(st.detector);
  install_worker_exit(self);
  auto counters = args.env.counters;
  caf::message_handler own{
    [self, counters](const std::vector<trade_tick>& batch) {
      auto& st = self->state;
      for (const auto& t : batch)
        for (auto& s : st.detector.on_trade(t))
          st.out.push_back(std::move(s));
      st.snap.after_message(st.detector);
      if (st.out.empty())
        return;
      node_counters::add(counters->signals, st.out.size());
      auto msg = caf::make_message(std::move(st.out));
      st.out.clear();
      for (auto& s : st.subscribers.get())
        if (s)
          self->send(s, msg);
    },
    [](const std::vector<bar>&) {
      // Whale detection works on trades; bars are for the pattern detectors.
    },
    [self](end_atom) {
      for (auto& s : self->state.subscribers.get())
        if (s)
          self->send(s, end_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
