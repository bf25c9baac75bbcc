#include "actors/signals/bar_detector.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/signals/pattern_detector_state.hpp"
#include "actors/signals/signal_views.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

// Which learned thresholds a detector takes, and how they map onto its own.
const char* kind_of(const pattern_detector_state&) { return "pattern"; }
const char* kind_of(const volatility_detector_state&) { return "volatility"; }

bool set_named(pattern_thresholds& t, const std::string& name, double v) {
  if (name == "volume_z")
    t.volume_z = v;
  else if (name == "squeeze_quantile")
    t.squeeze_quantile = v;
  else
    return false;
  return true;
}
bool set_named(volatility_thresholds& t, const std::string& name, double v) {
  if (name == "z_threshold")
    t.z_threshold = v;
  else if (name == "rv_ratio")
    t.rv_ratio = v;
  else
    return false;
  return true;
}

// The whole set or nothing: an unknown name or a value out of range refuses it.
template <class State>
bool take_learned(State& d, const learned_thresholds& msg, std::string& error) {
  auto t = d.thresholds();
  for (const auto& [name, v] : msg.values)
    if (!set_named(t, name, v)) {
      error = "unknown threshold \"" + name + "\"";
      return false;
    }
  return d.set_thresholds(t, &error);
}

} // namespace

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
    [self](const learned_thresholds& msg) {
      auto& st = self->state;
      if (msg.detector != kind_of(st.detector))
        return;
      std::string error;
      if (!take_learned(st.detector, msg, error)) {
        spdlog::warn("{}: learned thresholds of model {} refused: {}", self->state.snap.name(),
                     msg.version, error);
        return;
      }
      st.snap.save(st.detector);  // a restart keeps them
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
