// Protection through the running node (the demo tree on the test scheduler): entries
// approved but not yet filled count against the caps.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trading_fixture.hpp"

using namespace tickline;
using namespace tickline::test;

TEST_CASE("a burst of entries across symbols never overshoots the gross exposure cap",
          "[protection][pending]") {
  trading_fixture f{nullptr, nullptr, [](engine_config& c) {
                      c.strategy.min_confidence = 2;  // no entries but the burst below
                      c.risk.max_gross_exposure = 20000;
                      c.risk.max_position_notional = 10000;
                      c.risk.max_correlated_positions = 0;
                    }};
  f.advance(40);  // two seconds of market: every symbol has bars and a price
  const auto prices = f.describe("feed:synthetic")["prices"];
  REQUIRE(prices.size() == 4);
  // Four entries of 9000 each, sent together as a burst of signals would make them: the
  // portfolio holds nothing while the risk supervisor decides on the later ones.
  const auto risk = f.graph.registry->get("risk_supervisor");
  int n = 0;
  for (const auto& [symbol, price] : prices.items()) {
    order_intent i;
    i.intent_id = "burst-" + std::to_string(++n);
    i.symbol = symbol;
    i.sd = side::buy;
    i.type = order_type::limit;
    i.limit_price = price.get<double>() * 1.02;  // marketable: fills at the next trade
    i.qty = 9000 / i.limit_price;
    i.stop_loss = price.get<double>() * 0.9;
    i.take_profits = {price.get<double>() * 1.2};
    i.ts_ns = f.clk->now_ns();
    caf::anon_send(risk, i);
  }
  f.sched.run();
  auto view = f.describe("risk_supervisor");
  double approved = 0;
  std::vector<std::string> verdicts;
  for (const auto& d : view["decisions"]) {
    if (d["intent_id"].get<std::string>().rfind("burst-", 0) != 0)
      continue;
    verdicts.push_back(d["verdict"].get<std::string>());
    approved += d["approved_qty"].get<double>()
                * prices[d["symbol"].get<std::string>()].get<double>() * 1.02;
  }
  CHECK(verdicts == std::vector<std::string>{"approve", "approve", "reduce", "deny"});
  CHECK(approved == Approx(20000));
  CHECK(view["pending_entries"].size() == 3);

  // Filled: the portfolio holds them, the pending entries are settled.
  f.advance(40);
  const auto book = f.describe("portfolio");
  CHECK(book["gross_exposure"].get<double>() <= 20000 * 1.02);
  CHECK(book["gross_exposure"].get<double>() > 15000);
  view = f.describe("risk_supervisor");
  CHECK(view["pending_entries"].empty());
  // And the cap still holds against what is now held: nothing more fits.
  order_intent more;
  more.intent_id = "after";
  more.symbol = prices.items().begin().key();
  more.qty = 1;
  more.stop_loss = 1;
  more.ts_ns = f.clk->now_ns();
  caf::anon_send(risk, more);
  f.sched.run();
  view = f.describe("risk_supervisor");
  CHECK(view["decisions"].back()["intent_id"] == "after");
  CHECK(view["decisions"].back()["verdict"] != "approve");
}
