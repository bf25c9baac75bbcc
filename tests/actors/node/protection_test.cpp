// Protection through the running node: entries approved but not yet filled count against
// the caps; an entry that ends unfilled frees its symbol (the demo tree on the test
// scheduler); a broker that falls silent is a lost connection (the real actors in real
// time).

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "actors/broker/paper_broker.hpp"
#include "actors/feeds/auditor.hpp"
#include "actors/trading/risk/risk_supervisor.hpp"
#include "runtime/clock.hpp"
#include "trading_fixture.hpp"
#include "../trading/risk/risk_test_helpers.hpp"

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
  for (const auto& [symbol, price] : prices.items()) {  // `prices` is a local: no dangling
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

TEST_CASE("an entry cancelled unfilled by an emergency stop frees its symbol for the strategy",
          "[protection][lock]") {
  // Orders take a minute to reach the market: entries stay unfilled until cancelled.
  trading_fixture f{nullptr, nullptr, [](engine_config& c) { c.broker.latency_ms = 60000; }};
  auto locked = [&f] {
    std::vector<std::string> out;
    const auto view = f.describe("strategy");
    for (const auto& [symbol, s] : view["symbols"].items())
      if (!s["open_intent"].get<std::string>().empty())
        out.push_back(symbol);
    return out;
  };
  int guard = 0;
  while (locked().empty() && guard++ < 4000)
    f.advance(1);
  const auto held = locked();
  REQUIRE_FALSE(held.empty());
  CHECK(f.figure("open_positions") <= 0);  // nothing filled
  // The stop cancels the entries with nothing filled: no position will ever close them.
  f.command(control_kind::emergency_stop);
  f.advance(2);
  CHECK(locked().empty());
  // After a resume the same symbol can be entered again.
  f.command(control_kind::resume);
  const auto resumed_ns = f.clk->now_ns();
  std::size_t entries = 0;
  for (guard = 0; guard < 400 && entries == 0; ++guard) {
    f.advance(20);
    const auto view = f.describe("risk_supervisor");
    for (const auto& d : view["decisions"])
      if (d["symbol"] == held.front() && d["verdict"] != "deny"
          && d["ts_ns"].get<std::int64_t>() > resumed_ns)
        ++entries;
  }
  CHECK(entries > 0);
}

TEST_CASE("a broker that falls silent is a lost connection: no entries, cancel and flatten",
          "[protection][broker]") {
  // The real actors on the real scheduler and clock: the paper broker heartbeats the
  // auditor from its own mailbox every 250 ms; the auditor tells the risk supervisor.
  node_system_config cfg{2};
  caf::actor_system sys{cfg};
  caf::scoped_actor manager{sys};  // stands in for the order manager: takes what risk asks
  auto registry = std::make_shared<actor_registry>();
  snapshot_env env{nullptr, registry, nullptr, std::make_shared<wall_clock>(),
                   snapshot_policy{0, 0, false}};
  auto add = [&](const std::string& name, caf::actor a) {
    tree_node n;
    n.name = name;
    n.kind = "test";
    n.status = node_status::running;
    n.handle = std::move(a);
    registry->upsert(std::move(n));
  };
  add("order_manager", caf::actor_cast<caf::actor>(manager));
  auditor_args audit{"auditor", {{"broker:paper", 1'000'000'000}}, {"risk_supervisor"}, env,
                     std::chrono::milliseconds{50}, true};
  add("auditor", sys.spawn(auditor, audit));
  add("risk_supervisor",
      sys.spawn(risk_supervisor,
                risk_supervisor_args{"risk_supervisor", small_setup(), "order_manager", {},
                                     "auditor", env}));
  paper_broker_args broker{"broker:paper", broker_config{}, {"BTC"}, {"order_manager"}, env,
                           "auditor", std::chrono::milliseconds{250}};
  auto venue = sys.spawn(paper_broker, broker);
  add("broker:paper", venue);

  auto view_of = [&](const std::string& name) {
    std::string answer;
    manager->request(registry->get(name), std::chrono::seconds{5}, describe_atom::value)
      .receive([&](std::string& s) { answer = std::move(s); },
               [&](caf::error& e) { FAIL(sys.render(e)); });
    return nlohmann::json::parse(answer);
  };
  auto decide = [&](const std::string& id) {
    order_intent i;
    i.intent_id = id;
    i.symbol = "BTC";
    i.qty = 1;
    i.type = order_type::limit;
    i.limit_price = 100;
    manager->send(registry->get("risk_supervisor"), i);
  };
  // Up: heartbeats arrive, an entry is approved (and reaches the "order manager").
  std::this_thread::sleep_for(std::chrono::milliseconds{600});
  decide("while-up");
  bool forwarded = false;
  manager->receive_while([&] { return !forwarded; })(
    [&](const order_intent& i) { forwarded = i.intent_id == "while-up"; },
    caf::after(std::chrono::seconds{5}) >> [&] { FAIL("the entry never reached the manager"); });
  CHECK(forwarded);
  const auto watched = view_of("auditor")["sources"]["broker:paper"];
  CHECK(watched["connected"] == true);
  CHECK(watched["heartbeats"].get<int>() >= 2);

  // The broker dies for good (nobody restarts it here): silence, then lost.
  manager->send_exit(venue, caf::exit_reason::kill);
  bool cancelled = false, flattened = false;
  manager->receive_while([&] { return !(cancelled && flattened); })(
    [&](cancel_all_atom, const std::string& why) {
      cancelled = true;
      INFO(why);
      CHECK(why.find("broker:paper") != std::string::npos);
    },
    [&](flatten_atom, const std::vector<std::string>& symbols, const std::string&) {
      flattened = symbols.empty();  // every position
    },
    [&](const order_intent&) {},
    caf::after(std::chrono::seconds{5}) >> [&] { FAIL("no cancel and flatten after the loss"); });
  CHECK(cancelled);
  CHECK(flattened);
  decide("while-lost");
  std::this_thread::sleep_for(std::chrono::milliseconds{100});
  const auto view = view_of("risk_supervisor");
  REQUIRE_FALSE(view["decisions"].empty());
  CHECK(view["decisions"].back()["intent_id"] == "while-lost");
  CHECK(view["decisions"].back()["verdict"] == "deny");
  CHECK(view["decisions"].back()["reason"] == "connection: broker:paper lost");
  for (const auto& n : registry->nodes())
    if (n.handle && n.name != "order_manager")
      manager->send_exit(n.handle, caf::exit_reason::user_shutdown);
}

TEST_CASE("a whale print just past the threshold is not enough to enter; a far larger one is",
          "[protection][confidence]") {
  // Only the prints below move the strategy: no synthetic whales, no other signal counts.
  trading_fixture f{nullptr, nullptr, [](engine_config& c) {
                      for (auto& feed : c.feeds)
                        feed.whale_probability = feed.burst_probability = 0;
                      c.strategy.weights = {{"pattern", 0},
                                            {"volatility", 0},
                                            {"whale.cluster", 0},
                                            {"whale.imbalance", 0}};
                    }};
  f.advance(400);  // 20 s: ATR(14) on the strategy's 1 s bars
  const auto prices = f.describe("feed:synthetic")["prices"];
  const auto before = f.describe("strategy")["symbols"];
  // Two symbols without an entry (an ordinary trade can still be an outlier now and then).
  std::vector<std::pair<std::string, double>> free;
  for (const auto& [sym, px] : prices.items())
    if (before[sym]["open_intent"] == "" && before[sym]["atr"].is_number())
      free.emplace_back(sym, px.get<double>());
  REQUIRE(free.size() >= 2);
  const auto [small_sym, small_px] = free[0];
  const auto [large_sym, large_px] = free[1];
  // A buy of mean + z × stdev of the detector's window, stamped now.
  auto print = [&](const std::string& sym, double px, double z) {
    const auto w = f.describe("detector:whale:" + sym);
    const double qty = w["mean_size"].get<double>() + z * w["stdev_size"].get<double>();
    const auto signals = w["signals"].get<int>();
    std::vector<trade_tick> ticks{{sym, px, qty, side::buy, 0, f.clk->now_ns()}};
    caf::anon_send(f.graph.registry->get("detector:whale:" + sym), ticks);
    f.sched.run();
    CHECK(f.describe("detector:whale:" + sym)["signals"].get<int>() == signals + 1);
  };
  // z 4.4 against the threshold 4: strength 1 - 4 / 4.4 = 0.09. Its percentile rank is 1,
  // which used to be its confidence and cleared min_confidence 0.6 on its own.
  print(small_sym, small_px, 4.4);
  CHECK(f.describe("strategy")["symbols"][small_sym]["open_intent"] == "");
  // z 40: strength 0.9, enough alone.
  print(large_sym, large_px, 40);
  CHECK(f.describe("strategy")["symbols"][large_sym]["open_intent"] != "");
}
