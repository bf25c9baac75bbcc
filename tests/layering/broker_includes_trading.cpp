// Must NOT compile: a broker stands alone beside trading.
#include "actors/broker/paper_broker_state.hpp"
#include "actors/trading/orders/order_manager_state.hpp"

int layering_probe() { return 0; }
