// Journal records, replay, and reconciliation after a restart.

#include "orders_test_helpers.hpp"
#include "../../snapshot.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

// Session 1, then a crash. Left behind:
//   tl-1-1 BTC entry 10, 4 filled at 100, with stop tl-1-2 (4 at 95, acked) and targets
//          tl-1-3 (2 at 110), tl-1-4 (2 at 120);
//   tl-1-5 ETH sent, never acked;  tl-1-6 SOL limit acked;  tl-1-7 BNB filled;
//   tl-1-8 XRP rejected;  tl-1-9 ADA acked.
om_driver crashed_session() {
  auto d = bracket_session();
  d(d.om.on_ack({"tl-1-1", "V1", 1110}));
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 4, 1120)));
  d(d.om.on_ack({"tl-1-2", "V2", 1130}));
  d(d.om.on_intent(make_intent("b", "ETHUSDT", side::buy, 1), 1200));
  d(d.om.on_sent("tl-1-5", 1201));
  auto c = make_intent("c", "SOLUSDT", side::sell, 2);
  c.type = order_type::limit;
  c.limit_price = 30;
  d(d.om.on_intent(c, 1300));
  d(d.om.on_ack({"tl-1-6", "V6", 1310}));
  d(d.om.on_intent(make_intent("d", "BNBUSDT", side::buy, 1), 1400));
  d(d.om.on_ack({"tl-1-7", "V7", 1410}));
  d(d.om.on_fill(make_fill("tl-1-7", "BNBUSDT", side::buy, 300, 1, 1420)));
  d(d.om.on_intent(make_intent("e", "XRPUSDT", side::buy, 1), 1500));
  d(d.om.on_reject({"tl-1-8", "insufficient balance", 1510}));
  d(d.om.on_intent(make_intent("f", "ADAUSDT", side::buy, 10), 1600));
  d(d.om.on_ack({"tl-1-9", "V9", 1610}));
  return d;
}

// The node restarts: a fresh state replays the journal and begins session 2.
om_driver restarted(const om_driver& crashed, std::int64_t now_ns) {
  om_driver d;
  d.journal = crashed.journal;
  d.om = crashed.replayed();
  d(d.om.begin_session(now_ns));
  return d;
}

const strings all_queries{"query tl-1-1", "query tl-1-2", "query tl-1-3", "query tl-1-4",
                          "query tl-1-5", "query tl-1-6", "query tl-1-9"};

} // namespace

TEST_CASE("records are one line of JSON that decodes to what was encoded", "[orders][records]") {
  om_record r;
  r.type = record_type::fill;
  r.fill = {"tl-3-7", "BTCUSDT", side::buy, 101.5, 2, 0.1, true, 42, {}};
  const auto text = encode_record(r);
  CHECK(text == "{\"type\":\"fill\",\"id\":\"tl-3-7\",\"symbol\":\"BTCUSDT\",\"side\":\"buy\","
                "\"price\":101.5,\"qty\":2.0,\"fee\":0.1,\"maker\":true,\"ts_ns\":42,"
                "\"synthesized\":false}");
  std::string error;
  const auto back = decode_record(text, error);
  REQUIRE(back);
  CHECK(back->type == record_type::fill);
  CHECK(back->fill.price == 101.5);
  CHECK(back->fill.maker);

  om_record o;
  o.type = record_type::order;
  o.order.request = {"tl-1-2", "ETHUSDT", side::sell, order_type::stop, time_in_force::gtc,
                     0.1 + 0.2, 0, 95.25, true, 7};
  o.order.role = order_role::stop;
  o.order.bracket = "tl-1-1";
  o.order.take_profits = {1.0 / 3};
  const auto order_text = encode_record(o);
  const auto order_back = decode_record(order_text, error);
  REQUIRE(order_back);
  CHECK(order_back->order.request.qty == 0.1 + 0.2); // doubles survive to the last bit
  CHECK(order_back->order.take_profits[0] == 1.0 / 3);
  CHECK(order_back->order.role == order_role::stop);
  CHECK(encode_record(*order_back) == order_text);
}

TEST_CASE("unreadable records are reported, never applied", "[orders][records]") {
  std::string error;
  CHECK_FALSE(decode_record("not json", error));
  CHECK(error == "not a JSON object");
  CHECK_FALSE(decode_record("{\"type\":\"teleport\"}", error));
  CHECK(error == "unknown record type \"teleport\"");
  CHECK_FALSE(decode_record("{\"type\":\"fill\",\"id\":\"x\"}", error));
  CHECK(error == "fill: missing field \"symbol\"");
  CHECK_FALSE(decode_record("{\"type\":\"query\",\"id\":\"x\",\"ts_ns\":\"soon\"}", error));
  CHECK(error == "query: field \"ts_ns\" is not an integer");
  CHECK_FALSE(decode_record("{\"type\":\"ack\",\"id\":1}", error));
  CHECK(error == "ack: field \"id\" is not a string");

  order_manager_state om{test_orders_config()};
  CHECK_FALSE(om.apply_record("{\"type\":\"fill\",\"id\":\"x\"}"));
  CHECK_FALSE(om.apply_record(""));
  REQUIRE(om.problems().size() == 2);
  CHECK(om.problems()[0].what == "unreadable journal record: fill: missing field \"symbol\"");
  CHECK(om.problems()[1].what == "unreadable journal record: not a JSON object");
  CHECK(om.orders().empty());
}

TEST_CASE("after a restart open orders are unknown, queried, and intents wait", "[orders][reconcile]") {
  auto d = restarted(crashed_session(), 5000);
  CHECK(d.om.session() == 2);
  CHECK(d.om.reconciling());
  for (const auto* id : {"tl-1-1", "tl-1-2", "tl-1-3", "tl-1-4", "tl-1-5", "tl-1-6", "tl-1-9"})
    CHECK(d.om.find(id)->state == lifecycle::unknown);
  CHECK(d.om.find("tl-1-7")->state == lifecycle::filled);
  CHECK(d.om.find("tl-1-8")->state == lifecycle::rejected);
  CHECK(d(d.om.reconcile_plan(5000)) == all_queries);
  CHECK(d(d.om.on_intent(make_intent("g", "BTCUSDT", side::buy, 1), 5001))
        == strings{"refuse g (reconciling)"});
  CHECK(d.om.orders().size() == 9);
  // No answer within reconcile_timeout (10 s): ask again, and only then.
  CHECK(d(d.om.on_time(5000 + 10 * second_ns - 1)).empty());
  CHECK(d(d.om.on_time(5000 + 10 * second_ns)) == all_queries);
}

TEST_CASE("reconciliation: unknown to the broker, open, filled", "[orders][reconcile]") {
  auto d = restarted(crashed_session(), 5000);
  d(d.om.reconcile_plan(5000));
  // Never arrived: cancelled, and not sent again.
  CHECK(d(d.om.on_status(make_status("tl-1-5", order_state::unknown, 0, 0, 0, 5100)))
        == strings{"record status"});
  CHECK(d.om.find("tl-1-5")->state == lifecycle::cancelled);
  CHECK(d.om.find("tl-1-5")->reason == "never reached the broker");
  // Open: kept.
  CHECK(d(d.om.on_status(make_status("tl-1-6", order_state::open, 2, 0, 0, 5200)))
        == strings{"record status"});
  CHECK(d.om.find("tl-1-6")->state == lifecycle::acked);
  CHECK(d.om.find("tl-1-6")->working());
  // Filled while we were down: the whole fill is synthesized for the portfolio.
  auto actions = d.om.on_status(make_status("tl-1-9", order_state::filled, 10, 10, 0.5, 5300));
  CHECK(d(actions) == strings{"publish tl-1-9 qty=10", "record status"});
  CHECK(actions[0].synthesized.price == 0.5);
  CHECK(actions[0].synthesized.symbol == "ADAUSDT");
  CHECK(d.om.find("tl-1-9")->state == lifecycle::filled);
  CHECK(d.om.net_position("ADAUSDT") == 10);
  // 7 filled at 100.6 where we knew 4 at 100: 3 more at (704.2 - 400) / 3 = 101.4.
  actions = d.om.on_status(
    make_status("tl-1-1", order_state::partially_filled, 10, 7, 100.6, 5400));
  CHECK(d(actions) == strings{"publish tl-1-1 qty=3", "record status"});
  CHECK(actions[0].synthesized.price == Approx(101.4));
  CHECK(d.om.find("tl-1-1")->state == lifecycle::partially_filled);
  CHECK(d.om.find("tl-1-1")->avg_price == Approx(100.6));
  CHECK(d.om.net_position("BTCUSDT") == 7);
  CHECK(d.om.reconciling()); // the bracket's exits have not answered yet
  CHECK(d.om.problems_total() == 0);
}

TEST_CASE("the last answer restores the exits and lets intents in", "[orders][reconcile]") {
  auto d = restarted(crashed_session(), 5000);
  d(d.om.reconcile_plan(5000));
  d(d.om.on_status(make_status("tl-1-2", order_state::open, 4, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-3", order_state::open, 2, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-4", order_state::open, 2, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-5", order_state::unknown, 0, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-6", order_state::open, 2, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-9", order_state::open, 10, 0, 0, 5100)));
  CHECK(d.om.reconciling());
  // 7 filled now: the stop covers 7, the targets 3.5 each. Session 2's ids.
  // The old exits are cancelled at once (no update interval after a restart), each
  // replaced once the broker confirms.
  CHECK(d(d.om.on_status(make_status("tl-1-1", order_state::partially_filled, 10, 7, 100.6, 5200)))
        == strings{"publish tl-1-1 qty=3", "record status", "cancel tl-1-2 (replaced)",
                   "cancel tl-1-3 (replaced)", "cancel tl-1-4 (replaced)"});
  CHECK_FALSE(d.om.reconciling());
  CHECK(d(d.om.on_intent(make_intent("g", "BTCUSDT", side::buy, 1), 5300))
        == strings{"send tl-2-1 buy market qty=1"});
  CHECK(d.confirm_cancels(5310)
        == strings{"record status", "send tl-2-2 sell stop qty=7 stop=95 ro", "record status",
                   "send tl-2-3 sell limit qty=3.5 limit=110 ro", "record status",
                   "send tl-2-4 sell limit qty=3.5 limit=120 ro"});
  // The broker's own report of the synthesized 3 arrives late: not counted twice.
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 101.4, 3, 5250)));
  CHECK(d.om.find("tl-1-1")->filled_qty == 7);
  CHECK(d.om.net_position("BTCUSDT") == 7);
}

TEST_CASE("a crash during reconciliation asks again about everything open", "[orders][reconcile]") {
  auto d = restarted(crashed_session(), 5000);
  d(d.om.reconcile_plan(5000));
  d(d.om.on_status(make_status("tl-1-5", order_state::unknown, 0, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-6", order_state::open, 2, 0, 0, 5100)));
  auto again = restarted(d, 9000);
  CHECK(again.om.session() == 3);
  CHECK(again.om.find("tl-1-5")->state == lifecycle::cancelled);
  CHECK(again(again.om.reconcile_plan(9000))
        == strings{"query tl-1-1", "query tl-1-2", "query tl-1-3", "query tl-1-4",
                   "query tl-1-6", "query tl-1-9"});
}

TEST_CASE("replaying the journal rebuilds the same state", "[orders][replay]") {
  auto d = restarted(crashed_session(), 5000);
  d(d.om.reconcile_plan(5000));
  for (const auto* id : {"tl-1-2", "tl-1-3", "tl-1-4", "tl-1-6"})
    d(d.om.on_status(make_status(id, order_state::open, 0, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-5", order_state::unknown, 0, 0, 0, 5100)));
  d(d.om.on_status(make_status("tl-1-9", order_state::filled, 10, 10, 0.5, 5100)));
  d(d.om.on_status(make_status("tl-1-1", order_state::partially_filled, 10, 7, 100.6, 5200)));
  d.confirm_cancels(5300);
  // The broker's late report of the synthesized 3, then 3 more: 10 filled.
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 101.4, 3, 6000)));
  d(d.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 101, 3, 6100)));
  d.confirm_cancels(6200);
  // Best 106: the stop trails to 103.
  d(d.om.on_bar(make_bar("BTCUSDT", 7000, 106, 100), 1, false));
  d.confirm_cancels(7100);
  const auto target = d.working_exit("tl-1-1", order_role::take_profit, 0);
  REQUIRE(!target.empty());
  d(d.om.on_status(group_reduced(d.working_exit("tl-1-1", order_role::stop), 5, 8000)));
  d(d.om.on_fill(make_fill(target, "BTCUSDT", side::sell, 110, 5, 8000)));
  d(d.om.on_ack({"tl-9-9", "", 8100}));
  d(d.om.on_intent(make_intent("s", "ETHUSDT", side::sell, 2, 60, {40, 30}), 8200));
  std::string eth;
  for (const auto& [id, o] : d.om.orders())
    if (o.spec.role == order_role::entry && o.spec.intent_id == "s")
      eth = id;
  REQUIRE(!eth.empty());
  d(d.om.on_fill(make_fill(eth, "ETHUSDT", side::sell, 50, 2, 8300)));
  d(d.om.on_time(8300 + 4 * hour_ns));
  d.confirm_cancels(8400 + 4 * hour_ns);
  d(d.om.flatten_all("end of test", 9 * hour_ns));

  const auto replayed = d.replayed();
  CHECK(test::save_state(replayed) == test::save_state(d.om));
  CHECK(replayed.orders().size() == d.om.orders().size());
  CHECK(replayed.positions().size() == 4); // BTC 5, ETH -2, ADA 10, BNB 1
  CHECK(replayed.net_position("BTCUSDT") == 5);
  CHECK(replayed.net_position("ETHUSDT") == -2);
  CHECK(replayed.find(eth)->spec.role == order_role::entry);
  CHECK(replayed.find_bracket(eth)->closing); // time stop
  CHECK(replayed.duplicates() == d.om.duplicates());
  CHECK(replayed.problems_total() == d.om.problems_total());
  CHECK(replayed.find_bracket("tl-1-1")->stop_price == 103); // 106 - 3 x 1
  // The exit groups survive the replay.
  CHECK(replayed.find(target)->spec.request.exit_group == "tl-1-1");
}

TEST_CASE("cancels decided before a crash are sent again to orders still open", "[orders][reconcile]") {
  auto crashed = bracket_session();
  crashed(crashed.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 4, 1200)));
  // 10 filled: tl-1-2..4 are cancelled, to be replaced once the broker confirms.
  crashed(crashed.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 6, 1300)));
  auto d = restarted(crashed, 5000);
  // The replacements waited for the cancels' confirmation: none had been sent.
  CHECK(d(d.om.reconcile_plan(5000))
        == strings{"query tl-1-2", "query tl-1-3", "query tl-1-4"});
  CHECK(d(d.om.on_status(make_status("tl-1-3", order_state::cancelled, 2, 0, 0, 5100)))
        == strings{"record status"});
  CHECK(d(d.om.on_status(make_status("tl-1-4", order_state::unknown, 0, 0, 0, 5100)))
        == strings{"record status"});
  // The old stop is still open: its cancel goes out again, and its replacement waits for
  // it; the targets, both known gone, are sent for the 10 filled.
  CHECK(d(d.om.on_status(make_status("tl-1-2", order_state::open, 4, 0, 0, 5200)))
        == strings{"record status", "cancel tl-1-2 (cancel again after a restart)",
                   "send tl-2-1 sell limit qty=5 limit=110 ro",
                   "send tl-2-2 sell limit qty=5 limit=120 ro"});
  CHECK_FALSE(d.om.reconciling());
  CHECK(d(d.om.on_status(cancelled("tl-1-2", 4, 5300)))
        == strings{"record status", "send tl-2-3 sell stop qty=10 stop=95 ro"});
}

TEST_CASE("a fill can end the reconciliation", "[orders][reconcile]") {
  auto crashed = bracket_session();
  crashed(crashed.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 10, 1200)));
  crashed(crashed.om.on_intent(make_intent("b", "ETHUSDT", side::buy, 1), 1300));
  auto d = restarted(crashed, 5000);
  d(d.om.reconcile_plan(5000));
  d(d.om.on_status(make_status("tl-1-2", order_state::open, 10, 0, 0, 5100)));
  // The first target never reached the broker; no new one while reconciling.
  CHECK(d(d.om.on_status(make_status("tl-1-3", order_state::unknown, 0, 0, 0, 5100)))
        == strings{"record status"});
  d(d.om.on_status(make_status("tl-1-4", order_state::open, 5, 0, 0, 5100)));
  CHECK(d.om.reconciling());
  // tl-1-5 fills completely: nothing is unknown any more, the bracket gets its target back.
  CHECK(d(d.om.on_fill(make_fill("tl-1-5", "ETHUSDT", side::buy, 50, 1, 5200)))
        == strings{"record fill", "send tl-2-1 sell limit qty=5 limit=110 ro"});
  CHECK_FALSE(d.om.reconciling());
}

TEST_CASE("exits lost to a crash within one call are decided at the next session", "[orders][reconcile]") {
  auto crashed = bracket_session();
  crashed(crashed.om.on_fill(make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 10, 1200)));
  // Session, entry, fill, then the three exits; the crash came before the exits.
  REQUIRE(crashed.journal.size() == 6);
  crashed.journal.resize(3);
  om_driver d;
  d.journal = crashed.journal;
  d.om = crashed.replayed();
  CHECK(d.om.orders().size() == 1);
  CHECK(d(d.om.begin_session(5000))
        == strings{"record session", "send tl-2-1 sell stop qty=10 stop=95 ro",
                   "send tl-2-2 sell limit qty=5 limit=110 ro",
                   "send tl-2-3 sell limit qty=5 limit=120 ro"});
}
