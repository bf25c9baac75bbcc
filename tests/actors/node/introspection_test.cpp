#include <catch2/catch.hpp>

#include <map>
#include <thread>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "runtime/introspection.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"

using namespace tickline;

TEST_CASE("introspection lists the live tree with states, parents and mailboxes", "[introspection]") {
  auto cfg = load_demo_config().config;
  node_system_config sys_cfg{2};
  caf::actor_system sys{sys_cfg};
  auto counters = std::make_shared<node_counters>();
  topology_options opts;
  opts.self_timed_feeds = false;
  auto graph = topology::start(sys, cfg, std::make_shared<sim_clock>(0), counters, opts);
  REQUIRE(graph.wait_running(sys, std::chrono::seconds{30}));
  auto nodes = introspect(sys, *graph.registry, std::chrono::seconds{5});
  REQUIRE(nodes.size() == graph.expected_nodes);
  std::map<std::string, tree_node> by_name;
  for (const auto& n : nodes)
    by_name[n.name] = n;
  CHECK(nodes.front().name == "root");
  CHECK(by_name.at("root").parent.empty());
  CHECK(by_name.at("market").parent == "root");
  CHECK(by_name.at("market").kind == "supervisor");
  CHECK(by_name.at("symbol:ETHUSDT").strategy == "rest_for_one");
  CHECK(by_name.at("scanner:ETHUSDT").parent == "symbol:ETHUSDT");
  CHECK(by_name.at("detector:whale:ETHUSDT").kind == "detector");
  CHECK(by_name.at("feed:synthetic").parent == "market");
  CHECK(by_name.at("signal_log").parent == "ops");
  for (const auto& n : nodes) {
    CHECK(n.status == node_status::running);
    CHECK(n.mailbox >= 0);  // every actor answered
    CHECK(n.restarts == 0);
  }
  // Every worker describes its state with named fields (GET /api/v1/actors/NAME and
  // tickline-inspect show the same views), never cereal's positional value0, value1...
  {
    caf::scoped_actor self{sys};
    std::size_t described = 0;
    for (const auto& n : nodes) {
      if (n.kind == "supervisor")
        continue;
      std::string answer;
      self->request(n.handle, std::chrono::seconds{5}, describe_atom::value)
        .receive([&](std::string& s) { answer = std::move(s); },
                 [&](caf::error& e) { answer = "error: " + caf::to_string(e); });
      INFO(n.name << " answers " << answer);
      const auto view = nlohmann::json::parse(answer, nullptr, false);
      CHECK(view.is_object());
      CHECK_FALSE(view.empty());
      CHECK(answer.find("value0") == std::string::npos);
      ++described;
    }
    CHECK(described >= 10);
  }
  auto j = nlohmann::json::parse(tree_json(nodes));
  REQUIRE(j.size() == nodes.size());
  CHECK(j[0]["name"] == "root");
  CHECK(j[0]["status"] == "running");

  // After a crash the tree shows the restart.
  caf::anon_send(graph.registry->get("feed:synthetic"), crash_atom::value);
  bool seen = false;
  for (int i = 0; i < 2000 && !seen; ++i) {
    for (const auto& n : graph.registry->nodes())
      seen = seen || (n.name == "feed:synthetic" && n.restarts == 1 && n.status == node_status::running);
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  CHECK(seen);
  graph.stop(sys, std::chrono::seconds{30});
}
