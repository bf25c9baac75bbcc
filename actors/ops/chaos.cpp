#include "actors/ops/chaos.hpp"

#include <chrono>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "messages/type_ids.hpp"

namespace tickline {

caf::behavior chaos_monkey(caf::stateful_actor<chaos_actor>* self,
                           std::shared_ptr<const actor_registry> registry, double rate,
                           std::uint64_t seed) {
  self->state.chaos = chaos_state{rate, seed};
  auto next = [self] {
    self->delayed_send(self, std::chrono::nanoseconds{self->state.chaos.next_delay_ns()},
                       crash_atom::value);
  };
  next();
  return {
    [self, registry, next](crash_atom) {
      std::vector<tree_node> victims;
      for (auto& n : registry->nodes())
        if (n.kind != "supervisor" && n.handle && n.status == node_status::running)
          victims.push_back(std::move(n));
      if (!victims.empty()) {
        const auto& v = victims[self->state.chaos.pick(victims.size())];
        spdlog::info("chaos: crashing {}", v.name);
        self->send(v.handle, crash_atom::value);
      }
      next();
    },
  };
}

} // namespace tickline
