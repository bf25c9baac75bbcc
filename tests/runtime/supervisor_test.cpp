#include <catch2/catch.hpp>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"
#include "runtime/supervisor.hpp"
#include "runtime/system_config.hpp"

using namespace tickline;
using namespace std::chrono_literals;

// The supervisor on CAF's deterministic test scheduler and the simulated clock, after the
// cases of Erlang/OTP's supervisor test suite. Children are probes that log their starts
// and stops and exit or crash on command.

namespace {

using event_log = std::shared_ptr<std::vector<std::string>>;

caf::behavior probe(caf::event_based_actor* self, std::string name, event_log log,
                    bool ignore_exit) {
  log->push_back("start:" + name);
  self->set_exit_handler([self, name, log, ignore_exit](caf::exit_msg& em) {
    log->push_back("stop:" + name);
    if (!ignore_exit)
      self->quit(em.reason);
  });
  self->set_exception_handler([](std::exception_ptr&) -> caf::error {
    return make_error(errc::crashed, "probe");
  });
  return {
    [self](const std::string& cmd) {
      if (cmd == "normal")
        self->quit();
      else if (cmd == "crash")
        throw std::runtime_error("boom");
    },
  };
}

struct fixture {
  node_system_config sys_cfg = node_system_config::testing();
  caf::actor_system sys{sys_cfg};
  caf::scheduler::test_coordinator& sched
    = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  std::shared_ptr<sim_clock> clk = std::make_shared<sim_clock>(1'000'000'000'000);
  std::shared_ptr<actor_registry> registry = std::make_shared<actor_registry>();
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  event_log log = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<caf::error> sup_exit = std::make_shared<caf::error>();
  std::shared_ptr<bool> sup_down = std::make_shared<bool>(false);
  caf::actor watcher;
  caf::actor sup;

  child_spec worker(const std::string& name, restart_type rt = restart_type::permanent,
                    bool ignore_exit = false) {
    child_spec c;
    c.name = name;
    c.restart = rt;
    c.shutdown = 100ms;
    auto l = log;
    c.start = [name, l, ignore_exit](caf::actor_system& s) {
      return s.spawn(probe, name, l, ignore_exit);
    };
    return c;
  }

  supervisor_args args(std::string name, restart_strategy s, std::vector<child_spec> kids,
                       int intensity = 10) {
    supervisor_flags f;
    f.strategy = s;
    f.intensity = intensity;
    f.period_ns = 5'000'000'000;
    return {std::move(name), f, std::move(kids), clk, registry, counters, 7};
  }

  // Spawns the supervisor under test and a watcher that records how it ends.
  void start(supervisor_args a) {
    sup = sys.spawn(supervisor, std::move(a));
    auto reason = sup_exit;
    auto down = sup_down;
    auto target = sup;
    // The target goes in as a spawn argument: CAF 0.17 dereferences a null pointer (UBSan)
    // when a function actor is spawned with none.
    watcher = sys.spawn([reason, down](caf::event_based_actor* self, caf::actor target) -> caf::behavior {
      self->monitor(target);
      self->set_down_handler([self, reason, down](caf::down_msg& dm) {
        *reason = dm.reason;
        *down = true;
        self->quit();
      });
      return {[](int) {}};
    }, target);
    sched.run();
  }

  void tell(const std::string& child, const std::string& cmd) {
    auto h = registry->get(child);
    REQUIRE(h);
    caf::anon_send(h, cmd);
    sched.run();
  }

  std::vector<std::string> events_since(std::size_t from) const {
    return {log->begin() + static_cast<long>(from), log->end()};
  }

  std::uint64_t restarts_of(const std::string& name) const {
    for (const auto& n : registry->nodes())
      if (n.name == name)
        return n.restarts;
    return 0;
  }

  bool is_escalation(const caf::error& e) const {
    return e.category() == error_category && e.code() == static_cast<std::uint8_t>(errc::escalation);
  }

  ~fixture() {
    if (sup && !*sup_down)
      caf::anon_send_exit(sup, caf::exit_reason::kill);
    if (watcher)
      caf::anon_send_exit(watcher, caf::exit_reason::kill);
    sched.run();
  }
};

using strings = std::vector<std::string>;

} // namespace

TEST_CASE_METHOD(fixture, "children start in order", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one, {worker("a"), worker("b"), worker("c")}));
  CHECK(*log == strings{"start:a", "start:b", "start:c"});
  for (auto n : {"a", "b", "c"})
    CHECK(registry->get(n));
}

TEST_CASE_METHOD(fixture, "a permanent child is restarted after normal and abnormal exit", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one, {worker("a"), worker("b")}));
  auto first = registry->get("a");
  tell("a", "normal");
  CHECK(events_since(2) == strings{"start:a"});
  CHECK(registry->get("a") != first);
  tell("a", "crash");
  CHECK(events_since(2) == strings{"start:a", "start:a"});
  CHECK(restarts_of("a") == 2);
  CHECK(restarts_of("b") == 0);
  CHECK(counters->restarts == 2);
}

TEST_CASE_METHOD(fixture, "a transient child is restarted only after an abnormal exit", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one,
             {worker("t", restart_type::transient), worker("u", restart_type::transient)}));
  tell("t", "crash");
  CHECK(events_since(2) == strings{"start:t"});
  tell("t", "normal");
  CHECK(events_since(2) == strings{"start:t"});
  CHECK_FALSE(registry->get("t"));
  CHECK(registry->nodes().size() == 2);  // still a child, just not running
}

TEST_CASE_METHOD(fixture, "a temporary child is never restarted and is removed", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one, {worker("tmp", restart_type::temporary), worker("p")}));
  tell("tmp", "crash");
  CHECK(events_since(2).empty());
  CHECK(registry->nodes().size() == 1);
  CHECK(registry->nodes()[0].name == "p");
  CHECK(counters->restarts == 0);
}

TEST_CASE_METHOD(fixture, "one_for_all stops the others in reverse order and restarts all", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_all, {worker("a"), worker("b"), worker("c")}));
  tell("b", "crash");
  CHECK(events_since(3) == strings{"stop:c", "stop:a", "start:a", "start:b", "start:c"});
  CHECK(counters->restarts == 3);
}

TEST_CASE_METHOD(fixture, "rest_for_one restarts the failed child and those started after it", "[supervisor]") {
  start(args("sup", restart_strategy::rest_for_one, {worker("a"), worker("b"), worker("c")}));
  auto a = registry->get("a");
  tell("b", "crash");
  CHECK(events_since(3) == strings{"stop:c", "start:b", "start:c"});
  CHECK(registry->get("a") == a);
}

TEST_CASE_METHOD(fixture, "shutdown stops the children in reverse start order", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one, {worker("a"), worker("b"), worker("c")}));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK(events_since(3) == strings{"stop:c", "stop:b", "stop:a"});
  CHECK(*sup_down);
  CHECK(*sup_exit == caf::exit_reason::user_shutdown);
  CHECK(counters->restarts == 0);
}

TEST_CASE_METHOD(fixture, "a child that ignores its stop is killed after its shutdown time", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one, {worker("a"), worker("stubborn", restart_type::permanent, true)}));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK(events_since(2) == strings{"stop:stubborn"});
  CHECK_FALSE(*sup_down);
  REQUIRE(sched.trigger_timeout());  // the 100 ms shutdown time runs out
  sched.run();
  CHECK(events_since(2) == strings{"stop:stubborn", "stop:a"});
  CHECK(*sup_down);
}

TEST_CASE_METHOD(fixture, "more restarts than the intensity escalate to the parent", "[supervisor]") {
  supervisor_args inner = args("inner", restart_strategy::one_for_one, {worker("a"), worker("b")}, 1);
  child_spec inner_spec;
  inner_spec.name = "inner";
  inner_spec.kind = "supervisor";
  inner_spec.start = [inner](caf::actor_system& s) { return s.spawn(supervisor, inner); };
  start(args("outer", restart_strategy::one_for_one, {inner_spec}, 0));
  tell("a", "crash");  // first restart: within intensity 1
  CHECK(counters->escalations == 0);
  tell("a", "crash");  // second within 5 s: inner gives up
  CHECK(counters->escalations == 2);  // inner, then outer (intensity 0)
  CHECK(*sup_down);
  CHECK(is_escalation(*sup_exit));
  CHECK(events_since(2) == strings{"start:a", "stop:b"});
}

TEST_CASE_METHOD(fixture, "restarts older than the period are forgotten", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one, {worker("a")}, 1));
  tell("a", "crash");
  clk->advance_ns(5'000'000'001);
  tell("a", "crash");
  CHECK(counters->escalations == 0);
  CHECK(counters->restarts == 2);
  CHECK_FALSE(*sup_down);
}

TEST_CASE_METHOD(fixture, "backoff delays restarts within their bounds", "[supervisor]") {
  auto a = args("sup", restart_strategy::one_for_one, {worker("a")}, 10);
  a.flags.backoff_min_ns = 100'000'000;
  a.flags.backoff_max_ns = 150'000'000;
  start(std::move(a));
  auto& clock = sched.clock();
  for (int attempt = 1; attempt <= 3; ++attempt) {
    tell("a", "crash");
    CHECK_FALSE(registry->get("a"));  // not restarted yet
    REQUIRE(clock.schedule().size() == 1);
    auto delay = clock.schedule().begin()->first - clock.now();
    // attempt 1: [50, 100] ms; then the doubled delay is capped at 150: [75, 150] ms.
    auto lo = attempt == 1 ? 50ms : 75ms;
    auto hi = attempt == 1 ? 100ms : 150ms;
    CHECK(delay >= lo);
    CHECK(delay <= hi);
    REQUIRE(sched.trigger_timeout());
    sched.run();
    CHECK(registry->get("a"));
  }
}

TEST_CASE_METHOD(fixture, "children are added and removed at run time", "[supervisor]") {
  start(args("sup", restart_strategy::one_for_one, {worker("a")}));
  caf::anon_send(sup, caf::add_atom::value, child_spec_ptr{std::make_shared<child_spec>(worker("sym:X"))});
  sched.run();
  CHECK(registry->get("sym:X"));
  CHECK(events_since(1) == strings{"start:sym:X"});
  caf::anon_send(sup, caf::add_atom::value, child_spec_ptr{std::make_shared<child_spec>(worker("sym:X"))});
  sched.run();
  CHECK(events_since(1) == strings{"start:sym:X"});  // a duplicate name is refused
  caf::anon_send(sup, caf::delete_atom::value, std::string{"sym:X"});
  sched.run();
  CHECK(events_since(1) == strings{"start:sym:X", "stop:sym:X"});
  CHECK(registry->nodes().size() == 1);
  CHECK(counters->restarts == 0);
}

TEST_CASE_METHOD(fixture, "a child that cannot start fails the supervisor's start", "[supervisor]") {
  child_spec bad = worker("bad");
  bad.start = [](caf::actor_system&) -> caf::actor { throw std::runtime_error("no"); };
  start(args("sup", restart_strategy::one_for_one, {worker("a"), bad, worker("c")}));
  CHECK(*sup_down);
  CHECK(sup_exit->code() == static_cast<std::uint8_t>(errc::start_failed));
  CHECK(*log == strings{"start:a", "stop:a"});
}
