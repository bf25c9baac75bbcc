// The [orders] table: defaults, values, and located validation problems.

#include <string>
#include <vector>

#include "loader_test_helpers.hpp"

namespace {

config_load_result load_orders(const std::string& orders_table) {
  return load_config_string(std::string(minimal) + "[orders]\n" + orders_table, "test.toml");
}

} // namespace

TEST_CASE("orders: absent keys take the defaults", "[loader][orders]") {
  const auto r = load(minimal);
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& o = r.config.orders;
  CHECK(o.client_id_prefix == "tl");
  CHECK(o.take_profit_fractions == std::vector<double>{0.5, 0.5});
  CHECK(o.trailing_atr_multiple == 3);
  CHECK(o.trailing_atr_multiple_volatile == 2);
  CHECK(o.max_holding_ns == 4LL * 3600 * 1'000'000'000);
  CHECK(o.reconcile_timeout_ns == 10LL * 1'000'000'000);
}

TEST_CASE("orders: present keys are read", "[loader][orders]") {
  const auto r = load_orders(R"toml(client_id_prefix = "node_7"
take_profit_fractions = [0.25, 0.5, 0.125]
trailing_atr_multiple = 2.5
trailing_atr_multiple_volatile = 1
max_holding = "90m"
reconcile_timeout = "1500ms"
)toml");
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& o = r.config.orders;
  CHECK(o.client_id_prefix == "node_7");
  CHECK(o.take_profit_fractions == std::vector<double>{0.25, 0.5, 0.125});
  CHECK(o.trailing_atr_multiple == 2.5);
  CHECK(o.trailing_atr_multiple_volatile == 1);
  CHECK(o.max_holding_ns == 90LL * 60 * 1'000'000'000);  // 5.4e12 ns
  CHECK(o.reconcile_timeout_ns == 1'500'000'000);
}

TEST_CASE("orders: trailing off needs no volatile multiple", "[loader][orders]") {
  const auto r = load_orders("trailing_atr_multiple = 0\ntrailing_atr_multiple_volatile = 0\n");
  INFO(all_problems(r));
  REQUIRE(r.ok());
  CHECK(r.config.orders.trailing_atr_multiple == 0);
}

TEST_CASE("orders: bad values are located and explained", "[loader][orders]") {
  // Line 6 is "[orders]"; the keys start on line 7.
  check_single(load_orders("client_id_prefix = \"a-b\"\n"), 7, 20, "orders.client_id_prefix",
               "expected 1..16 characters of [A-Za-z0-9_], got \"a-b\"");
  check_single(load_orders("client_id_prefix = \"\"\n"), 7, 20, "orders.client_id_prefix",
               "expected 1..16 characters of [A-Za-z0-9_], got \"\"");
  check_single(load_orders("take_profit_fractions = [0.5, 0, 0.2]\n"), 7, 31,
               "orders.take_profit_fractions[1]", "expected (0, 1], got 0");
  check_single(load_orders("take_profit_fractions = [0.5, \"half\"]\n"), 7, 31,
               "orders.take_profit_fractions[1]", "expected a number, got string");
  check_single(load_orders("take_profit_fractions = []\n"), 7, 25,
               "orders.take_profit_fractions", "expected a non-empty array");
  check_single(load_orders("take_profit_fractions = 0.5\n"), 7, 25,
               "orders.take_profit_fractions", "expected an array of numbers, got float");
  // 0.5 + 0.75 = 1.25 > 1.
  check_single(load_orders("take_profit_fractions = [0.5, 0.75]\n"), 7, 25,
               "orders.take_profit_fractions", "expected fractions summing to at most 1, got 1.25");
  check_single(load_orders("trailing_atr_multiple = -1\n"), 7, 25,
               "orders.trailing_atr_multiple", "expected 0..100, got -1");
  check_single(load_orders("trailing_atr_multiple_volatile = 4\n"), 7, 34,
               "orders.trailing_atr_multiple_volatile",
               "expected > 0 and <= trailing_atr_multiple (3), got 4");
  check_single(load_orders("trailing_atr_multiple_volatile = 0\n"), 7, 34,
               "orders.trailing_atr_multiple_volatile",
               "expected > 0 and <= trailing_atr_multiple (3), got 0");
  check_single(load_orders("max_holding = \"4 hours\"\n"), 7, 15, "orders.max_holding",
               "expected a positive duration such as \"30s\", \"5m\" or \"4h\", got \"4 hours\"");
  check_single(load_orders("reconcile_timeout = \"0s\"\n"), 7, 21, "orders.reconcile_timeout",
               "expected a positive duration such as \"30s\", \"5m\" or \"4h\", got \"0s\"");
  check_single(load_orders("reconcile_timeout = 10\n"), 7, 21, "orders.reconcile_timeout",
               "expected a string, got integer");
  check_single(load_orders("max_holdings = \"1h\"\n"), 7, 1, "orders.max_holdings",
               "unknown key; did you mean `max_holding`?");
}
