// Must NOT compile: a feed knows its scanners by name only, never their state.
#include "actors/feeds/csv_replay_state.hpp"
#include "actors/signals/scanner_state.hpp"

int layering_probe() { return 0; }
