#include <catch2/catch.hpp>

#include <caf/all.hpp>

#include "runtime/registry.hpp"
#include "runtime/system_config.hpp"

using namespace tickline;

namespace {

tree_node node(std::string name, std::string kind, std::string parent = "root") {
  tree_node n;
  n.name = std::move(name);
  n.kind = std::move(kind);
  n.parent = std::move(parent);
  return n;
}

std::vector<std::string> names(const actor_registry& reg) {
  std::vector<std::string> out;
  for (const auto& n : reg.nodes())
    out.push_back(n.name);
  return out;
}

// Takes an argument because CAF 0.17 dereferences a null pointer (UBSan) when a function
// actor is spawned with none.
caf::behavior idle(int) {
  return {[](int) {}};
}

} // namespace

TEST_CASE("upsert keeps insertion order and restart counts", "[runtime][registry]") {
  actor_registry reg;
  reg.upsert(node("root", "supervisor", ""));
  reg.upsert(node("feed:binance", "feed"));
  reg.upsert(node("scanner:BTCUSDT", "scanner"));
  CHECK(names(reg) == std::vector<std::string>{"root", "feed:binance", "scanner:BTCUSDT"});

  reg.add_restart("feed:binance");
  reg.add_restart("feed:binance");
  reg.set_snapshot("feed:binance", 7, 1234);
  reg.set_status("feed:binance", node_status::running);
  auto again = node("feed:binance", "feed-v2", "market");
  again.restarts = 99;  // ignored: the registry's count wins
  reg.upsert(again);

  auto ns = reg.nodes();
  CHECK(names(reg) == std::vector<std::string>{"root", "feed:binance", "scanner:BTCUSDT"});
  REQUIRE(ns.size() == 3);
  CHECK(ns[1].kind == "feed-v2");
  CHECK(ns[1].parent == "market");
  CHECK(ns[1].restarts == 2);
  CHECK(ns[1].snapshot_seq == 7);
  CHECK(ns[1].snapshot_ts_ns == 1234);
  CHECK(ns[1].status == node_status::starting);  // replaced with the new entry's
  CHECK(ns[2].restarts == 0);

  // Facts about unknown names are dropped, not invented.
  reg.add_restart("nobody");
  reg.set_snapshot("nobody", 1, 1);
  CHECK(reg.nodes().size() == 3);
}

TEST_CASE("handle changes bump the generation, status changes do not",
          "[runtime][registry]") {
  actor_registry reg;
  reg.upsert(node("a", "scanner"));
  auto g0 = reg.generation();
  reg.set_handle("a", caf::actor{}, node_status::restarting);
  auto g1 = reg.generation();
  CHECK(g1 > g0);
  CHECK(reg.nodes().at(0).status == node_status::restarting);
  reg.set_status("a", node_status::running);
  reg.add_restart("a");
  reg.set_snapshot("a", 1, 2);
  CHECK(reg.generation() == g1);
  reg.set_handle("unknown", caf::actor{}, node_status::running);
  CHECK(reg.generation() == g1);
  CHECK(reg.nodes().size() == 1);
}

TEST_CASE("erase removes a node and keeps the others in order", "[runtime][registry]") {
  actor_registry reg;
  for (auto n : {"a", "b", "c", "d"})
    reg.upsert(node(n, "x"));
  reg.add_restart("d");
  auto g = reg.generation();
  reg.erase("b");
  CHECK(reg.generation() > g);
  CHECK(names(reg) == std::vector<std::string>{"a", "c", "d"});
  // The index is rebuilt: later names still resolve to their own entries.
  reg.add_restart("d");
  reg.set_status("c", node_status::stopped);
  auto ns = reg.nodes();
  CHECK(ns[2].name == "d");
  CHECK(ns[2].restarts == 2);
  CHECK(ns[1].status == node_status::stopped);
  g = reg.generation();
  reg.erase("b");  // already gone
  CHECK(reg.generation() == g);
  CHECK(reg.nodes().size() == 3);
  reg.upsert(node("b", "x"));  // comes back at the end
  CHECK(names(reg) == std::vector<std::string>{"a", "c", "d", "b"});
}

TEST_CASE("routes follow handle changes and skip unknown or down names",
          "[runtime][registry]") {
  node_system_config cfg{2};
  caf::actor_system sys{cfg};
  auto first = sys.spawn(idle, 1);
  auto second = sys.spawn(idle, 2);
  REQUIRE(first != second);
  {
    auto reg = std::make_shared<actor_registry>();
    reg->upsert(node("scanner:BTCUSDT", "scanner"));
    reg->set_handle("scanner:BTCUSDT", first, node_status::running);
    CHECK(reg->get("scanner:BTCUSDT") == first);
    CHECK_FALSE(reg->get("nobody"));

    routes r{reg, {"scanner:BTCUSDT", "nobody"}};
    CHECK(r.size() == 2);
    CHECK(r.names() == std::vector<std::string>{"scanner:BTCUSDT", "nobody"});
    REQUIRE(r.get().size() == 2);
    CHECK(r.get()[0] == first);
    CHECK_FALSE(r.get()[1]);

    // A restart: the same name now points at the new incarnation.
    reg->set_handle("scanner:BTCUSDT", second, node_status::running);
    CHECK(r.get()[0] == second);
    CHECK(r.get()[0] != first);

    // Down: skipped until it is back.
    reg->set_handle("scanner:BTCUSDT", caf::actor{}, node_status::restarting);
    CHECK_FALSE(r.get()[0]);
    reg->set_handle("scanner:BTCUSDT", first, node_status::running);
    CHECK(r.get()[0] == first);

    reg->upsert(node("nobody", "late"));
    reg->set_handle("nobody", second, node_status::running);
    CHECK(r.get()[1] == second);

    reg->erase("scanner:BTCUSDT");
    CHECK_FALSE(reg->get("scanner:BTCUSDT"));
    CHECK_FALSE(r.get()[0]);
    CHECK(r.get()[1] == second);

    routes empty;
    CHECK(empty.get().empty());
  }
  caf::anon_send_exit(first, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(second, caf::exit_reason::user_shutdown);
}
