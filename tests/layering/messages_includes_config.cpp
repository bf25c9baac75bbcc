// Must NOT compile: messages/ is the lowest layer and may not include config/.
#include "config/config.hpp"
#include "messages/market.hpp"

int layering_probe() { return 0; }
