// Must NOT compile: the backtest pieces sit below the node that wires them.
#include "actors/backtest/backtest_recorder.hpp"
#include "actors/node/topology.hpp"

int layering_probe() { return 0; }
