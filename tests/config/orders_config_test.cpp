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
  CHECK(o.checkpoint_every == 50'000);
}

TEST_CASE("orders: present keys are read", "[loader][orders]") {
  const auto r = load_orders(R"toml(client_id_prefix = "node_7"
take_profit_fractions = [0.25, 0.5, 0.125]
trailing_atr_multiple = 2.5
trailing_atr_multiple_volatile = 1
max_holding = "90m"
reconcile_timeout = "1500ms"
checkpoint_every = 0
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
  CHECK(o.checkpoint_every == 0);
}

TEST_CASE("orders: trailing off needs no volatile multiple", "[loader][orders]") {
  const auto r = load_orders("trailing_atr_multiple = 0\ntrailing_atr_multiple_volatile = 0\n");
  INFO(all_problems(r));
  REQUIRE(r.ok());
  CHECK(r.config.orders.trailing_atr_multiple == 0);
}

TEST_CASE("orders: bad values are located and explained", "[loader][orders]") {
  struct bad_case {
    const char* toml;        // after "[orders]", so on line 7
    std::uint32_t column;
    const char* key;
    const char* message;
  };
  const std::string duration = "expected a positive duration such as \"30s\", \"5m\" or \"4h\", ";
  const std::string prefix = "expected 1..16 characters of [A-Za-z0-9_], ";
  const std::string volatile_k = "expected > 0 and <= trailing_atr_multiple (3), ";
  const bad_case cases[] = {
    {"client_id_prefix = \"a-b\"", 20, "client_id_prefix", "got \"a-b\""},
    {"client_id_prefix = \"\"", 20, "client_id_prefix", "got \"\""},
    {"take_profit_fractions = [0.5, 0, 0.2]", 31, "take_profit_fractions[1]",
     "expected (0, 1], got 0"},
    {"take_profit_fractions = [1.5]", 26, "take_profit_fractions[0]", "expected (0, 1], got 1.5"},
    {"take_profit_fractions = [0.5, \"half\"]", 31, "take_profit_fractions[1]",
     "expected a number, got string"},
    {"take_profit_fractions = []", 25, "take_profit_fractions", "expected a non-empty array"},
    {"take_profit_fractions = 0.5", 25, "take_profit_fractions",
     "expected an array of numbers, got float"},
    // 0.5 + 0.75 = 1.25 > 1.
    {"take_profit_fractions = [0.5, 0.75]", 25, "take_profit_fractions",
     "expected fractions summing to at most 1, got 1.25"},
    {"trailing_atr_multiple = -1", 25, "trailing_atr_multiple", "expected 0..100, got -1"},
    {"trailing_atr_multiple_volatile = 4", 34, "trailing_atr_multiple_volatile", "got 4"},
    {"trailing_atr_multiple_volatile = 0", 34, "trailing_atr_multiple_volatile", "got 0"},
    {"max_holding = \"4 hours\"", 15, "max_holding", "got \"4 hours\""},
    {"reconcile_timeout = \"0s\"", 21, "reconcile_timeout", "got \"0s\""},
    {"reconcile_timeout = 10", 21, "reconcile_timeout", "expected a string, got integer"},
    {"max_holdings = \"1h\"", 1, "max_holdings", "unknown key; did you mean `max_holding`?"},
    {"checkpoint_every = 10", 20, "checkpoint_every",
     "expected 0 (never) or 1000..100000000 records, got 10"},
    {"checkpoint_every = -1", 20, "checkpoint_every", "expected 0..100000000, got -1"},
  };
  for (const auto& c : cases) {
    const std::string key = c.key;
    // Messages that only differ in the value end with "got ..."; add their fixed start.
    std::string message = c.message;
    if (message.rfind("got ", 0) == 0)
      message = (key == "client_id_prefix"                 ? prefix
                 : key == "trailing_atr_multiple_volatile" ? volatile_k
                                                           : duration)
                + message;
    INFO(c.toml);
    check_single(load_orders(std::string(c.toml) + "\n"), 7, c.column, "orders." + key, message);
  }
}
