// The risk supervisor writes what an operator's command set (a small record) before it
// acts, and its full snapshot after. These tests restore from both orders of events: a
// crash between the two (the record is newer) and a full snapshot written after it.

#include <catch2/catch.hpp>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "../../../storage/temp_dir.hpp"
#include "actors/trading/risk/risk_supervisor.hpp"
#include "messages/type_ids.hpp"
#include "risk_test_helpers.hpp"
#include "runtime/system_config.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

struct restore_fixture {
  temp_dir tmp;
  std::shared_ptr<store> db = store::open(tmp.sub("db"));
  snapshot_env env{std::make_shared<snapshot_store>(db), nullptr, nullptr,
                   std::make_shared<sim_clock>(t0), snapshot_policy{0, 0, false}};
  node_system_config cfg{1};
  caf::actor_system sys{cfg};

  // The trading state a freshly spawned risk supervisor restores.
  std::string restored_state() {
    auto a = sys.spawn(risk_supervisor, risk_supervisor_args{"risk_supervisor", small_setup(),
                                                             "order_manager", {}, "auditor", env});
    caf::scoped_actor self{sys};
    std::string state;
    self->request(a, std::chrono::seconds{10}, query_atom::value, std::uint64_t{0})
      .receive([&](const std::string& json) { state = nlohmann::json::parse(json)["state"]; },
               [&](const caf::error& e) { FAIL(sys.render(e)); });
    self->send_exit(a, caf::exit_reason::user_shutdown);
    return state;
  }
};

} // namespace

TEST_CASE_METHOD(restore_fixture, "a command saved after the last full snapshot holds on restart",
                 "[risk][control][snapshot]") {
  risk_state r{small_setup()};
  snapshotter full{"risk_supervisor", "risk_state", env};
  full.save(r);  // seq 1: active
  r.on_command(command(control_kind::emergency_stop, "ops", "crash test"), t0);
  auto record = r.control_record();
  record.after_seq = full.seq();
  snapshotter control{"risk_supervisor/control", "risk_control_record", env};
  control.save(record);
  // ...and the process dies before the full snapshot: the stop must still hold.
  CHECK(restored_state() == "HALTED");

  // A full snapshot written after the record includes the command, and wins over it.
  r.on_command(command(control_kind::resume, "ops", "checked"), t0 + sec);
  full.save(r);  // seq 2: active again
  CHECK(restored_state() == "ACTIVE");
}

TEST_CASE_METHOD(restore_fixture, "an emergency stop writes its record, then the full snapshot",
                 "[risk][control][snapshot]") {
  auto a = sys.spawn(risk_supervisor, risk_supervisor_args{"risk_supervisor", small_setup(),
                                                           "order_manager", {}, "auditor", env});
  caf::scoped_actor self{sys};
  self->send(a, command(control_kind::emergency_stop, "ops", "stop"));
  self->request(a, std::chrono::seconds{10}, query_atom::value, std::uint64_t{0})
    .receive([](const std::string&) {}, [&](const caf::error& e) { FAIL(sys.render(e)); });
  self->send_exit(a, caf::exit_reason::user_shutdown);
  auto control = env.store->get("risk_supervisor/control");
  REQUIRE(control.record);
  CHECK(control.record->type == "risk_control_record");
  auto full = env.store->get("risk_supervisor");
  REQUIRE(full.record);
  CHECK(full.record->seq == 1);
  risk_control_record r;
  snapshotter reader{"risk_supervisor/control", "risk_control_record", env};
  REQUIRE(reader.restore(r));
  CHECK(r.state == trading_state::halted);
  CHECK(r.after_seq == 0);  // no full snapshot before it
  CHECK(restored_state() == "HALTED");
}
