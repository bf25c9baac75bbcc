// Must NOT compile: signals are below trading: a detector never sees orders.
#include "actors/signals/scanner_state.hpp"
#include "actors/trading/orders/order_manager_state.hpp"

int layering_probe() { return 0; }
