#include "config/demo_config.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "config/loader.hpp"

using tickline::config_load_result;
using tickline::load_config_file;
using tickline::load_demo_config;

namespace {

std::string all_problems(const config_load_result& r) {
  std::string out;
  for (const auto& p : r.problems)
    out += p.to_string() + "\n";
  return out;
}

std::string example(const std::string& name) {
  return std::string(TICKLINE_SOURCE_DIR) + "/examples/" + name;
}

} // namespace

TEST_CASE("the demo config loads cleanly with the documented values", "[loader]") {
  const auto r = load_demo_config();
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& c = r.config;
  CHECK(c.source == "<demo>");
  CHECK(c.node.name == "tickline-demo");
  CHECK(c.node.data_dir == "./tickline-data");
  CHECK(c.market.symbols == std::vector<std::string>{"BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"});
  REQUIRE(c.feeds.size() == 1);
  CHECK(c.feeds[0].name == "synthetic");
  CHECK(c.feeds[0].kind == "synthetic");
  CHECK(c.feeds[0].seed == 42);
  CHECK(c.feeds[0].ticks_per_second == 200);
  CHECK(c.feeds[0].slice_ms == 50);
  CHECK(c.feeds[0].whale_probability == 0.002);
  CHECK(c.scanner.timeframes == std::vector<std::string>{"1s", "1m"});
  CHECK(c.scanner.indicators
        == std::vector<std::string>{"sma(20)", "ema(20)", "rsi(14)", "regime(20)"});
  CHECK(c.detectors.whale.enabled);
  CHECK(c.orders.client_id_prefix == "tl");
  CHECK(c.orders.take_profit_fractions == std::vector<double>{0.5, 0.5});
  CHECK(c.orders.max_holding_ns == 4LL * 3600 * 1'000'000'000);
  CHECK(c.http.enabled);
  CHECK(c.http.listen == "127.0.0.1:8080");
}

TEST_CASE("the example files load cleanly", "[loader]") {
  const auto demo = load_config_file(example("demo.toml"));
  INFO(all_problems(demo));
  CHECK(demo.ok());
  CHECK(demo.config.source == example("demo.toml"));
  CHECK(demo.config.node.name == "tickline-demo");

  const auto minimal_file = load_config_file(example("minimal.toml"));
  INFO(all_problems(minimal_file));
  CHECK(minimal_file.ok());
  CHECK(minimal_file.config.market.symbols == std::vector<std::string>{"BTCUSDT"});
  CHECK(minimal_file.config.feeds.size() == 1);
}

TEST_CASE("examples/demo.toml is the embedded demo config", "[loader]") {
  std::ifstream in(example("demo.toml"));
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  CHECK(text.str() == tickline::demo_config_toml());
}
