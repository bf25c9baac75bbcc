#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace tickline {

class node_metrics;

/// Node-wide event counts, shared by all actors of a node and read by the summary, the
/// metrics endpoint and the benchmarks. Actors add per batch, not per event.
struct node_counters {
  std::atomic<std::uint64_t> ticks{0};
  std::atomic<std::uint64_t> bars{0};
  std::atomic<std::uint64_t> replayed{0};     ///< Events read from files by replay feeds.
  std::atomic<std::uint64_t> signals{0};
  std::atomic<std::uint64_t> orders{0};
  std::atomic<std::uint64_t> fills{0};
  std::atomic<std::uint64_t> rejects{0};       ///< Orders the broker refused.
  std::atomic<std::uint64_t> exit_rejects{0};  ///< Of those, reduce-only exits.
  std::atomic<std::uint64_t> restarts{0};
  std::atomic<std::uint64_t> escalations{0};
  std::atomic<std::uint64_t> snapshots{0};
  std::atomic<std::uint64_t> snapshots_restored{0};
  std::atomic<std::uint64_t> errors{0};
  /// The node's Prometheus metrics, where actors push what only they see; null when the
  /// node serves no metrics (tests, backtests). Set before the actors start.
  std::shared_ptr<node_metrics> metrics;

  /// Adds `n` to `c` (relaxed: counts, not synchronisation).
  static void add(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) {
    c.fetch_add(n, std::memory_order_relaxed);
  }

  /// Replaces the counts a feed reports of itself (events, skipped input by reason...).
  void set_feed_counts(const std::string& feed, std::map<std::string, std::uint64_t> counts);
  /// Every feed's last reported counts, by feed name.
  std::map<std::string, std::map<std::string, std::uint64_t>> feed_counts() const;

  /// Sets a figure of the trading side by name ("pnl", "equity", "cash", ...).
  void set_figure(const std::string& name, double value);
  /// Sets a label by name ("risk_state").
  void set_label(const std::string& name, std::string value);
  /// The figures and labels set so far.
  std::map<std::string, double> figures() const;
  std::map<std::string, std::string> labels() const;

private:
  mutable std::mutex feeds_mtx_;
  std::map<std::string, std::map<std::string, std::uint64_t>> feeds_;
  std::map<std::string, double> figures_;
  std::map<std::string, std::string> labels_;
};

/// The `--summary` JSON object: every counter by name plus `duration_s`, `feeds` (each
/// feed's own counts), every figure and label at the top level (`pnl`, `equity`,
/// `risk_state` once the node trades), and `tree` (the
/// supervision tree as introspected at stop, a JSON array; default empty). The names are
/// an interface that scripts depend on.
std::string summary_json(const node_counters& c, double duration_s,
                         const std::string& tree_json = "[]");

} // namespace tickline
