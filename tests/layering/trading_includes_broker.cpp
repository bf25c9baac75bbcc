// Must NOT compile: the order manager speaks the broker messages, never a broker's state.
#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/broker/paper_broker_state.hpp"

int layering_probe() { return 0; }
