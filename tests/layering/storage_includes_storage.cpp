// Must compile: the control case for the layering probes (a layer sees itself and below).
#include "config/config.hpp"
#include "messages/market.hpp"
#include "storage/data_dir.hpp"

int layering_probe() { return 0; }
