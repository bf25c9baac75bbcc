#include "actors/signals/scanner.hpp"

#include <caf/all.hpp>

#include "actors/signals/signal_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/metrics.hpp"
#include "runtime/worker.hpp"

namespace tickline {

caf::behavior scanner(caf::stateful_actor<scanner_actor>* self, scanner_args args) {
  auto& st = self->state;
  st.scanner = scanner_state{args.symbol, args.settings};
  st.detectors = routes{args.env.registry, std::move(args.detectors)};
  st.tick_detectors = routes{args.env.registry, std::move(args.tick_detectors)};
  st.market_sinks = routes{args.env.registry, std::move(args.market_sinks)};
  st.bar_sinks = routes{args.env.registry, std::move(args.bar_sinks)};
  st.upstream = args.upstream;
  st.snap = snapshotter{args.name, "scanner_state", args.env};
  st.snap.restore(st.scanner);
  install_worker_exit(self);
  auto counters = args.env.counters;
  caf::message_handler own{
    [self, counters](const std::vector<trade_tick>& batch) {
      auto& st = self->state;
      st.closed.clear();
      for (const auto& t : batch)
        st.scanner.on_trade(t, st.closed);
      node_counters::add(counters->ticks, batch.size());
      if (counters->metrics && !batch.empty())
        counters->metrics->add_ticks(batch.front().symbol, batch.size());
      node_counters::add(counters->bars, st.closed.size());
      st.snap.after_message(st.scanner);
      if (!st.closed.empty()) {
        auto bars = caf::make_message(st.closed);
        for (auto& d : st.detectors.get())
          if (d)
            self->send(d, bars);
        for (auto& b : st.bar_sinks.get())
          if (b)
            self->send(b, bars);
      }
      const auto& dest = st.tick_detectors.get();
      const auto& sinks = st.market_sinks.get();
      if (dest.empty() && sinks.empty())
        return;
      // The batch is not needed any more: move it into one message that every consumer
      // shares instead of copying it once per consumer.
      auto msg = self->current_mailbox_element()->move_content_to_message();
      for (auto& d : dest)
        if (d)
          self->send(d, msg);
      for (auto& m : sinks)
        if (m)
          self->send(m, msg);
    },
    [self, counters](const std::vector<bar>& klines) {
      // Completed bars from a kline feed: the scanner aggregates, the detectors see closes.
      auto& st = self->state;
      st.closed.clear();
      for (const auto& b : klines)
        st.scanner.on_bar(b, st.closed);
      node_counters::add(counters->bars, st.closed.size());
      st.snap.after_message(st.scanner);
      for (auto& m : st.market_sinks.get())
        if (m)
          self->send(m, klines);
      if (st.closed.empty())
        return;
      auto bars = caf::make_message(st.closed);
      for (auto& d : st.detectors.get())
        if (d)
          self->send(d, bars);
      for (auto& b : st.bar_sinks.get())
        if (b)
          self->send(b, bars);
    },
    [self](const std::vector<book_top>& tops) {
      if (!tops.empty())
        self->state.top = tops.back();
      for (auto& m : self->state.market_sinks.get())
        if (m)
          self->send(m, tops);
    },
    [self](end_atom) {
      auto& st = self->state;
      if (++st.ended < st.upstream)
        return;
      st.ended = 0;  // ready for the next finite stream
      for (auto* r : {&st.detectors, &st.tick_detectors})
        for (auto& d : r->get())
          if (d)
            self->send(d, end_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
