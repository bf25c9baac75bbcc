#include "actors/signal_log.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "messages/type_ids.hpp"

namespace tickline {

caf::behavior signal_log(caf::stateful_actor<signal_log_actor>* self, int upstream) {
  self->state.upstream = upstream;
  return {
    [self](const std::vector<signal>& batch) {
      bool log = spdlog::should_log(spdlog::level::info);
      for (const auto& s : batch) {
        self->state.log.add(s);
        if (log)
          spdlog::info("signal {}", signal_log_state::describe(s));
      }
    },
    [self](end_atom) {
      if (++self->state.ended >= self->state.upstream)
        self->quit();
    },
  };
}

} // namespace tickline
