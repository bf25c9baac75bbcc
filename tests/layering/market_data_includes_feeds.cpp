// Must NOT compile: market data (files, readers, generators) sits below the feeds that replay it.
#include "actors/market_data/csv_market_reader.hpp"
#include "actors/feeds/csv_replay_state.hpp"

int layering_probe() { return 0; }
