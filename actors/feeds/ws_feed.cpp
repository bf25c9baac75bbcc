#include "actors/feeds/ws_feed.hpp"

#include <algorithm>
#include <cctype>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/feeds/feed_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/net/http_client.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<ws_feed_actor>*;

// What a down scanner may have waiting for it, per symbol; older events are dropped.
constexpr std::size_t max_held = 100'000;
// Problems logged one by one; after that, one line per this many.
constexpr std::uint64_t problems_in_full = 100;
constexpr std::uint64_t problem_log_every = 1000;
// Depth snapshots: the wait before fetching again after a failure, doubling.
constexpr std::int64_t snapshot_backoff_min_ms = 1000;
constexpr std::int64_t snapshot_backoff_max_ms = 30000;
constexpr std::chrono::milliseconds snapshot_timeout{5000};

// Blocks on one REST request at a time, on a thread of its own (spawned detached).
caf::behavior depth_fetcher(caf::event_based_actor*, http_url base) {
  return {
    [base](depth_snapshot_atom, const std::string& target) {
      http_client_request req;
      req.target = target;
      auto res = http_fetch(base, req, snapshot_timeout);
      return caf::make_message(static_cast<std::uint32_t>(res.status), std::move(res.body),
                               std::move(res.error));
    },
  };
}

std::string depth_target(const http_url& base, const std::string& symbol, int limit) {
  std::string prefix = base.target;
  while (!prefix.empty() && prefix.back() == '/')
    prefix.pop_back();
  return prefix + "/api/v3/depth?symbol=" + symbol + "&limit=" + std::to_string(limit);
}

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

// Sends what was parsed, logs the problems found, saves the state.
void flush(self_ptr self) {
  auto& st = self->state;
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

void request_snapshots(self_ptr self);

void grow_backoff(std::int64_t& ms) {
  ms = std::clamp(ms * 2, snapshot_backoff_min_ms, snapshot_backoff_max_ms);
}

void snapshot_failed(self_ptr self, std::size_t sym, const std::string& why) {
  auto& st = self->state;
  st.stream.snapshot_failed(sym, why);
  grow_backoff(st.snapshot_backoff_ms[sym]);
  request_snapshots(self);
  flush(self);
}

void fetch_snapshot(self_ptr self, std::size_t sym) {
  auto& st = self->state;
  if (!st.depth_fetcher)
    return snapshot_failed(self, sym, "no rest_url is set: the book cannot take its snapshot");
  const auto target = st.depth_target(sym);
  self->request(st.depth_fetcher, caf::infinite, depth_snapshot_atom_v, target)
    .then(
      [self, sym, target](std::uint32_t status, const std::string& body, const std::string& error) {
        auto& st = self->state;
        if (!error.empty())
          return snapshot_failed(self, sym, "GET " + target + ": " + error);
        if (status != 200)
          return snapshot_failed(self, sym, "GET " + target + ": status " + std::to_string(status)
                                              + " " + body.substr(0, 200));
        if (st.stream.on_snapshot(sym, body, st.batches)) {
          st.snapshot_backoff_ms[sym] = 0;
          spdlog::info("{}: {} depth book synced at update {}", st.snap.name(),
                       st.stream.symbols()[sym], st.stream.book_update_id(sym));
        } else
          grow_backoff(st.snapshot_backoff_ms[sym]);
        request_snapshots(self);
        flush(self);
      },
      [self, sym](caf::error& e) {
        snapshot_failed(self, sym, "the snapshot fetcher is gone: " + to_string(e));
      });
}

// The books that want a snapshot get one fetched, after their backoff when the last
// attempt failed.
void request_snapshots(self_ptr self) {
  auto& st = self->state;
  for (const auto sym : st.stream.take_snapshot_requests()) {
    const auto wait = st.snapshot_backoff_ms[sym];
    if (wait == 0)
      fetch_snapshot(self, sym);
    else
      self->delayed_send(self, std::chrono::milliseconds{wait}, depth_snapshot_atom_v,
                         static_cast<std::uint64_t>(sym));
  }
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
  request_snapshots(self);
  flush(self);
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
  st.snapshot_backoff_ms.assign(args.symbols.size(), 0);
  if (args.rest)
    st.depth_fetcher = self->spawn<caf::detached + caf::linked>(depth_fetcher, *args.rest);
  st.depth_target = [rest = args.rest.value_or(http_url{}), limit = args.depth_limit,
                     symbols = args.symbols](std::size_t sym) {
    return depth_target(rest, symbols.at(sym), limit);
  };
  auto period = heartbeat_period(args.heartbeat_ms);
  self->send(self, slice_atom::value);
  caf::message_handler own{
    [self](frames_atom) { on_events(self); },
    [self](depth_snapshot_atom, std::uint64_t sym) {
      if (sym < self->state.stream.symbols().size())
        fetch_snapshot(self, static_cast<std::size_t>(sym));
    },
    [self, clk, period](slice_atom) {
      send_heartbeats(self, clk);
      publish_counts(self);
      self->delayed_send(self, period, slice_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
