#include "runtime/snapshotter.hpp"

#include <spdlog/spdlog.h>

#include "runtime/metrics.hpp"

namespace tickline {

snapshotter::snapshotter(std::string name, std::string type, snapshot_env env)
  : name_(std::move(name)), type_(std::move(type)), env_(std::move(env)) {
  last_ns_ = env_.clk ? env_.clk->now_ns() : 0;
}

bool snapshotter::due() {
  ++since_;
  const auto& p = env_.policy;
  if (p.every_messages > 0 && since_ >= p.every_messages)
    return true;
  return p.every_ns > 0 && env_.clk && env_.clk->now_ns() - last_ns_ >= p.every_ns;
}

void snapshotter::saved(const snapshot_record& r) {
  if (env_.counters)
    node_counters::add(env_.counters->snapshots);
  if (env_.registry)
    env_.registry->set_snapshot(name_, r.seq, r.ts_ns);
}

void snapshotter::wrote(std::chrono::steady_clock::time_point start) {
  if (env_.counters && env_.counters->metrics)
    env_.counters->metrics->observe_snapshot_write(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void snapshotter::restored(const snapshot_record& r) {
  spdlog::info("restored {} from snapshot seq={}", name_, r.seq);
  seq_ = r.seq;
  last_ns_ = env_.clk ? env_.clk->now_ns() : 0;
  if (env_.counters)
    node_counters::add(env_.counters->snapshots_restored);
  if (env_.registry)
    env_.registry->set_snapshot(name_, r.seq, r.ts_ns);
}

void snapshotter::failed(const std::string& what) {
  spdlog::warn("{}", what);
  if (env_.counters)
    node_counters::add(env_.counters->errors);
}

} // namespace tickline
