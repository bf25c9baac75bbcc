#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
template <typename T>
class Family;
} // namespace prometheus

namespace tickline {

struct node_counters;

/// The Prometheus metrics of one node (prometheus-cpp core; served by our own HTTP
/// server, never by prometheus-cpp's). Actors push what only they see (ticks per symbol,
/// signals, orders, handler latency, snapshot and journal write times) through cheap,
/// thread-safe calls; what is already counted elsewhere (node_counters, the registry's
/// restarts, mailbox sizes) is collected when render() runs. Every name starts with
/// `tickline_`; docs/metrics.md lists them all.
class node_metrics {
public:
  /// Fills the node-wide figures from `counters` at each render (null: none). Holds them
  /// weakly: the counters may hold this object (node_counters::metrics).
  explicit node_metrics(const std::shared_ptr<const node_counters>& counters = nullptr);
  ~node_metrics();
  node_metrics(const node_metrics&) = delete;
  node_metrics& operator=(const node_metrics&) = delete;

  // -- pushed by actors ------------------------------------------------------------

  /// Counts `n` market events (trades) of `symbol`.
  void add_ticks(const std::string& symbol, std::uint64_t n);
  /// Counts one signal of `kind` ("whale", "pattern", ...) on `symbol`.
  void add_signal(const std::string& kind, const std::string& symbol);
  /// Counts one order sent to the broker for `symbol`.
  void add_order(const std::string& symbol);
  /// Counts one fill booked for `symbol`.
  void add_fill(const std::string& symbol);
  /// Counts one order the broker rejected, for `symbol`.
  void add_reject(const std::string& symbol);
  /// Sets the connection of `source` (a feed or broker) as up or down.
  void set_connection(const std::string& source, bool connected);
  /// The handler latency histogram (seconds) of `actor`'s kind (latency_kind); the
  /// reference stays valid for this object's life. Looked up once per actor start,
  /// observed per message.
  prometheus::Histogram& handler_latency(const std::string& actor);
  /// Records one snapshot write (one actor or one node-wide batch) that took `seconds`.
  void observe_snapshot_write(double seconds);
  /// Records one synced append to the journal `name` that took `seconds`.
  void observe_journal_append(const std::string& name, double seconds);

  // -- collected on scrape ---------------------------------------------------------

  /// Sets the mailbox size of `actor` (-1: it did not answer).
  void set_mailbox(const std::string& actor, double size);
  /// Sets how many times the supervision tree restarted `actor`.
  void set_restarts(const std::string& actor, double restarts);
  /// A function run at the start of each render(), e.g. to call set_mailbox() for every
  /// actor of a live tree. It runs on render()'s thread and may block that long.
  void add_collector(std::function<void(node_metrics&)> collect);

  /// The Prometheus text exposition (format 0.0.4) of every metric, after running the
  /// collectors. Safe from any thread; renders are serialized.
  std::string render();
  /// render() as a function, for the HTTP route GET /metrics.
  std::function<std::string()> text();

private:
  void collect_counters();
  prometheus::Gauge& actor_gauge(prometheus::Family<prometheus::Gauge>& family,
                                 const std::string& actor);

  std::weak_ptr<const node_counters> counters_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::mutex render_mtx_;
  std::mutex collectors_mtx_;
  std::vector<std::function<void(node_metrics&)>> collectors_;
  prometheus::Family<prometheus::Counter>* ticks_;
  prometheus::Family<prometheus::Counter>* signals_;
  prometheus::Family<prometheus::Counter>* orders_;
  prometheus::Family<prometheus::Counter>* fills_;
  prometheus::Family<prometheus::Counter>* rejects_;
  prometheus::Family<prometheus::Gauge>* connection_;
  prometheus::Family<prometheus::Histogram>* latency_;
  prometheus::Family<prometheus::Histogram>* snapshot_write_;
  prometheus::Family<prometheus::Histogram>* journal_append_;
  prometheus::Family<prometheus::Gauge>* mailbox_;
  prometheus::Family<prometheus::Gauge>* actor_restarts_;
  /// Per-actor gauges of mailbox_ and actor_restarts_ by family and actor: a scrape sets
  /// thousands, and Family::Add hashes the whole label set each time.
  std::mutex actor_gauges_mtx_;
  std::map<std::pair<const void*, std::string>, prometheus::Gauge*> actor_gauges_;
  std::size_t last_render_size_ = 0;  ///< Reserved for the next render.
  /// node_counters totals and the counters that mirror them.
  std::vector<std::pair<const std::atomic<std::uint64_t>*, prometheus::Counter*>> mirrors_;
  /// node_counters figures by name and their gauges.
  std::vector<std::pair<std::string, prometheus::Gauge*>> figures_;
  prometheus::Family<prometheus::Gauge>* risk_state_;
  prometheus::Histogram* snapshot_hist_;
};

/// The `kind` label of an actor's handler latency: the per-symbol actors by what they are
/// ("scanner:BTCUSDT" -> "scanner", "detector:whale:BTCUSDT" -> "detector:whale"), every
/// other actor by its own name.
std::string latency_kind(const std::string& actor);

/// Buckets (seconds) of the handler latency histograms: 1 µs to 1 s.
const std::vector<double>& handler_latency_buckets();

} // namespace tickline
