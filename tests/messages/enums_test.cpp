#include <catch2/catch.hpp>

#include "messages/enums.hpp"

using namespace tickline;

TEST_CASE("enum names round-trip through from_string", "[messages]") {
  for (auto k : {control_kind::pause, control_kind::resume, control_kind::halt,
                 control_kind::emergency_stop, control_kind::close_all,
                 control_kind::enable_symbol, control_kind::disable_symbol,
                 control_kind::shutdown})
    CHECK(from_string<control_kind>(to_string(k)) == k);
  CHECK(to_string(direction::long_) == "long");
  CHECK(to_string(direction::short_) == "short");
  CHECK(to_string(order_type::stop_limit) == "stop_limit");
  CHECK(to_string(trading_state::reducing) == "reducing");
  CHECK(from_string<side>("sell") == side::sell);
  CHECK_FALSE(from_string<side>("SELL").has_value());
  CHECK_FALSE(from_string<risk_verdict>("").has_value());
  CHECK(from_string<signal_kind>("volatility") == signal_kind::volatility);
  for (auto s : {order_state::unknown, order_state::pending_new, order_state::open,
                 order_state::partially_filled, order_state::filled, order_state::cancelled,
                 order_state::rejected})
    CHECK(from_string<order_state>(to_string(s)) == s);
  CHECK(to_string(order_state::partially_filled) == "partially_filled");
  CHECK(to_string(order_state::rejected) == "rejected");
}
