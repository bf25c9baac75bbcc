// Must NOT compile: only the node knows the actor graph.
#include "actors/ops/http_api.hpp"
#include "actors/node/topology.hpp"

int layering_probe() { return 0; }
