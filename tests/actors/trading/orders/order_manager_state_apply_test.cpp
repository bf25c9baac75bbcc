// Fill identity in the order manager (order_manager_state_apply.cpp): an execution is
// known by its exec_id and nothing else; a repeat is not journaled and books nothing;
// what is booked is what the portfolio and the trade log get.

#include <algorithm>

#include "orders_test_helpers.hpp"

using namespace tickline;
using namespace tickline::test;

namespace {

fill exec(std::string id, double price, double qty, std::int64_t ts, std::string exec_id) {
  auto f = make_fill(std::move(id), "BTCUSDT", side::buy, price, qty, ts);
  f.exec_id = std::move(exec_id);
  return f;
}

// A bracket's entry sent, then a restart: the broker says 6 of 10 filled, which the
// order manager never saw, so reconciliation synthesizes them (`published`: what it
// told the portfolio).
om_driver restart_with_six_synthesized(std::vector<std::string>& published) {
  auto d = bracket_session();
  d(d.om.on_sent("tl-1-1", 1150));
  auto restarted = om_driver{};
  for (const auto& r : d.journal)
    REQUIRE(restarted.om.apply_record(r));
  restarted.journal = d.journal;
  restarted(restarted.om.begin_session(3000));
  restarted(restarted.om.reconcile_plan(3000));
  published = restarted(restarted.om.on_status(
    make_status("tl-1-1", order_state::partially_filled, 10, 6, 100, 3100)));
  return restarted;
}

} // namespace

TEST_CASE("two real executions with the same price, quantity and time are two fills",
          "[orders][fills]") {
  auto d = bracket_session();
  // The venue filled 3 and 3 at 100 in the same millisecond: two trades of its own.
  d(d.om.on_fill(exec("tl-1-1", 100, 3, 2000, "paper-1")));
  REQUIRE(d.om.last_booked());
  CHECK(d.om.last_booked()->qty == 3);
  d(d.om.on_fill(exec("tl-1-1", 100, 3, 2000, "paper-2")));
  REQUIRE(d.om.last_booked());
  CHECK(d.om.last_booked()->exec_id == "paper-2");
  CHECK(d.om.find("tl-1-1")->filled_qty == 6);
  CHECK(d.om.net_position("BTCUSDT") == 6);
  CHECK(d.om.duplicates() == 0);
  // A replay of the journal books both as well.
  const auto replayed = d.replayed();
  CHECK(replayed.find("tl-1-1")->filled_qty == 6);
  CHECK(replayed.net_position("BTCUSDT") == 6);
}

TEST_CASE("the same execution twice is one fill, and the repeat is not journaled",
          "[orders][fills]") {
  auto d = bracket_session();
  d(d.om.on_fill(exec("tl-1-1", 100, 4, 2000, "paper-7")));
  const auto records = d.journal.size();
  // Resent by a broker after a restart, even with another time stamp.
  auto again = d(d.om.on_fill(exec("tl-1-1", 100, 4, 2600, "paper-7")));
  CHECK(again.empty());
  CHECK_FALSE(d.om.last_booked());
  CHECK(d.journal.size() == records);
  CHECK(d.om.duplicates() == 1);
  CHECK(d.om.find("tl-1-1")->filled_qty == 4);
  CHECK(d.om.net_position("BTCUSDT") == 4);
  CHECK(d.om.seen_fill(exec("tl-1-1", 1, 1, 1, "paper-7")));
  CHECK_FALSE(d.om.seen_fill(exec("tl-1-1", 100, 4, 2000, "paper-8")));
}

TEST_CASE("a journal from before fills had ids replays each repeated record once",
          "[orders][fills]") {
  // Journals written before exec ids held a fill record per report, repeats included.
  auto d = bracket_session();
  const auto legacy = make_fill("tl-1-1", "BTCUSDT", side::buy, 100, 4, 2000);
  d(d.om.on_fill(legacy));
  auto journal = d.journal;
  const auto fill_record = std::find_if(journal.begin(), journal.end(), [](const std::string& r) {
    return r.find("\"type\":\"fill\"") != std::string::npos;
  });
  REQUIRE(fill_record != journal.end());
  journal.push_back(*fill_record);  // the repeat as it used to be journaled
  order_manager_state fresh{test_orders_config()};
  std::vector<double> booked;
  for (const auto& r : journal) {
    REQUIRE(fresh.apply_record(r));
    if (r.find("\"type\":\"fill\"") != std::string::npos)
      booked.push_back(fresh.last_booked() ? fresh.last_booked()->qty : 0);
  }
  CHECK(booked == std::vector<double>{4, 0});  // the replay tells the portfolio once
  CHECK(fresh.net_position("BTCUSDT") == 4);
  CHECK(fresh.duplicates() == 1);
}

TEST_CASE("a broker fill that a synthesized one covered books only what is left",
          "[orders][fills][reconcile]") {
  std::vector<std::string> published;
  auto restarted = restart_with_six_synthesized(published);
  CHECK(std::count(published.begin(), published.end(), "publish tl-1-1 qty=6") == 1);
  CHECK(restarted.om.net_position("BTCUSDT") == 6);
  // Then the broker's own reports of those executions arrive, and one more of 2: the
  // first 6 were booked already, the last 2 are new.
  restarted(restarted.om.on_fill(exec("tl-1-1", 100, 4, 2100, "paper-1")));
  CHECK_FALSE(restarted.om.last_booked());
  restarted(restarted.om.on_fill(exec("tl-1-1", 100, 4, 2200, "paper-2")));
  REQUIRE(restarted.om.last_booked());
  CHECK(restarted.om.last_booked()->qty == Approx(2));
  CHECK(restarted.om.net_position("BTCUSDT") == Approx(8));
  // The same status again (a second query) synthesizes nothing more.
  auto twice = restarted(restarted.om.on_status(
    make_status("tl-1-1", order_state::partially_filled, 10, 8, 100, 3300)));
  CHECK(std::count_if(twice.begin(), twice.end(),
                      [](const std::string& s) { return s.rfind("publish", 0) == 0; }) == 0);
  CHECK(restarted.om.net_position("BTCUSDT") == Approx(8));
}

TEST_CASE("the fee of a broker fill that a synthesized one covered is still booked",
          "[orders][fills][reconcile]") {
  std::vector<std::string> published;
  auto restarted = restart_with_six_synthesized(published);
  // The broker's report of 4 of the synthesized 6, with its fee: no quantity, the fee.
  auto f = exec("tl-1-1", 100, 4, 2100, "paper-1");
  f.fee = 0.4;
  restarted(restarted.om.on_fill(f));
  REQUIRE(restarted.om.last_booked());
  CHECK(restarted.om.last_booked()->qty == 0);
  CHECK(restarted.om.last_booked()->fee == 0.4);
  CHECK(restarted.om.last_booked()->exec_id == "paper-1");
  CHECK(restarted.om.net_position("BTCUSDT") == 6);
  // Without a fee there is nothing to book.
  restarted(restarted.om.on_fill(exec("tl-1-1", 100, 2, 2200, "paper-2")));
  CHECK_FALSE(restarted.om.last_booked());
  CHECK(restarted.om.net_position("BTCUSDT") == 6);
}
