#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>

namespace tickline {

/// Where a node of the supervision tree is in its life.
enum class node_status : std::uint8_t { starting, running, restarting, stopped };

std::string to_string(node_status x);

/// What the registry knows about one actor or supervisor of the tree.
struct tree_node {
  std::string name;            ///< Stable name, e.g. "scanner:BTCUSDT".
  std::string kind;            ///< "supervisor", "feed", "scanner", "detector", ...
  std::string parent;          ///< Name of the supervising node; empty for the root.
  std::string strategy;        ///< Restart strategy (supervisors only).
  node_status status = node_status::starting;
  std::uint64_t restarts = 0;  ///< Times this node was restarted by its supervisor.
  std::uint64_t snapshot_seq = 0;   ///< Last snapshot written or restored; 0 = none.
  std::int64_t snapshot_ts_ns = 0;
  std::int64_t mailbox = -1;   ///< Messages waiting; -1 = unknown (filled by introspect).
  caf::actor handle;           ///< The current incarnation; invalid while down.
};

/// The live map from stable names to actors and their tree facts. Supervisors write it
/// when children start, stop and restart; actors resolve destinations through it by name
/// (see `routes`), so a restarted actor is found under the same name. Thread-safe; the hot
/// path only reads an atomic generation number.
class actor_registry {
public:
  /// Adds `n`, or replaces the entry of the same name with `n` (its handle and status
  /// included) while keeping the entry's restart count and snapshot facts.
  void upsert(tree_node n);
  /// Sets the handle and status of `name`; an invalid handle marks it down.
  void set_handle(const std::string& name, caf::actor handle, node_status status);
  void set_status(const std::string& name, node_status status);
  void add_restart(const std::string& name);
  void set_snapshot(const std::string& name, std::uint64_t seq, std::int64_t ts_ns);
  /// Removes `name` (a child removed at run time).
  void erase(const std::string& name);

  /// The current actor of `name`; invalid when unknown or down.
  caf::actor get(const std::string& name) const;
  /// A copy of every node, in the order they were first added (a parent before its
  /// children).
  std::vector<tree_node> nodes() const;
  /// Changes whenever any handle changes.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  /// Blocks until generation() differs from `seen` or `timeout` passes; returns the
  /// generation then. For tools and tests that wait for a (re)start without spinning.
  std::uint64_t await_change(std::uint64_t seen, std::chrono::milliseconds timeout) const;

private:
  void bump();

  mutable std::mutex mtx_;
  mutable std::condition_variable changed_;
  std::vector<tree_node> nodes_;
  std::unordered_map<std::string, std::size_t> index_;
  std::atomic<std::uint64_t> generation_{1};
};

/// A fixed list of destination names, resolved through the registry and re-resolved only
/// when the registry's generation changes. A destination that is down is skipped.
class routes {
public:
  routes() = default;
  routes(std::shared_ptr<const actor_registry> reg, std::vector<std::string> names);

  /// Current handles, parallel to names(); invalid entries are down.
  const std::vector<caf::actor>& get();
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }

private:
  std::shared_ptr<const actor_registry> reg_;
  std::vector<std::string> names_;
  std::vector<caf::actor> handles_;
  std::uint64_t seen_ = 0;
};

} // namespace tickline
