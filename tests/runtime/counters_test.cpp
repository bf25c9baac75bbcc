#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "runtime/counters.hpp"
#include "runtime/system_config.hpp"

using namespace tickline;

TEST_CASE("summary JSON names every counter", "[runtime]") {
  node_counters c;
  node_counters::add(c.ticks, 1200);
  node_counters::add(c.bars, 34);
  node_counters::add(c.signals, 5);
  node_counters::add(c.errors);
  auto j = nlohmann::json::parse(summary_json(c, 2.5));
  CHECK(j.at("ticks") == 1200);
  CHECK(j.at("bars") == 34);
  CHECK(j.at("signals") == 5);
  CHECK(j.at("errors") == 1);
  for (auto key : {"orders", "fills", "restarts", "snapshots", "escalations", "snapshots_restored"})
    CHECK(j.at(key) == 0);
  CHECK(j.at("duration_s") == 2.5);
}

TEST_CASE("thread count resolves 0 to the core count", "[runtime]") {
  CHECK(resolve_threads(3) == 3);
  CHECK(resolve_threads(0) >= 1);
  node_system_config cfg{2};
  CHECK(cfg.threads() == 2);
  CHECK(caf::get_or(cfg, "scheduler.max-threads", size_t{0}) == 2);
}
