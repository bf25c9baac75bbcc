// The trade logger's state: entry and exit records with their context and realized P&L,
// the JSON lines they become, rebuilding from those lines, and snapshots.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "actors/trading/portfolio/portfolio_state.hpp"
#include "actors/trading/trade_log/trade_logger_state.hpp"
#include "../../snapshot.hpp"

using namespace tickline;

namespace {

order_intent intent_a() {
  order_intent i;
  i.intent_id = "strategy-BTCUSDT-1";
  i.symbol = "BTCUSDT";
  i.sd = side::buy;
  i.qty = 2.5;
  i.stop_loss = 95;
  i.take_profits = {110};
  i.confidence = 0.72;
  i.ts_ns = 900;
  signal s;
  s.kind = signal_kind::pattern;
  s.name = "engulfing";
  s.symbol = "BTCUSDT";
  s.dir = direction::long_;
  s.strength = 0.5;
  s.confidence = 0.72;
  s.features = {{"body_ratio", 1.8}};
  i.context = {"pattern:engulfing", {s}, {{"atr", 2.5}, {"realized_vol", 0.4}}, "trending",
               {{"equity", 100000}, {"risk_fraction", 0.005}, {"qty", 2.5}}, "max_qty"};
  return i;
}

risk_decision reduced_a() {
  return {"strategy-BTCUSDT-1", "BTCUSDT", risk_verdict::reduce, 2.5, 2, "max position notional",
          trading_state::active, 950};
}

booked_fill booked(std::string id, side sd, double price, double qty, double fee,
                   std::int64_t ts, std::string purpose) {
  return {{std::move(id), "BTCUSDT", sd, price, qty, fee, false, ts, {}}, std::move(purpose),
          "pattern:engulfing", "strategy-BTCUSDT-1", "tl-1-1"};
}

// The round trip of these tests: 2 bought in two fills (100 and 102, fee 0.1 each), 1 sold
// at a take-profit of 110 (fee 0.11), 1 at the stop, 95 (fee 0.095).
std::vector<booked_fill> round_trip() {
  return {booked("tl-1-1", side::buy, 100, 1, 0.1, 1000, "entry"),
          booked("tl-1-1", side::buy, 102, 1, 0.1, 1001, "entry"),
          booked("tl-1-3", side::sell, 110, 1, 0.11, 2000, "take_profit"),
          booked("tl-1-4", side::sell, 95, 1, 0.095, 3000, "stop_loss")};
}

std::vector<trade_record> run(trade_logger_state& log, const std::vector<booked_fill>& fills) {
  std::vector<trade_record> out;
  for (const auto& f : fills) {
    out.push_back(log.make_record(f));
    log.apply(out.back(), out.size());
  }
  return out;
}

} // namespace

TEST_CASE("an entry is recorded with its intent's context and risk decision", "[trade_log]") {
  trade_logger_state log;
  log.on_intent(intent_a());
  log.on_decision(reduced_a());
  auto r = log.make_record(round_trip()[0]);
  CHECK(r.kind == "entry");
  CHECK(r.key == "tl-1-1|100|1|1000");
  CHECK(r.qty == 1);
  CHECK(r.price == 100);
  CHECK(r.fee == 0.1);
  CHECK(r.position_after == 1);
  CHECK(r.avg_entry_price == 100);
  CHECK(r.trade_id == "tl-1-1");
  CHECK(r.entry_tag == "pattern:engulfing");
  REQUIRE(r.intent);
  CHECK(r.intent->confidence == 0.72);
  CHECK(r.intent->context.regime == "trending");
  CHECK(r.intent->context.signals.at(0).features.at("body_ratio") == 1.8);
  CHECK(r.intent->context.sizing.at("equity") == 100000);
  REQUIRE(r.decision);
  CHECK(r.decision->verdict == risk_verdict::reduce);
  CHECK(r.decision->approved_qty == 2);
  // make_record changes nothing: the same fill makes the same record again.
  CHECK(log.make_record(round_trip()[0]).position_after == 1);
  CHECK(log.entries() == 0);
}

TEST_CASE("exits carry their reason and the P&L of the part they close", "[trade_log]") {
  trade_logger_state log;
  log.on_intent(intent_a());
  log.on_decision(reduced_a());
  auto records = run(log, round_trip());
  REQUIRE(records.size() == 4);
  // The second entry averages in: (100 + 102) / 2 = 101.
  CHECK(records[1].kind == "entry");
  CHECK(records[1].avg_entry_price == 101);
  CHECK(records[1].position_after == 2);
  // The context is in the first fill's record only: the second points back by trade_id.
  CHECK(records[0].intent);
  CHECK_FALSE(records[1].intent);
  CHECK(records[1].trade_id == records[0].trade_id);
  // Take-profit: 1 x (110 - 101) - 0.11 - half the entry fees (0.1) = 8.79.
  const auto& tp = records[2];
  CHECK(tp.kind == "exit");
  CHECK(tp.exit_reason == "take_profit");
  CHECK(tp.realized_pnl == Approx(8.79).margin(1e-12));
  CHECK(tp.avg_entry_price == 101);
  CHECK(tp.position_after == 1);
  CHECK(tp.entry_ns == 1000);
  CHECK(tp.trade_id == "tl-1-1");
  // Stop: 1 x (95 - 101) - 0.095 - the other 0.1 = -6.195.
  const auto& stop = records[3];
  CHECK(stop.exit_reason == "stop_loss");
  CHECK(stop.realized_pnl == Approx(-6.195).margin(1e-12));
  CHECK(stop.position_after == 0);
  CHECK(log.entries() == 2);
  CHECK(log.exits() == 2);
  CHECK(log.last_seq() == 4);
  // Flat: the position and the intent's context are gone.
  CHECK(log.position("BTCUSDT").qty == 0);
  CHECK(log.pending().empty());
  // The exits add up to the portfolio's own account of the round trip.
  portfolio_state book{10000};
  std::optional<closed_trade> closed;
  for (const auto& f : round_trip())
    closed = book.on_fill(f);
  REQUIRE(closed);
  CHECK(closed->pnl == Approx(tp.realized_pnl + stop.realized_pnl).margin(1e-12));
  CHECK(closed->entry_tag == "pattern:engulfing");
  CHECK(closed->exit_reason == "stop_loss");
}

TEST_CASE("a short's exit, and a fill of an unknown order", "[trade_log]") {
  trade_logger_state log;
  auto short_entry = booked("tl-2-1", side::sell, 50, 4, 0.2, 10, "entry");
  auto r = run(log, {short_entry});
  CHECK_FALSE(r[0].intent);  // no intent heard: recorded without context
  CHECK(r[0].position_after == -4);
  // Bought back 3 at 45 by an order nobody tagged: 3 x (50 - 45) - 0 - 0.15 = 14.85.
  auto exit = log.make_record({{"x-1", "BTCUSDT", side::buy, 45, 3, 0, false, 20, {}}, "", "", "", ""});
  CHECK(exit.kind == "exit");
  CHECK(exit.exit_reason == "unknown");
  CHECK(exit.realized_pnl == Approx(14.85).margin(1e-12));
  CHECK(exit.trade_id == "tl-1-1");  // the position's
  CHECK(exit.position_after == -1);
}

TEST_CASE("a denied intent is forgotten; the pending context is bounded", "[trade_log]") {
  trade_logger_state log{2};
  log.on_intent(intent_a());
  auto denied = reduced_a();
  denied.verdict = risk_verdict::deny;
  log.on_decision(denied);
  CHECK(log.pending().empty());
  CHECK(log.denied() == 1);
  for (auto id : {"i1", "i2", "i3"}) {
    auto i = intent_a();
    i.intent_id = id;
    log.on_intent(i);
  }
  CHECK(log.pending().size() == 2);
  CHECK(log.pending().count("i1") == 0);
  CHECK(log.pending().count("i3") == 1);
}

TEST_CASE("records become JSON lines that rebuild the positions", "[trade_log]") {
  trade_logger_state log;
  log.on_intent(intent_a());
  log.on_decision(reduced_a());
  auto records = run(log, round_trip());
  auto entry = nlohmann::json::parse(to_json(records[0]));
  CHECK(entry["kind"] == "entry");
  CHECK(entry["side"] == "buy");
  CHECK(entry["confidence"] == 0.72);
  CHECK(entry["regime"] == "trending");
  CHECK(entry["signals"][0]["name"] == "engulfing");
  CHECK(entry["signals"][0]["features"]["body_ratio"] == 1.8);
  CHECK(entry["indicators"]["atr"] == 2.5);
  CHECK(entry["sizing"]["limited_by"] == "max_qty");
  CHECK(entry["risk"]["verdict"] == "reduce");
  CHECK(entry["risk"]["reason"] == "max position notional");
  CHECK(entry["intent"]["stop_loss"] == 95);
  CHECK_FALSE(entry.contains("exit_reason"));
  auto exit = nlohmann::json::parse(to_json(records[2]));
  CHECK(exit["exit_reason"] == "take_profit");
  CHECK(exit["realized_pnl"].get<double>() == Approx(8.79).margin(1e-12));
  CHECK_FALSE(exit.contains("signals"));

  // The first three lines, read back, leave the position the first three fills did.
  trade_logger_state rebuilt;
  for (std::size_t i = 0; i < 3; ++i) {
    std::string error;
    auto r = trade_record_from_json(to_json(records[i]), error);
    REQUIRE(r);
    rebuilt.apply(*r, i + 1);
  }
  CHECK(rebuilt.position("BTCUSDT").qty == 1);
  CHECK(rebuilt.position("BTCUSDT").avg_price == 101);
  CHECK(rebuilt.position("BTCUSDT").entry_fees == Approx(0.1).margin(1e-12));
  CHECK(rebuilt.make_record(round_trip()[3]).realized_pnl == Approx(-6.195).margin(1e-12));
  std::string error;
  CHECK_FALSE(trade_record_from_json("{\"kind\":\"entry\"}", error));
  CHECK(error.find("key") != std::string::npos);
  CHECK_FALSE(trade_record_from_json("not json", error));
}

TEST_CASE("trade_logger_state snapshot round-trip", "[trade_log][snapshot]") {
  trade_logger_state log{7};
  log.on_intent(intent_a());
  log.on_decision(reduced_a());
  auto fills = round_trip();
  run(log, {fills[0], fills[1]});
  auto other = intent_a();
  other.intent_id = "strategy-ETHUSDT-2";
  log.on_intent(other);

  trade_logger_state back;
  test::load_state(test::save_state(log), back);
  CHECK(back.entries() == 2);
  CHECK(back.last_seq() == 2);
  CHECK(back.position("BTCUSDT").qty == 2);
  CHECK(back.position("BTCUSDT").avg_price == 101);
  CHECK(back.position("BTCUSDT").trade_id == "tl-1-1");
  REQUIRE(back.pending().size() == 2);
  CHECK(back.pending().at("strategy-BTCUSDT-1").decision->approved_qty == 2);
  CHECK(back.pending().at("strategy-BTCUSDT-1").intent.context.tag == "pattern:engulfing");
  // It goes on exactly where the original would.
  CHECK(back.make_record(fills[2]).realized_pnl == Approx(8.79).margin(1e-12));
  // The capacity came along: 7 intents fit, the 8th pushes out the oldest.
  for (int i = 0; i < 6; ++i) {
    auto x = intent_a();
    x.intent_id = "more-" + std::to_string(i);
    back.on_intent(x);
  }
  CHECK(back.pending().size() == 7);
  CHECK(back.pending().count("strategy-BTCUSDT-1") == 0);
}
