#include "actors/feeds/ws_feed.hpp"

#include <algorithm>
#include <cctype>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/feeds/feed_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<ws_feed_actor>*;

// What a down scanner may have waiting for it, per symbol; older events are dropped.
constexpr std::size_t max_held = 100'000;
// Problems logged one by one; after that, one line per this many.
constexpr std::uint64_t problems_in_full = 100;
constexpr std::uint64_t problem_log_every = 1000;

template <class T>
void send_or_hold(self_ptr self, const caf::actor& dest, std::vector<T>& batch) {
  if (batch.empty())
    return;
  if (dest) {
    self->send(dest, std::move(batch));
    batch.clear();
    return;
  }
  if (batch.size() > max_held) {
    auto extra = batch.size() - max_held;
    batch.erase(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(extra));
    self->state.dropped += extra;
  }
}

void publish_counts(self_ptr self) {
  auto& st = self->state;
  auto counts = st.stream.counts().by_name();
  counts["connected"] = st.connected ? 1 : 0;
  counts["reconnects"] = st.client ? st.client->reconnects() : 0;
  counts["failed_connects"] = st.client ? st.client->failed_attempts() : 0;
  counts["disconnects"] = st.disconnects;
  counts["dropped"] = st.dropped;
  if (st.counters)
    st.counters->set_feed_counts(st.snap.name(), std::move(counts));
}

void log_problems(self_ptr self) {
  auto& st = self->state;
  for (auto& p : st.stream.take_problems()) {
    auto n = ++st.problems_logged;
    if (n <= problems_in_full)
      spdlog::warn("{} (skipped)", p);
    else if (n % problem_log_every == 0)
      spdlog::warn("{} (skipped; {} problems so far, logging one in {})", p, n, problem_log_every);
  }
}

// Liveness is data arriving: a heartbeat for the feed, and one per symbol, when events
// came since the last tick; an open socket with nothing on it sends none.
void send_heartbeats(self_ptr self, const clock_ptr& clk) {
  auto& st = self->state;
  const auto fresh = st.stream.take_fresh();
  if (fresh.empty())
    return;
  const auto now = clk->now_ns();
  st.heartbeat(self, now);
  for (const auto i : fresh)
    st.heartbeat(self, now, st.stream.symbols()[i]);
}

void on_events(self_ptr self) {
  auto& st = self->state;
  st.events->drain(st.drained);
  for (auto& e : st.drained) {
    switch (e.what) {
      case ws_client_event::kind::connected:
        st.connected = true;
        st.stream.on_connected();
        spdlog::info("{}: connected to {}", st.snap.name(), e.text);
        break;
      case ws_client_event::kind::disconnected:
        st.connected = false;
        ++st.disconnects;
        spdlog::warn("{}: connection lost ({}); reconnecting", st.snap.name(), e.text);
        break;
      case ws_client_event::kind::text:
        st.stream.on_frame(e.text, st.batches);
        break;
    }
  }
  const auto& dest = st.scanners.get();
  for (std::size_t i = 0; i < dest.size(); ++i) {
    send_or_hold(self, dest[i], st.batches.trades[i]);
    send_or_hold(self, dest[i], st.batches.bars[i]);
    send_or_hold(self, dest[i], st.batches.tops[i]);
  }
  log_problems(self);
  publish_counts(self);
  st.snap.after_message(st.stream);
}

} // namespace

std::string binance_stream_url(const std::string& base, const std::vector<std::string>& symbols,
                               const std::vector<std::string>& kinds) {
  if (kinds.empty())
    return base;
  std::string url = base;
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  url += "/stream?streams=";
  bool first = true;
  for (const auto& s : symbols) {
    std::string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& k : kinds) {
      url += (first ? "" : "/") + lower + "@" + k;
      first = false;
    }
  }
  return url;
}

caf::behavior ws_feed(caf::stateful_actor<ws_feed_actor>* self, ws_feed_args args) {
  auto& st = self->state;
  st.stream = binance_stream_state{args.name, args.symbols};
  st.batches.reset(args.symbols.size());
  st.scanners = routes{args.env.registry, args.scanners};
  st.open(args.name, "binance_stream_state", args.auditor, args.env, st.stream);
  install_worker_exit(self);
  st.events = std::make_shared<inbox<ws_client_event>>();
  auto clk = args.env.clk;
  caf::weak_actor_ptr weak = self->ctrl();
  st.client = std::make_unique<ws_client>(
    args.client, [events = st.events, weak](ws_client_event e) {
      push_and_wake(*events, weak, std::move(e));
    });
  auto period = heartbeat_period(args.heartbeat_ms);
  self->send(self, slice_atom::value);
  caf::message_handler own{
    [self](frames_atom) { on_events(self); },
    [self, clk, period](slice_atom) {
      send_heartbeats(self, clk);
      publish_counts(self);
      self->delayed_send(self, period, slice_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
