// Must NOT compile: the learning daemon learns from messages, beside the trading actors.
#include "actors/learning/learning_state.hpp"
#include "actors/trading/strategy/strategy_state.hpp"

int layering_probe() { return 0; }
