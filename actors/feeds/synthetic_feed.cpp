#include "actors/feeds/synthetic_feed.hpp"

#include <chrono>

#include <caf/all.hpp>

#include "actors/market_data/synthetic_market_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

// A live feed restored from a snapshot older than this skips the gap instead of
// generating it all at once.
constexpr std::int64_t max_catch_up_ns = 5'000'000'000;

} // namespace

caf::behavior synthetic_feed(caf::stateful_actor<synthetic_feed_actor>* self,
                             synthetic_feed_args args) {
  auto& st = self->state;
  auto clk = args.env.clk;
  st.market = synthetic_market_state{args.cfg, args.symbols, clk->now_ns()};
  st.scanners = routes{args.env.registry, args.scanners};
  st.open(args.name, "synthetic_market_state", args.auditor, args.env, st.market);
  install_worker_exit(self);
  auto counters = args.env.counters;
  auto emit = [self](std::int64_t to_ns) {
    auto& st = self->state;
    st.heartbeat(self, to_ns);
    st.market.generate_until(to_ns, st.batches);
    const auto& dest = st.scanners.get();
    for (std::size_t i = 0; i < st.batches.size(); ++i)
      if (!st.batches[i].empty() && dest[i])
        self->send(dest[i], std::move(st.batches[i]));
    st.snap.after_message(st.market);
  };
  auto slice = std::chrono::milliseconds{args.cfg.slice_ms};
  if (args.self_timed)
    self->delayed_send(self, slice, slice_atom::value);
  caf::message_handler own{
    [self, emit, slice, clk](slice_atom) {
      auto now = clk->now_ns();
      if (now - self->state.market.cursor_ns() > max_catch_up_ns)
        self->state.market.fast_forward(now - slice.count() * 1'000'000);
      emit(now);
      self->delayed_send(self, slice, slice_atom::value);
    },
    [emit](slice_atom, std::int64_t to_ns) { emit(to_ns); },
    [self](end_atom) {
      for (auto& s : self->state.scanners.get())
        if (s)
          self->send(s, end_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
