#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options shared by the supervision and storage benchmarks.
struct supervision_options {
  int actors = 1000;          ///< Symbol subtrees for coldstart and snapshot. Default: 1000.
  int iterations = 1000;      ///< Restarts, journal appends or slices fed. Default: 1000.
  int threads = 0;            ///< Scheduler threads; 0 = core count. Default: 0.
  std::string dir;            ///< Scratch directory; empty = a fresh temp dir. Default: "".
};

/// Crash -> the child running again with its state restored, measured until the new
/// incarnation answers its first message; latency percentiles in microseconds.
nlohmann::json run_restart(const supervision_options& o);

/// One atomic snapshot of every worker of a tree with `actors` / 4 symbol subtrees (a
/// scanner and three detectors each), as a graceful stop takes it; milliseconds.
nlohmann::json run_snapshot(const supervision_options& o);

/// Start of a node with `actors` symbol subtrees, every worker restoring its snapshot,
/// until the whole tree runs; seconds.
nlohmann::json run_coldstart(const supervision_options& o);

/// `iterations` synced journal appends: ops/s and latency percentiles in microseconds.
nlohmann::json run_journal(const supervision_options& o);

/// Memory of a node holding `actors` symbol subtrees (the demo config's scanner and three
/// detectors each, snapshots in RocksDB by the demo's policy) after `iterations` 50 ms
/// slices of trades, fed a simulated second at a time: the process's resident set (VmRSS)
/// and its peak (VmHWM) in MB from /proc/self/status, before the tree starts, once it runs
/// and at the end, and what malloc holds in use and free.
nlohmann::json run_memory(const supervision_options& o);

} // namespace tickline::bench
