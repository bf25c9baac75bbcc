// Must compile: the control case for the actors/ probes (trading sees signals and
// indicators, the subsystems below it).
#include "actors/indicators/indicators.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "actors/trading/strategy/strategy_state.hpp"

int layering_probe() { return 0; }
