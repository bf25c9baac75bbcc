#include "runtime/supervisor.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<supervisor_actor>*;
using child = supervisor_actor::child;

child* find(self_ptr self, const std::string& name) {
  for (auto& c : self->state.children)
    if (c.spec.name == name)
      return &c;
  return nullptr;
}

std::int64_t now_ns(self_ptr self) { return self->state.args.clk->now_ns(); }

std::string describe(self_ptr self, const caf::error& reason) {
  return reason ? self->system().render(reason) : "normal";
}

void continue_stopping(self_ptr self);
void schedule_restart(self_ptr self);

// Starts one child; false when its start function threw.
bool start_child(self_ptr self, child& c) {
  auto& st = self->state;
  try {
    auto h = c.spec.start(self->system());
    if (!h)
      throw std::runtime_error("start function returned no actor");
    self->monitor(h);
    st.live->insert(h);
    c.handle = h;
    c.stopping = false;
    ++c.incarnation;
    st.args.registry->set_handle(c.spec.name, h, node_status::running);
    return true;
  } catch (const std::exception& e) {
    spdlog::error("supervisor {}: child {} failed to start: {}", st.args.name, c.spec.name, e.what());
    node_counters::add(st.args.counters->errors);
    return false;
  }
}

void register_child(self_ptr self, const child_spec& spec) {
  tree_node n;
  n.name = spec.name;
  n.kind = spec.kind;
  n.parent = self->state.args.name;
  n.strategy = spec.strategy;
  self->state.args.registry->upsert(std::move(n));
}

// Stops every running child in reverse start order, then quits with `reason`.
void shut_down(self_ptr self, caf::error reason) {
  auto& st = self->state;
  if (st.shutting_down)
    return;
  st.shutting_down = true;
  st.exit_reason = std::move(reason);
  st.restart_batch.clear();
  st.stop_queue.clear();
  for (auto it = st.children.rbegin(); it != st.children.rend(); ++it)
    st.stop_queue.push_back(it->spec.name);
  continue_stopping(self);
}

void escalate(self_ptr self, const std::string& why) {
  auto& st = self->state;
  node_counters::add(st.args.counters->escalations);
  spdlog::error("supervisor {}: {}; stopping its children and escalating", st.args.name, why);
  shut_down(self, make_error(errc::escalation, st.args.name + ": " + why));
}

// Records a restart against the intensity limit; false after escalating.
bool allow_restart(self_ptr self) {
  auto& st = self->state;
  if (st.intensity.record(now_ns(self)))
    return true;
  escalate(self, "restart intensity exceeded (more than " + std::to_string(st.args.flags.intensity)
                   + " restarts in " + std::to_string(st.args.flags.period_ns / 1'000'000) + " ms)");
  return false;
}

void start_batch(self_ptr self) {
  auto& st = self->state;
  st.restart_scheduled = false;
  if (st.shutting_down)
    return;
  auto batch = std::move(st.restart_batch);
  st.restart_batch.clear();
  for (auto& c : st.children) {
    if (c.handle || std::find(batch.begin(), batch.end(), c.spec.name) == batch.end())
      continue;
    if (!start_child(self, c)) {
      // A failed restart counts like a crash: retry within the intensity limit.
      if (!allow_restart(self))
        return;
      st.restart_batch.push_back(c.spec.name);
    }
  }
  if (!st.restart_batch.empty())
    schedule_restart(self);
}

void schedule_restart(self_ptr self) {
  auto& st = self->state;
  if (st.restart_scheduled)
    return;
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  auto attempt = static_cast<int>(st.intensity.recent());
  auto delay = backoff_delay_ns(st.args.flags, attempt, unit(st.rng));
  st.restart_scheduled = true;
  if (delay > 0)
    self->delayed_send(self, std::chrono::nanoseconds{delay}, restart_atom::value);
  else
    start_batch(self);
}

void continue_stopping(self_ptr self) {
  auto& st = self->state;
  while (!st.stop_queue.empty()) {
    auto* c = find(self, st.stop_queue.front());
    if (c == nullptr || !c->handle) {
      st.stop_queue.erase(st.stop_queue.begin());
      continue;
    }
    if (!c->stopping) {
      c->stopping = true;
      st.args.registry->set_status(c->spec.name, node_status::stopped);
      self->send_exit(c->handle, caf::exit_reason::user_shutdown);
      self->delayed_send(self, c->spec.shutdown, stop_timer_atom::value, c->spec.name,
                         c->incarnation);
    }
    return;  // one at a time: wait for its down message
  }
  if (st.shutting_down) {
    self->quit(st.exit_reason);
    return;
  }
  if (!st.restart_batch.empty())
    schedule_restart(self);
}

void on_child_down(self_ptr self, std::size_t idx, const caf::error& reason) {
  auto& st = self->state;
  auto& c = st.children[idx];
  st.live->erase(c.handle);
  c.handle = nullptr;
  st.args.registry->set_handle(c.spec.name, {}, node_status::stopped);
  if (c.stopping) {
    c.stopping = false;
    if (!st.stop_queue.empty() && st.stop_queue.front() == c.spec.name)
      st.stop_queue.erase(st.stop_queue.begin());
    if (c.remove_when_stopped) {
      st.args.registry->erase(c.spec.name);
      st.children.erase(st.children.begin() + static_cast<long>(idx));
    }
    continue_stopping(self);
    return;
  }
  if (st.shutting_down)
    return;
  bool abnormal = reason && reason != caf::exit_reason::normal
                  && reason != caf::exit_reason::user_shutdown;
  auto name = c.spec.name;
  if (!should_restart(c.spec.restart, abnormal)) {
    spdlog::info("supervisor {}: child {} exited ({}), not restarted", st.args.name, name,
                 describe(self, reason));
    if (c.spec.restart == restart_type::temporary) {
      st.args.registry->erase(name);
      st.children.erase(st.children.begin() + static_cast<long>(idx));
    }
    return;
  }
  spdlog::warn("supervisor {}: child {} exited ({}), restarting ({})", st.args.name, name,
               describe(self, reason), to_string(st.args.flags.strategy));
  if (!allow_restart(self))
    return;
  auto affected = affected_children(st.args.flags.strategy, idx, st.children.size());
  for (auto i : affected) {
    auto& a = st.children[i];
    node_counters::add(st.args.counters->restarts);
    st.args.registry->add_restart(a.spec.name);
    st.args.registry->set_status(a.spec.name, node_status::restarting);
    if (std::find(st.restart_batch.begin(), st.restart_batch.end(), a.spec.name)
        == st.restart_batch.end())
      st.restart_batch.push_back(a.spec.name);
  }
  for (auto it = affected.rbegin(); it != affected.rend(); ++it)
    if (*it != idx && st.children[*it].handle)
      st.stop_queue.push_back(st.children[*it].spec.name);
  continue_stopping(self);
}

} // namespace

caf::behavior supervisor(caf::stateful_actor<supervisor_actor>* self, supervisor_args args) {
  auto& st = self->state;
  st.args = std::move(args);
  st.intensity = restart_intensity{st.args.flags.intensity, st.args.flags.period_ns};
  st.rng.seed(st.args.seed);
  for (auto& spec : st.args.children) {
    register_child(self, spec);
    st.children.push_back(child{spec, {}, false, false, 0});
  }
  st.args.children.clear();
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& cs = self->state.children;
    for (std::size_t i = 0; i < cs.size(); ++i)
      if (cs[i].handle && cs[i].handle.address() == dm.source) {
        on_child_down(self, i, dm.reason);
        return;
      }
  });
  // Children are monitored, not linked: their exits arrive only as down messages, and
  // an exit message always means "stop" (from the parent or the node). Should this
  // supervisor die without stopping its children (killed), they die with it.
  self->set_exit_handler([self](caf::exit_msg& em) { shut_down(self, em.reason); });
  self->attach_functor([live = st.live](const caf::error&) {
    for (const auto& h : *live)
      caf::anon_send_exit(h, caf::exit_reason::kill);
  });
  for (auto& c : st.children) {
    if (!start_child(self, c)) {
      // OTP: a child that cannot start makes the supervisor fail its start.
      shut_down(self, make_error(errc::start_failed, c.spec.name));
      break;
    }
  }
  return {
    [self](restart_atom) { start_batch(self); },
    [self](stop_timer_atom, const std::string& name, std::uint64_t incarnation) {
      auto* c = find(self, name);
      if (c && c->handle && c->stopping && c->incarnation == incarnation) {
        spdlog::warn("supervisor {}: child {} did not stop in time; killing it",
                     self->state.args.name, name);
        self->send_exit(c->handle, caf::exit_reason::kill);
      }
    },
    [self](stop_atom) { shut_down(self, caf::exit_reason::user_shutdown); },
    [self](caf::add_atom, const child_spec_ptr& spec) -> bool {
      if (self->state.shutting_down || find(self, spec->name) != nullptr)
        return false;
      register_child(self, *spec);
      self->state.children.push_back(child{*spec, {}, false, false, 0});
      return start_child(self, self->state.children.back());
    },
    [self](caf::delete_atom, const std::string& name) -> bool {
      auto* c = find(self, name);
      if (c == nullptr)
        return false;
      c->remove_when_stopped = true;
      if (!c->handle) {
        self->state.args.registry->erase(name);
        auto& cs = self->state.children;
        cs.erase(std::remove_if(cs.begin(), cs.end(),
                                [&](const child& x) { return x.spec.name == name; }),
                 cs.end());
        return true;
      }
      self->state.stop_queue.push_back(name);
      continue_stopping(self);
      return true;
    },
    [self](stats_atom) -> std::int64_t {
      return static_cast<std::int64_t>(self->mailbox().size());
    },
  };
}

} // namespace tickline
