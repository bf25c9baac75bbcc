// Must NOT compile: trading is below ops: the HTTP API reads trading, never the other way.
#include "actors/trading/risk/risk_state.hpp"
#include "actors/ops/http_api.hpp"

int layering_probe() { return 0; }
