#include "actors/synthetic_feed.hpp"

#include <chrono>

#include <caf/all.hpp>

#include "messages/type_ids.hpp"

namespace tickline {

caf::behavior synthetic_feed(caf::stateful_actor<synthetic_feed_actor>* self,
                             synthetic_feed_args args) {
  auto& st = self->state;
  st.market = synthetic_market_state{args.cfg, args.symbols, args.clk->now_ns()};
  st.scanners = args.scanners;
  auto slice = std::chrono::milliseconds{args.cfg.slice_ms};
  auto counters = args.counters;
  auto emit = [self, counters](std::int64_t to_ns) {
    auto& st = self->state;
    st.market.generate_until(to_ns, st.batches);
    for (std::size_t i = 0; i < st.batches.size(); ++i)
      if (!st.batches[i].empty())
        self->send(st.scanners[i], std::move(st.batches[i]));
  };
  if (args.self_timed)
    self->delayed_send(self, slice, slice_atom::value);
  return {
    [self, emit, slice, clk = args.clk](slice_atom) {
      emit(clk->now_ns());
      self->delayed_send(self, slice, slice_atom::value);
    },
    [emit](slice_atom, std::int64_t to_ns) { emit(to_ns); },
    [self](stop_atom) {
      for (auto& s : self->state.scanners)
        self->send(s, end_atom::value);
      self->quit();
    },
  };
}

} // namespace tickline
