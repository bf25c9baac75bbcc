#pragma once

// The http actor's answers to routed requests (internal to actors/ops/http_api.cpp).

#include <caf/stateful_actor.hpp>

#include "actors/ops/http_api.hpp"

namespace tickline {

/// Answers `w` as routed by `call`: at once when the response is ready, else after
/// asking the actors that know; audits control requests. Never blocks.
void serve(caf::stateful_actor<http_api_actor>* self, api_request w, api_call call);

} // namespace tickline
