// Must NOT compile: analytics/ sees messages/ only (pure functions over trades and equity).
#include "analytics/metrics.hpp"
#include "config/config.hpp"

int layering_probe() { return 0; }
