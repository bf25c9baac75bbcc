#include "runtime/registry.hpp"

namespace tickline {

std::string to_string(node_status x) {
  switch (x) {
    case node_status::starting: return "starting";
    case node_status::running: return "running";
    case node_status::restarting: return "restarting";
    case node_status::stopped: return "stopped";
  }
  return "unknown";
}

void actor_registry::upsert(tree_node n) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto it = index_.find(n.name);
  if (it == index_.end()) {
    index_.emplace(n.name, nodes_.size());
    nodes_.push_back(std::move(n));
  } else {
    auto& cur = nodes_[it->second];
    n.restarts = cur.restarts;
    n.snapshot_seq = cur.snapshot_seq;
    n.snapshot_ts_ns = cur.snapshot_ts_ns;
    cur = std::move(n);
  }
  bump();
}

void actor_registry::set_handle(const std::string& name, caf::actor handle, node_status status) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto it = index_.find(name);
  if (it == index_.end())
    return;
  nodes_[it->second].handle = std::move(handle);
  nodes_[it->second].status = status;
  bump();
}

void actor_registry::set_status(const std::string& name, node_status status) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (auto it = index_.find(name); it != index_.end())
    nodes_[it->second].status = status;
}

void actor_registry::add_restart(const std::string& name) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (auto it = index_.find(name); it != index_.end())
    ++nodes_[it->second].restarts;
}

void actor_registry::set_snapshot(const std::string& name, std::uint64_t seq, std::int64_t ts_ns) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (auto it = index_.find(name); it != index_.end()) {
    nodes_[it->second].snapshot_seq = seq;
    nodes_[it->second].snapshot_ts_ns = ts_ns;
  }
}

void actor_registry::erase(const std::string& name) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto it = index_.find(name);
  if (it == index_.end())
    return;
  nodes_.erase(nodes_.begin() + static_cast<long>(it->second));
  index_.clear();
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    index_.emplace(nodes_[i].name, i);
  bump();
}

void actor_registry::bump() {
  // Called with mtx_ held, so a waiter cannot miss the notification.
  generation_.fetch_add(1, std::memory_order_acq_rel);
  changed_.notify_all();
}

std::uint64_t actor_registry::await_change(std::uint64_t seen,
                                           std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock{mtx_};
  changed_.wait_for(lock, timeout, [&] { return generation() != seen; });
  return generation();
}

caf::actor actor_registry::get(const std::string& name) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto it = index_.find(name);
  return it == index_.end() ? caf::actor{} : nodes_[it->second].handle;
}

std::vector<tree_node> actor_registry::nodes() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return nodes_;
}

routes::routes(std::shared_ptr<const actor_registry> reg, std::vector<std::string> names)
  : reg_(std::move(reg)), names_(std::move(names)), handles_(names_.size()) {}

const std::vector<caf::actor>& routes::get() {
  if (!reg_)
    return handles_;
  auto gen = reg_->generation();
  if (gen != seen_) {
    for (std::size_t i = 0; i < names_.size(); ++i)
      handles_[i] = reg_->get(names_[i]);
    seen_ = gen;
  }
  return handles_;
}

} // namespace tickline
