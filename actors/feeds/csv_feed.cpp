#include "actors/feeds/csv_feed.hpp"

#include <chrono>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/feeds/feed_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

constexpr std::size_t fast_batch = 1000;
constexpr std::chrono::milliseconds paced_slice{20};

using self_ptr = caf::stateful_actor<csv_feed_actor>*;

// Data that is read is not thrown away: while a scanner is down (not started yet, or
// restarting) the replay waits for it.
bool destinations_up(self_ptr self) {
  for (const auto& d : self->state.scanners.get())
    if (!d)
      return false;
  return true;
}

// Skipped rows are found as the replay reaches them: log the new ones.
void log_problems(self_ptr self) {
  auto& st = self->state;
  const auto& p = st.replay.problems();
  if (st.problems_logged > p.size())
    st.problems_logged = 0;  // a restored position re-read the files
  for (; st.problems_logged < p.size(); ++st.problems_logged)
    spdlog::warn("{}: skipped: {}", p[st.problems_logged].where, p[st.problems_logged].message);
}

void send_batches(self_ptr self) {
  auto& st = self->state;
  log_problems(self);
  const auto& dest = st.scanners.get();
  for (std::size_t i = 0; i < dest.size(); ++i) {
    if (!dest[i])
      continue;
    if (!st.trades[i].empty())
      self->send(dest[i], std::move(st.trades[i]));
    if (!st.bars[i].empty())
      self->send(dest[i], std::move(st.bars[i]));
  }
  st.snap.after_message(st.replay);
  if (st.counters)
    st.counters->set_feed_counts(st.snap.name(), {{"replayed", st.replay.replayed()},
                                                  {"skipped_rows", st.replay.skipped()}});
  if (st.replay.done() && !st.ended) {
    st.ended = true;
    spdlog::info("{}: replay finished, {} events", st.snap.name(), st.replay.replayed());
    for (const auto& d : dest)
      if (d)
        self->send(d, end_atom::value);
  }
}

} // namespace

caf::behavior csv_feed(caf::stateful_actor<csv_feed_actor>* self, csv_feed_args args) {
  auto& st = self->state;
  st.replay = args.chained.empty() ? csv_replay_state{args.files}
                                   : csv_replay_state{args.chained, args.from_ns, args.to_ns};
  st.scanners = routes{args.env.registry, args.scanners};
  st.open(args.name, "csv_replay_state", args.auditor, args.env, st.replay);
  log_problems(self);
  install_worker_exit(self);
  auto clk = args.env.clk;
  double speed = args.speed;
  if (args.self_timed)
    self->send(self, slice_atom::value);
  caf::message_handler own{
    [self, clk, speed](slice_atom) {
      auto& st = self->state;
      st.heartbeat(self, clk->now_ns());
      if (st.replay.done()) {
        // Finished is not lost: keep telling the auditor, slowly.
        self->delayed_send(self, std::chrono::milliseconds{200}, slice_atom::value);
        return;
      }
      if (!destinations_up(self)) {
        self->delayed_send(self, std::chrono::milliseconds{5}, slice_atom::value);
        return;
      }
      if (speed <= 0) {
        st.replay.take_next(fast_batch, st.trades, st.bars);
        send_batches(self);
        self->send(self, slice_atom::value);  // continue after whatever else is queued
        return;
      }
      auto now = clk->now_ns();
      if (st.wall_start_ns == 0) {
        st.wall_start_ns = now;
        st.data_start_ns = st.replay.next_ns();
      }
      auto data_now = st.data_start_ns
                      + static_cast<std::int64_t>(static_cast<double>(now - st.wall_start_ns) * speed);
      st.replay.take_until(data_now + 1, st.trades, st.bars);
      send_batches(self);
      self->delayed_send(self, paced_slice, slice_atom::value);
    },
    // Driven by a backtest: everything before `to_ns`; answers when the next event is.
    // A driven replay is alive too: without heartbeats the risk supervisor would take
    // the feed for lost and deny every entry.
    [self, counters = st.counters](slice_atom, std::int64_t to_ns) -> std::int64_t {
      self->state.heartbeat(self, to_ns);
      auto n = self->state.replay.take_until(to_ns, self->state.trades, self->state.bars);
      if (counters)
        node_counters::add(counters->replayed, n);
      send_batches(self);
      return self->state.replay.next_ns();
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
