#include "actors/signals/bar_detector.hpp"

#include <caf/all.hpp>

#include "actors/signals/pattern_detector_state.hpp"
#include "actors/signals/signal_views.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

template <class State>
caf::behavior bar_detector(caf::stateful_actor<bar_detector_actor<State>>* self,
                           bar_detector_args<State> args) {
  auto& st = self->state;
  st.detector = args.make_state();
  st.timeframe_s = args.timeframe_s;
  st.subscribers = routes{args.env.registry, std::move(args.subscribers)};
  st.snap = snapshotter{args.name, args.type, args.env};
  st.snap.restore(st.detector);
  install_worker_exit(self);
  auto counters = args.env.counters;
  caf::message_handler own{
    [self, counters](const std::vector<bar>& bars) {
      auto& st = self->state;
      std::vector<signal> out;
      for (const auto& b : bars)
        if (b.timeframe_s == st.timeframe_s)
          for (auto& s : st.detector.on_bar(b))
            out.push_back(std::move(s));
      st.snap.after_message(st.detector);
      if (out.empty())
        return;
      node_counters::add(counters->signals, out.size());
      auto msg = caf::make_message(std::move(out));
      for (auto& s : st.subscribers.get())
        if (s)
          self->send(s, msg);
    },
    [](const std::vector<trade_tick>&) {
      // Bar detectors work on closed bars; trades are for the whale detector.
    },
    [self](end_atom) {
      for (auto& s : self->state.subscribers.get())
        if (s)
          self->send(s, end_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

template caf::behavior bar_detector(caf::stateful_actor<bar_detector_actor<pattern_detector_state>>*,
                                    bar_detector_args<pattern_detector_state>);
template caf::behavior bar_detector(caf::stateful_actor<bar_detector_actor<volatility_detector_state>>*,
                                    bar_detector_args<volatility_detector_state>);

} // namespace tickline
