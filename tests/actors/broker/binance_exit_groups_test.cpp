// The Binance adapter's exit groups: a stop and its take-profits kept at a spot venue as
// OCOs plus a plain stop, never more live than the position, and the engine told what the
// paper broker would tell it.
#include <catch2/catch.hpp>

#include "actors/broker/binance_exit_groups.hpp"

using namespace tickline;

namespace {

symbol_filters btc() {
  symbol_filters f;
  f.symbol = "BTCUSDT";
  f.base = "BTC";
  f.quote = "USDT";
  f.tick_size = *decimal8::parse("0.01");
  f.step_size = *decimal8::parse("0.001");
  f.min_qty = *decimal8::parse("0.001");
  f.max_qty = *decimal8::parse("9000");
  f.min_notional = *decimal8::parse("5");
  return f;
}

order_request exit_order_of(const std::string& id, order_type type, double qty, double price) {
  order_request r;
  r.client_order_id = id;
  r.symbol = "BTCUSDT";
  r.sd = side::sell;
  r.type = type;
  r.qty = qty;
  (type == order_type::stop ? r.stop_price : r.limit_price) = price;
  r.reduce_only = true;
  r.exit_group = "tl-1-1";
  return r;
}

// What the venue would hold live if every leg not done were working.
double live_qty(const binance_exit_groups& g) {
  double sum = 0;
  for (const auto& [id, grp] : g.groups())
    for (const auto& l : grp.legs)
      if (l.state != exit_leg_state::done)
        sum += l.remaining().value();
  return sum;
}

// The venue acknowledges every leg of the plan.
void ack_all(binance_exit_groups& g, const exit_plan& p, std::vector<broker_event>& out) {
  int n = 100;
  for (const auto& pl : p.places)
    for (const auto& id : pl.leg.venue_ids())
      g.on_ack(order_ack{id, std::to_string(++n), 0}, out);
}

// The venue confirms every cancel of the plan.
void cancel_all(binance_exit_groups& g, const exit_plan& p, std::vector<broker_event>& out) {
  for (const auto& pl : p.cancels)
    for (const auto& id : pl.leg.venue_ids()) {
      order_status s;
      s.client_order_id = id;
      s.state = order_state::cancelled;
      s.reason = "venue: CANCELED";
      g.on_end(s, out);
    }
}

template <class T>
std::vector<T> of_type(const std::vector<broker_event>& events) {
  std::vector<T> out;
  for (const auto& e : events)
    if (auto* x = std::get_if<T>(&e))
      out.push_back(*x);
  return out;
}

struct bracket_fixture {
  binance_exit_groups g{500};
  std::vector<broker_event> out;
  std::string why;

  bracket_fixture() { g.set_filters(btc()); }

  // A stop over 1.0 BTC at 95 and targets of 0.5 at 105 and 110, all acknowledged.
  void open_bracket() {
    REQUIRE(g.add(exit_order_of("tl-1-2", order_type::stop, 1.0, 95), why));
    auto p1 = g.plan(1000, out);
    REQUIRE(p1.places.size() == 1);
    CHECK(p1.places[0].leg.kind == exit_leg_kind::stop);
    CHECK(p1.places[0].leg.qty.str() == "1.00000000");
    ack_all(g, p1, out);
    REQUIRE(g.add(exit_order_of("tl-1-3", order_type::limit, 0.5, 105), why));
    REQUIRE(g.add(exit_order_of("tl-1-4", order_type::limit, 0.5, 110), why));
    // The plain stop no longer fits: it goes first, nothing new while it is cancelling.
    auto p2 = g.plan(1000, out);
    REQUIRE(p2.cancels.size() == 1);
    CHECK(p2.places.empty());
    CHECK(live_qty(g) == Approx(1.0));
    cancel_all(g, p2, out);
    auto p3 = g.plan(1000, out);
    REQUIRE(p3.places.size() == 2);
    for (const auto& pl : p3.places) {
      CHECK(pl.leg.kind == exit_leg_kind::oco);
      CHECK(pl.leg.qty.str() == "0.50000000");
      CHECK(pl.leg.stop_price.str() == "95.00000000");
      CHECK(pl.leg.stop_engine == "tl-1-2");
    }
    CHECK(p3.places[0].leg.limit_engine == "tl-1-3");
    CHECK(p3.places[0].leg.limit_price.str() == "105.00000000");
    CHECK(p3.places[1].leg.limit_engine == "tl-1-4");
    CHECK(live_qty(g) == Approx(1.0));
    ack_all(g, p3, out);
    CHECK(g.plan(1000, out).places.empty());
  }

  const exit_leg& leg_of(const std::string& tp) {
    for (const auto& l : g.groups().at("tl-1-1").legs)
      if (l.limit_engine == tp && l.state != exit_leg_state::done)
        return l;
    FAIL("no live leg for " << tp);
    throw 0;
  }
};

} // namespace

TEST_CASE("an exit group becomes OCOs, never more live than the stop's quantity", "[broker][binance][exits]") {
  bracket_fixture f;
  f.open_bracket();
  // The engine saw one ack per order.
  auto acks = of_type<order_ack>(f.out);
  REQUIRE(acks.size() == 3);
  CHECK(acks[0].client_order_id == "tl-1-2");
  CHECK(of_type<order_reject>(f.out).empty());
  auto s = f.g.status("tl-1-2", 1000);
  REQUIRE(s);
  CHECK(s->state == order_state::open);
  CHECK(s->qty == 1.0);
}

TEST_CASE("a target's fill shrinks the stop first, then fills; a stop fill ends the targets", "[broker][binance][exits]") {
  bracket_fixture f;
  f.open_bracket();
  f.out.clear();
  const auto limit_id = f.leg_of("tl-1-3").limit_id;
  const auto other_stop = f.leg_of("tl-1-4").stop_id;
  f.g.on_fill(fill{limit_id, "BTCUSDT", side::sell, 105, 0.5, 0.05, true, 2'000'000'000, "101:t1"}, f.out);
  REQUIRE(f.out.size() == 2);
  auto* shrink = std::get_if<order_status>(&f.out[0]);
  REQUIRE(shrink);
  CHECK(shrink->client_order_id == "tl-1-2");
  CHECK(shrink->qty == Approx(0.5));
  CHECK(shrink->reason.rfind(exit_group_reason, 0) == 0);
  auto* tp = std::get_if<fill>(&f.out[1]);
  REQUIRE(tp);
  CHECK(tp->client_order_id == "tl-1-3");
  CHECK(tp->qty == 0.5);
  // The OCO's stop leg expired with it: no engine news.
  order_status expired;
  expired.client_order_id = f.g.groups().at("tl-1-1").legs[1].stop_id;
  expired.state = order_state::cancelled;
  f.g.on_end(expired, f.out);
  CHECK(f.out.size() == 2);
  CHECK(f.g.plan(2000, f.out).places.empty());  // the other OCO still fits
  CHECK(live_qty(f.g) == Approx(0.5));
  // Now the stop leg of the other OCO fills: a stop fill, and the last target is over.
  f.out.clear();
  f.g.on_fill(fill{other_stop, "BTCUSDT", side::sell, 94.9, 0.5, 0.05, false, 3'000'000'000, "102:t2"}, f.out);
  REQUIRE(f.out.size() == 2);
  auto* st = std::get_if<fill>(&f.out[0]);
  REQUIRE(st);
  CHECK(st->client_order_id == "tl-1-2");
  auto* ended = std::get_if<order_status>(&f.out[1]);
  REQUIRE(ended);
  CHECK(ended->client_order_id == "tl-1-4");
  CHECK(ended->state == order_state::cancelled);
  CHECK(ended->reason.rfind(exit_group_reason, 0) == 0);
  auto s = f.g.status("tl-1-2", 3000);
  CHECK(s->state == order_state::filled);
}

TEST_CASE("a stop replaced by the engine: its OCOs go, the targets wait for the new stop", "[broker][binance][exits]") {
  bracket_fixture f;
  f.open_bracket();
  f.out.clear();
  f.g.cancel("tl-1-2", 5000, f.out);
  auto p = f.g.plan(5000, f.out);
  CHECK(p.cancels.size() == 2);
  cancel_all(f.g, p, f.out);
  // Both OCOs cancelled: the stop's cancel is answered; the targets are held back.
  p = f.g.plan(5100, f.out);
  CHECK(p.places.empty());
  auto statuses = of_type<order_status>(f.out);
  REQUIRE(statuses.size() == 1);
  CHECK(statuses[0].client_order_id == "tl-1-2");
  CHECK(statuses[0].state == order_state::cancelled);
  // The new stop arrives within the hold: straight to OCOs at its price.
  std::string why;
  REQUIRE(f.g.add(exit_order_of("tl-1-5", order_type::stop, 1.0, 97.004), why));
  p = f.g.plan(5200, f.out);
  REQUIRE(p.places.size() == 2);
  CHECK(p.places[0].leg.kind == exit_leg_kind::oco);
  CHECK(p.places[0].leg.stop_engine == "tl-1-5");
  CHECK(p.places[0].leg.stop_price.str() == "97.00000000");  // a sell's stop rounds down
  CHECK(p.places[0].leg.list_id != f.g.groups().at("tl-1-1").legs[1].list_id);
}

TEST_CASE("without a new stop the targets are placed alone after the hold", "[broker][binance][exits]") {
  bracket_fixture f;
  f.open_bracket();
  f.g.cancel("tl-1-2", 5000, f.out);
  auto p = f.g.plan(5000, f.out);
  cancel_all(f.g, p, f.out);
  CHECK(f.g.plan(5400, f.out).places.empty());
  p = f.g.plan(5501, f.out);
  REQUIRE(p.places.size() == 2);
  CHECK(p.places[0].leg.kind == exit_leg_kind::limit);
  CHECK(live_qty(f.g) == Approx(1.0));
}

TEST_CASE("a refused leg refuses its orders; an absent one is sent again under new ids", "[broker][binance][exits]") {
  binance_exit_groups g{500};
  g.set_filters(btc());
  std::vector<broker_event> out;
  std::string why;
  REQUIRE(g.add(exit_order_of("tl-1-2", order_type::stop, 1.0, 95), why));
  auto p = g.plan(1000, out);
  REQUIRE(p.places.size() == 1);
  const auto first = p.places[0].leg.stop_id;
  g.on_reject(order_reject{first, "not at the venue", 0}, true, out);
  CHECK(out.empty());
  p = g.plan(2000, out);
  REQUIRE(p.places.size() == 1);
  CHECK(p.places[0].leg.stop_id != first);
  g.on_reject(order_reject{p.places[0].leg.stop_id, "venue rejected (-2010): Order would trigger immediately.", 0},
              false, out);
  auto rejects = of_type<order_reject>(out);
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].client_order_id == "tl-1-2");
  CHECK(rejects[0].reason.find("-2010") != std::string::npos);
  CHECK(g.plan(3000, out).places.empty());
  // Finished, it still answers for a while (an engine that lost the last events asks).
  CHECK(g.take_finished(3000).empty());
  CHECK(g.status("tl-1-2", 3000)->state == order_state::rejected);
  CHECK(g.take_finished(3000 + 600'000).size() == 1);
  CHECK_FALSE(g.owns("tl-1-2"));
}

TEST_CASE("a target below the filters is refused and its quantity stays on the stop", "[broker][binance][exits]") {
  binance_exit_groups g{500};
  g.set_filters(btc());
  std::vector<broker_event> out;
  std::string why;
  REQUIRE(g.add(exit_order_of("tl-1-2", order_type::stop, 0.1, 95), why));
  REQUIRE(g.add(exit_order_of("tl-1-3", order_type::limit, 0.04, 105), why));  // 4.2 USDT < 5
  auto p = g.plan(1000, out);
  REQUIRE(p.places.size() == 1);
  CHECK(p.places[0].leg.kind == exit_leg_kind::stop);
  CHECK(p.places[0].leg.qty.str() == "0.10000000");
  auto rejects = of_type<order_reject>(out);
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].client_order_id == "tl-1-3");
  CHECK(rejects[0].reason.find("filters") != std::string::npos);
}

TEST_CASE("exit groups survive a restart through their JSON", "[broker][binance][exits]") {
  bracket_fixture f;
  f.open_bracket();
  const auto& g = f.g.groups().at("tl-1-1");
  auto j = binance_exit_groups::to_json(g);
  auto back = binance_exit_groups::from_json(nlohmann::json::parse(j.dump()));
  CHECK(binance_exit_groups::to_json(back) == j);
  binance_exit_groups restored{500};
  restored.set_filters(btc());
  restored.assign({back});
  CHECK(restored.owns("tl-1-3"));
  CHECK(restored.is_leg(g.legs[1].stop_id));
  std::vector<broker_event> out;
  CHECK(restored.plan(1000, out).places.empty());  // the same shape: nothing to send
  CHECK(out.empty());
  // A leg caught being cancelled by a crash is live again: the next plan cancels it anew.
  auto cancelling = j;
  cancelling["legs"][1]["state"] = "cancelling";
  binance_exit_groups again{500};
  again.set_filters(btc());
  again.assign({binance_exit_groups::from_json(cancelling)});
  CHECK(again.groups().at("tl-1-1").legs[1].state == exit_leg_state::live);
  auto bad = j;
  bad["legs"][0]["state"] = "flying";
  CHECK_THROWS_WITH(binance_exit_groups::from_json(bad), Catch::Contains("flying"));
}

TEST_CASE("a remainder below the filters rides on the last target's OCO", "[broker][binance][exits]") {
  binance_exit_groups g{500};
  g.set_filters(btc());
  std::vector<broker_event> out;
  std::string why;
  // Targets split off the step: 0.5005 each of a 1.001 stop leaves 0.0005 after rounding down.
  REQUIRE(g.add(exit_order_of("tl-1-2", order_type::stop, 1.001, 95), why));
  REQUIRE(g.add(exit_order_of("tl-1-3", order_type::limit, 0.5005, 105), why));
  REQUIRE(g.add(exit_order_of("tl-1-4", order_type::limit, 0.5005, 110), why));
  auto p = g.plan(1000, out);
  REQUIRE(p.places.size() == 2);
  CHECK(p.places[0].leg.qty.str() == "0.50000000");
  CHECK(p.places[1].leg.qty.str() == "0.50100000");
  CHECK(live_qty(g) == Approx(1.001));
  CHECK(out.empty());
}
