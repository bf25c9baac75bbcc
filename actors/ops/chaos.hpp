#pragma once

#include <cstdint>
#include <memory>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/ops/chaos_state.hpp"
#include "runtime/registry.hpp"

namespace tickline {

/// Actor state of chaos mode.
struct chaos_actor {
  chaos_state chaos{1, 0};
  static inline const char* name = "chaos";
};

/// Chaos mode: at about `rate` crashes per second, sends `crash_atom` to a worker chosen
/// at random among the running workers of the tree (never a supervisor), so that users
/// can watch restart policies work. Not part of the tree; the node stops it.
caf::behavior chaos_monkey(caf::stateful_actor<chaos_actor>* self,
                           std::shared_ptr<const actor_registry> registry, double rate,
                           std::uint64_t seed);

} // namespace tickline
