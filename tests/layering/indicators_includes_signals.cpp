// Must NOT compile: indicators sit below the signals that use them.
#include "actors/indicators/indicators.hpp"
#include "actors/signals/scanner_state.hpp"

int layering_probe() { return 0; }
