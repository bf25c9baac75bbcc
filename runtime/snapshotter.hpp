#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/cereal.hpp>

#include "runtime/clock.hpp"
#include "runtime/counters.hpp"
#include "runtime/registry.hpp"
#include "storage/snapshot_store.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

/// When an actor writes its snapshot.
struct snapshot_policy {
  std::uint64_t every_messages = 1000;  ///< After this many messages; 0 = never. Default: 1000.
  std::int64_t every_ns = 1'000'000'000; ///< When this much clock time passed; 0 = never. Default: 1 s.
  bool on_stop = true;                  ///< On a graceful stop. Default: true.
};

/// The shared services an actor needs to snapshot itself; all optional (tests and
/// benchmarks run without a store).
struct snapshot_env {
  std::shared_ptr<snapshot_store> store;
  std::shared_ptr<actor_registry> registry;
  std::shared_ptr<node_counters> counters;
  clock_ptr clk;
  snapshot_policy policy;
};

/// Snapshot bookkeeping of one actor, kept in its actor state: restores the latest
/// snapshot before the first message, saves by policy after messages and on graceful
/// stop. A snapshot that does not decode (corrupt, other type, newer version) is
/// reported and the actor starts clean; nothing here throws.
class snapshotter {
public:
  snapshotter() = default;
  /// `type` names the state class; it must match on restore.
  snapshotter(std::string name, std::string type, snapshot_env env);

  bool enabled() const { return env_.store != nullptr; }
  const std::string& name() const { return name_; }
  std::uint64_t seq() const { return seq_; }
  const snapshot_policy& policy() const { return env_.policy; }
  /// The shared services it was given (counters, metrics, clock...).
  const snapshot_env& env() const { return env_; }

  /// Loads the latest snapshot into `st`; returns true when one was restored.
  template <class State>
  bool restore(State& st);
  /// Counts a handled message and saves when the policy says so.
  template <class State>
  void after_message(const State& st);
  /// Saves now (graceful stop, explicit request).
  template <class State>
  void save(const State& st);
  /// The record save() would write, with the next sequence number; for batched writes.
  template <class State>
  snapshot_record make(const State& st);

  /// Records that `r` (from make()) was written by someone else, e.g. a node-wide batch.
  void saved(const snapshot_record& r);

private:
  bool due();
  void failed(const std::string& what);
  void restored(const snapshot_record& r);
  void wrote(std::chrono::steady_clock::time_point start);

  std::string name_;
  std::string type_;
  snapshot_env env_;
  std::uint64_t seq_ = 0;
  std::uint64_t since_ = 0;
  std::int64_t last_ns_ = 0;
};

template <class State>
bool snapshotter::restore(State& st) {
  if (!enabled())
    return false;
  try {
    auto found = env_.store->get(name_);
    if (!found.error.empty()) {
      failed("snapshot of " + name_ + " does not decode: " + found.error + "; starting clean");
      return false;
    }
    if (!found.record)
      return false;
    const auto& r = *found.record;
    auto current = cereal::detail::Version<State>::version;
    if (r.type != type_ || r.version > current) {
      failed("snapshot of " + name_ + " is " + r.type + " v" + std::to_string(r.version)
             + ", expected " + type_ + " up to v" + std::to_string(current) + "; starting clean");
      return false;
    }
    State fresh = st;
    decode_limit limit{r.payload.size()};
    std::istringstream is{r.payload};
    cereal::PortableBinaryInputArchive ar{is};
    ar(fresh);
    st = std::move(fresh);
    restored(r);
    return true;
  } catch (const std::exception& e) {
    failed("snapshot of " + name_ + " does not decode: " + e.what() + "; starting clean");
    return false;
  }
}

template <class State>
snapshot_record snapshotter::make(const State& st) {
  snapshot_record r;
  r.name = name_;
  r.seq = ++seq_;
  r.ts_ns = env_.clk ? env_.clk->now_ns() : 0;
  r.type = type_;
  r.version = cereal::detail::Version<State>::version;
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(st);
  }
  r.payload = os.str();
  since_ = 0;
  last_ns_ = r.ts_ns;
  return r;
}

template <class State>
void snapshotter::save(const State& st) {
  if (!enabled())
    return;
  auto seq_before = seq_;
  try {
    auto r = make(st);
    auto start = std::chrono::steady_clock::now();
    env_.store->put(r);
    wrote(start);
    saved(r);
  } catch (const std::exception& e) {
    seq_ = seq_before;  // no gap in the sequence for a write that did not happen
    failed("snapshot of " + name_ + " not written: " + e.what());
  }
}

template <class State>
void snapshotter::after_message(const State& st) {
  if (enabled() && due())
    save(st);
}

} // namespace tickline
