#include <catch2/catch.hpp>

#include <cmath>

#include "actors/trading/strategy/strategy_state.hpp"
#include "../../snapshot.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t sec = 1'000'000'000;
constexpr std::int64_t t0 = 1773144000 * sec;  // 2026-03-10T12:00:00Z
const account_view flat_account{100000, 100000};

strategy_config small() {
  strategy_config c;
  c.min_confidence = 0.6;
  c.risk_per_trade = 0.005;
  c.signal_window_ms = 60000;
  c.atr_period = 1;
  c.stop_atr_multiple = 2;
  c.take_profit_r = {1, 2};
  c.kelly_cap = 0.25;
  c.kelly_min_trades = 2;
  c.vol_window = 4;
  return c;
}

risk_config caps() {
  risk_config r;
  r.max_position_notional = 10000;
  r.max_drawdown_pct = 10;
  return r;
}

signal sig(signal_kind kind, const std::string& name, const std::string& symbol, direction dir,
           double confidence, std::int64_t ts, double price = 100) {
  signal s;
  s.kind = kind;
  s.name = name;
  s.symbol = symbol;
  s.dir = dir;
  s.confidence = confidence;
  s.strength = confidence;
  s.ts_ns = ts;
  s.price = price;
  return s;
}

signal long_pattern(const std::string& symbol, double confidence, std::int64_t ts,
                    const std::string& name = "ema_cross") {
  return sig(signal_kind::pattern, name, symbol, direction::long_, confidence, ts);
}

bar minute(const std::string& symbol, std::int64_t close_ns, double high, double low, double close) {
  bar b;
  b.symbol = symbol;
  b.timeframe_s = 60;
  b.close_ns = close_ns;
  b.open_ns = close_ns - 60 * sec;
  b.open = close;
  b.high = high;
  b.low = low;
  b.close = close;
  return b;
}

// ATR(1) of `symbol` becomes 4 (a 98..102 bar after a close of 100), price 100.
strategy_state primed(strategy_config c = small(), const std::string& symbol = "BTC") {
  strategy_state st{c, caps(), 60};
  st.on_bar(minute(symbol, t0 - 120 * sec, 100, 100, 100));
  st.on_bar(minute(symbol, t0 - 60 * sec, 102, 98, 100));
  return st;
}

} // namespace

TEST_CASE("signals combine per direction as 1 - prod(1 - w c)", "[strategy]") {
  strategy_state st{small(), caps(), 60};  // no ATR: combines, never enters
  CHECK_FALSE(st.on_signal(long_pattern("ETH", 0.8, t0), flat_account, t0));
  CHECK(st.combined("ETH", t0) == Approx(0.8));
  st.on_signal(sig(signal_kind::whale, "large_trade", "ETH", direction::long_, 0.6, t0),
               flat_account, t0);
  CHECK(st.combined("ETH", t0) == Approx(0.92));  // 1 - 0.2 * 0.4
  st.on_signal(sig(signal_kind::whale, "imbalance", "ETH", direction::short_, 0.5, t0),
               flat_account, t0);
  CHECK(st.combined("ETH", t0) == Approx(0.42));  // 0.92 - 0.5
  // A newer signal of the same kind.name replaces the older one.
  st.on_signal(sig(signal_kind::pattern, "ema_cross", "ETH", direction::short_, 0.3, t0 + 1),
               flat_account, t0 + 1);
  CHECK(st.combined("ETH", t0 + 1) == Approx(0.6 - (1 - 0.7 * 0.5)));  // 0.6 - 0.65
  // Direction-neutral signals do not vote.
  st.on_signal(sig(signal_kind::volatility, "atr_spike", "ETH", direction::neutral, 1, t0 + 1),
               flat_account, t0 + 1);
  CHECK(st.combined("ETH", t0 + 1) == Approx(-0.05));
}

TEST_CASE("weights by kind and kind.name scale the confidences", "[strategy]") {
  auto c = small();
  c.weights = {{"whale", 0.5}, {"pattern", 0.5}, {"pattern.ema_cross", 2}};
  strategy_state st{c, caps(), 60};
  CHECK(st.weight(signal_kind::whale, "large_trade") == 0.5);
  CHECK(st.weight(signal_kind::pattern, "ema_cross") == 2);
  CHECK(st.weight(signal_kind::pattern, "breakout") == 0.5);
  CHECK(st.weight(signal_kind::external, "x") == 1);
  st.on_signal(sig(signal_kind::whale, "large_trade", "A", direction::long_, 0.8, t0),
               flat_account, t0);
  CHECK(st.combined("A", t0) == Approx(0.4));
  st.on_signal(long_pattern("B", 0.8, t0), flat_account, t0);
  CHECK(st.combined("B", t0) == Approx(1));  // 2 * 0.8 is capped at 1
  st.on_signal(long_pattern("C", 0.8, t0, "breakout"), flat_account, t0);
  CHECK(st.combined("C", t0) == Approx(0.4));
}

TEST_CASE("the learning daemon's multipliers scale the configured weights, or are refused whole",
          "[strategy][learning]") {
  auto c = small();
  c.weights = {{"pattern", 0.5}};
  strategy_state st{c, caps(), 60};
  CHECK(st.set_learned({{"pattern.breakout", 1.5}, {"whale.large_trade", 0.8}}, 7).empty());
  CHECK(st.weight(signal_kind::pattern, "breakout") == Approx(0.75));  // 0.5 configured x 1.5
  CHECK(st.weight(signal_kind::pattern, "ema_cross") == 0.5);
  CHECK(st.weight(signal_kind::whale, "large_trade") == Approx(0.8));
  CHECK(st.learned_version() == 7);
  st.on_signal(long_pattern("C", 0.8, t0, "breakout"), flat_account, t0);
  CHECK(st.combined("C", t0) == Approx(0.6));  // 0.75 x 0.8
  // One bad entry: nothing changes.
  CHECK(st.set_learned({{"pattern.breakout", 2}, {"pattern.x", 0}}, 8)
        == "learned multiplier of \"pattern.x\" must be in (0, 10]");
  CHECK(st.set_learned({{"nokind.x", 2}}, 8).find("nokind") != std::string::npos);
  CHECK(st.learned_version() == 7);
  CHECK(st.weight(signal_kind::pattern, "breakout") == Approx(0.75));
  // Kept by the snapshot.
  strategy_state back{c, caps(), 60};
  test::load_state(test::save_state(st), back);
  CHECK(back.learned() == st.learned());
  CHECK(back.learned_version() == 7);
}

TEST_CASE("an entry carries side, ATR stop, R-multiple targets and its size", "[strategy]") {
  auto st = primed();
  REQUIRE(*st.atr_of("BTC") == Approx(4));
  const auto in = st.on_signal(long_pattern("BTC", 0.7, t0), flat_account, t0);
  REQUIRE(in);
  CHECK(in->intent_id == "strategy-BTC-1");
  CHECK(in->symbol == "BTC");
  CHECK(in->sd == side::buy);
  CHECK(in->type == order_type::market);
  CHECK(in->confidence == Approx(0.7));
  CHECK(in->ts_ns == t0);
  // Stop 2 ATR = 8 below 100; targets 1R and 2R above. Risk 100000 * 0.005 / 8 = 62.5.
  CHECK(in->stop_loss == Approx(92));
  REQUIRE(in->take_profits.size() == 2);
  CHECK(in->take_profits[0] == Approx(108));
  CHECK(in->take_profits[1] == Approx(116));
  CHECK(in->qty == Approx(62.5));
  CHECK(in->reason == "long 0.700 from pattern.ema_cross +0.70*1.00*1.00; stop 2.00 ATR; qty 62.5 = "
                      "risk 62.5 x kelly 1 x vol 1 x drawdown 1 (limited by risk)");
  CHECK(st.open_intent("BTC") == "strategy-BTC-1");

  auto sh = primed();
  const auto s = sh.on_signal(sig(signal_kind::pattern, "breakout", "BTC", direction::short_, 0.9, t0),
                              flat_account, t0);
  REQUIRE(s);
  CHECK(s->sd == side::sell);
  CHECK(s->stop_loss == Approx(108));
  CHECK_THAT(s->take_profits, Catch::Matchers::Approx(std::vector<double>{92, 84}));
}

TEST_CASE("an entry carries its context for the trade log", "[strategy][trade_log]") {
  auto st = primed();
  auto whale = sig(signal_kind::whale, "large_trade", "BTC", direction::long_, 0.3, t0 - sec);
  whale.features = {{"z_score", 4.5}};
  CHECK_FALSE(st.on_signal(whale, flat_account, t0 - sec));
  auto pattern = long_pattern("BTC", 0.7, t0);
  pattern.features = {{"ema_fast", 101}, {"ema_slow", 99.5}};
  const auto in = st.on_signal(pattern, flat_account, t0);
  REQUIRE(in);
  const auto& c = in->context;
  // 1 - (1 - 0.3)(1 - 0.7) = 0.79; the heavier vote (0.7 x weight 1) names the entry.
  CHECK(in->confidence == Approx(0.79));
  CHECK(c.tag == "pattern:ema_cross");
  REQUIRE(c.signals.size() == 2);  // by "kind.name": pattern.ema_cross, whale.large_trade
  CHECK(c.signals[0].name == "ema_cross");
  CHECK(c.signals[0].features.at("ema_slow") == 99.5);
  CHECK(c.signals[1].features.at("z_score") == 4.5);
  CHECK(c.indicators.at("atr") == Approx(4));
  CHECK(c.indicators.at("atr_pct") == Approx(4));   // 4 / 100
  CHECK(c.indicators.at("price") == 100);
  CHECK(c.indicators.at("net_confidence") == Approx(0.79));
  // Regime over 1 bar: the close did not move (efficiency 0) and ATR% 4 is not above
  // 1.2 x its median 4: ranging.
  CHECK(c.regime == "ranging");
  // Risk 100000 x 0.005 / (2 ATR = 8) = 62.5, nothing smaller: limited by risk.
  CHECK(c.sizing.at("equity") == 100000);
  CHECK(c.sizing.at("risk_fraction") == 0.005);
  CHECK(c.sizing.at("stop_distance") == Approx(8));
  CHECK(c.sizing.at("risk_qty") == Approx(62.5));
  CHECK(c.sizing.at("max_notional") == 10000);
  CHECK(c.sizing.at("drawdown_factor") == 1);
  CHECK(c.sizing.at("qty") == Approx(in->qty));
  CHECK(c.sizing.count("kelly") == 0);  // fewer than kelly_min_trades closed
  CHECK(c.limited_by == "risk");
}

TEST_CASE("a version 1 snapshot (no evidence, no regimes) still loads", "[strategy][snapshot]") {
  strategy_state a{small(), caps(), 60};
  a.set_weight("whale", 2);
  a.on_position_closed("ETH", 30);
  // Version 2 appended two empty maps: 8 bytes of size each.
  strategy_state b{small(), caps(), 60};
  test::load_state(test::as_version(test::save_state(a), 1, 16), b);
  CHECK(b.weights() == a.weights());
  CHECK(b.wins() == 1);
  CHECK(b.regime_of("BTC").empty());
}

TEST_CASE("min_confidence is inclusive", "[strategy]") {
  auto at = primed();
  CHECK(at.on_signal(long_pattern("BTC", 0.6, t0), flat_account, t0));
  auto below = primed();
  CHECK_FALSE(below.on_signal(long_pattern("BTC", 0.59, t0), flat_account, t0));
}

TEST_CASE("signals older than the window are forgotten", "[strategy]") {
  const std::int64_t window = 60 * sec;
  // 0.4 and 0.4 combine to 0.64 while both are in the window.
  auto in_window = primed();
  CHECK_FALSE(in_window.on_signal(long_pattern("BTC", 0.4, t0), flat_account, t0));
  CHECK(in_window.on_signal(long_pattern("BTC", 0.4, t0 + window, "breakout"), flat_account,
                            t0 + window));
  auto past = primed();
  past.on_signal(long_pattern("BTC", 0.4, t0), flat_account, t0);
  CHECK_FALSE(past.on_signal(long_pattern("BTC", 0.4, t0 + window + 1, "breakout"), flat_account,
                             t0 + window + 1));
  CHECK(past.combined("BTC", t0 + window + 1) == Approx(0.4));
  // A signal that arrives already too old does not count.
  auto late = primed();
  CHECK_FALSE(late.on_signal(long_pattern("BTC", 0.9, t0), flat_account, t0 + window + 1));
  CHECK(late.combined("BTC", t0 + window + 1) == 0);
}

TEST_CASE("one open entry per symbol until denied or closed", "[strategy]") {
  auto st = primed();
  st.on_bar(minute("ETH", t0 - 120 * sec, 100, 100, 100));
  st.on_bar(minute("ETH", t0 - 60 * sec, 102, 98, 100));
  const auto first = st.on_signal(long_pattern("BTC", 0.9, t0), flat_account, t0);
  REQUIRE(first);
  CHECK_FALSE(st.on_signal(long_pattern("BTC", 0.95, t0 + 1, "breakout"), flat_account, t0 + 1));
  CHECK(st.on_signal(long_pattern("ETH", 0.9, t0 + 1), flat_account, t0 + 1));
  risk_decision d;
  d.intent_id = first->intent_id;
  d.symbol = "BTC";
  d.verdict = risk_verdict::reduce;
  st.on_decision(d);
  CHECK(st.open_intent("BTC") == first->intent_id);
  d.verdict = risk_verdict::deny;
  d.intent_id = "someone-else";
  st.on_decision(d);
  CHECK(st.open_intent("BTC") == first->intent_id);
  d.intent_id = first->intent_id;
  st.on_decision(d);
  CHECK(st.open_intent("BTC").empty());
  // Signals that came while the entry was open still count: 1 - 0.05 * 0.5.
  const auto second = st.on_signal(long_pattern("BTC", 0.5, t0 + 2), flat_account, t0 + 2);
  REQUIRE(second);
  CHECK(second->intent_id == "strategy-BTC-3");
  CHECK(second->confidence == Approx(0.975));
  st.on_position_closed("BTC", 10);
  CHECK(st.open_intent("BTC").empty());
  // The order manager's refusal names the intent only (it refused before the symbol
  // mattered): it frees the symbol too, and no other.
  const auto third = st.on_signal(long_pattern("BTC", 0.9, t0 + 3), flat_account, t0 + 3);
  REQUIRE(third);
  const auto eth = st.open_intent("ETH");
  REQUIRE_FALSE(eth.empty());
  risk_decision refused;
  refused.intent_id = third->intent_id;
  refused.verdict = risk_verdict::deny;
  refused.reason = "order manager: reconciling";
  st.on_decision(refused);
  CHECK(st.open_intent("BTC").empty());
  CHECK(st.open_intent("ETH") == eth);
}

TEST_CASE("an old entry is offered for a check and forgotten only by its own id",
          "[strategy][entry_check]") {
  auto st = primed();
  st.on_bar(minute("ETH", t0 - 120 * sec, 100, 100, 100));
  st.on_bar(minute("ETH", t0 - 60 * sec, 102, 98, 100));
  const auto btc = st.on_signal(long_pattern("BTC", 0.9, t0), flat_account, t0);
  const auto eth = st.on_signal(long_pattern("ETH", 0.9, t0 + 10 * sec), flat_account, t0 + 10 * sec);
  REQUIRE(btc);
  REQUIRE(eth);
  const std::int64_t age = 30 * sec;
  CHECK(st.aged_entries(t0 + 29 * sec, age).empty());
  using entry = std::pair<std::string, std::string>;
  CHECK(st.aged_entries(t0 + 30 * sec, age) == std::vector<entry>{{"BTC", btc->intent_id}});
  CHECK(st.aged_entries(t0 + 40 * sec, age)
        == std::vector<entry>{{"BTC", btc->intent_id}, {"ETH", eth->intent_id}});
  // An answer about an entry the symbol no longer has changes nothing.
  CHECK_FALSE(st.forget_entry("BTC", "strategy-BTC-99"));
  CHECK_FALSE(st.forget_entry("BTC", ""));
  CHECK_FALSE(st.forget_entry("SOL", btc->intent_id));
  CHECK(st.open_intent("BTC") == btc->intent_id);
  CHECK(st.forget_entry("BTC", btc->intent_id, t0 + 40 * sec));
  CHECK(st.open_intent("BTC").empty());
  CHECK(st.open_intent("ETH") == eth->intent_id);
  // The symbol trades again, and its new entry is young.
  const auto next = st.on_signal(long_pattern("BTC", 0.9, t0 + 41 * sec), flat_account, t0 + 41 * sec);
  REQUIRE(next);
  CHECK(st.aged_entries(t0 + 45 * sec, age) == std::vector<entry>{{"ETH", eth->intent_id}});
  // The forgotten entry's closed trade, late (its entry filled before it was forgotten):
  // counted as a win, its voters get no credit, and the new entry stays open.
  const auto before = st.signal_records();
  const int wins = st.wins();
  st.on_position_closed("BTC", 25, t0 + 1 * sec);
  CHECK(st.signal_records().size() == before.size());
  CHECK(st.wins() == wins + 1);
  CHECK(st.open_intent("BTC") == next->intent_id);
  // The new entry's own closed trade frees the symbol.
  st.on_position_closed("BTC", -5, t0 + 42 * sec);
  CHECK(st.open_intent("BTC").empty());
  REQUIRE(st.on_signal(long_pattern("BTC", 0.9, t0 + 43 * sec), flat_account, t0 + 43 * sec));
  // A denial and a closed trade end the clock too.
  risk_decision d;
  d.intent_id = eth->intent_id;
  d.symbol = "ETH";
  d.verdict = risk_verdict::deny;
  st.on_decision(d);
  st.on_position_closed("BTC", 5);
  CHECK(st.aged_entries(t0 + 1000 * sec, age).empty());
}

TEST_CASE("when an entry went out survives a snapshot; older snapshots count it as old",
          "[strategy][entry_check][snapshot]") {
  auto a = primed();
  const auto btc = a.on_signal(long_pattern("BTC", 0.9, t0), flat_account, t0);
  REQUIRE(btc);
  strategy_state b{small(), caps(), 60};
  test::load_state(test::save_state(a), b);
  CHECK(b.aged_entries(t0 + 29 * sec, 30 * sec).empty());
  CHECK(b.aged_entries(t0 + 30 * sec, 30 * sec).size() == 1);
  // A version 4 snapshot has no send times: the entry it brings back is checked at once.
  // Version 5 appended a map of one entry: its size (8 bytes), "BTC" (8 + 3) and a time (8).
  strategy_state c{small(), caps(), 60};
  test::load_state(test::as_version(test::save_state(a), 4, 27), c);
  CHECK(c.open_intent("BTC") == btc->intent_id);
  CHECK(c.aged_entries(t0, 30 * sec).size() == 1);
}

TEST_CASE("the evidence behind an entry is used up by it", "[strategy]") {
  auto st = primed();
  const auto first = st.on_signal(long_pattern("BTC", 0.9, t0), flat_account, t0);
  REQUIRE(first);
  risk_decision d;
  d.intent_id = first->intent_id;
  d.symbol = "BTC";
  d.verdict = risk_verdict::deny;
  st.on_decision(d);
  CHECK(st.combined("BTC", t0 + 1) == 0);
  CHECK_FALSE(st.on_signal(long_pattern("BTC", 0.5, t0 + 1, "breakout"), flat_account, t0 + 1));
}

TEST_CASE("ATR can come from signal features", "[strategy]") {
  strategy_state st{small(), caps(), 60};
  auto vol = sig(signal_kind::volatility, "atr_spike", "ETH", direction::neutral, 1, t0, 200);
  vol.features = {{"atr_pct", 1.5}};
  st.on_signal(vol, flat_account, t0);
  CHECK(*st.atr_of("ETH") == Approx(3));  // 1.5 % of 200
  // Stop 6 away: 500 / 6 = 83.3 units = 16667 at 200, capped to 10000 / 200 = 50.
  const auto in = st.on_signal(sig(signal_kind::whale, "large_trade", "ETH", direction::long_, 0.9,
                                   t0, 200),
                               flat_account, t0);
  REQUIRE(in);
  CHECK(in->stop_loss == Approx(194));
  CHECK(in->qty == Approx(50));
  CHECK(st.last_sizing().limited_by == "max_notional");
  auto direct = sig(signal_kind::external, "news", "SOL", direction::neutral, 1, t0, 20);
  direct.features = {{"atr", 0.7}};
  st.on_signal(direct, flat_account, t0);
  CHECK(*st.atr_of("SOL") == Approx(0.7));
}

TEST_CASE("Kelly applies after kelly_min_trades closed trades", "[strategy]") {
  auto st = primed();
  st.on_position_closed("X", 101);
  CHECK(st.on_signal(long_pattern("BTC", 0.8, t0), flat_account, t0)->qty == Approx(62.5));
  st.on_position_closed("BTC", 0);     // break-even: not counted
  st.on_position_closed("BTC", -100);
  CHECK(st.wins() == 1);
  CHECK(st.losses() == 1);
  // W = 0.5, R = 101 / 100: 0.5 - 0.5 / 1.01 = 0.0049505; * 0.8 = 0.0039604 of the 0.005
  // at risk: factor 0.792079, qty 62.5 * 0.792079 = 49.505.
  const auto in = st.on_signal(long_pattern("BTC", 0.8, t0 + 1), flat_account, t0 + 1);
  REQUIRE(in);
  CHECK(st.last_sizing().kelly_factor == Approx(0.792079));
  CHECK(in->qty == Approx(49.50495));
}

TEST_CASE("volatility targeting and drawdown scale the size", "[strategy]") {
  auto c = small();
  c.risk_per_trade = 0.002;
  strategy_state probe{c, caps(), 60};
  // Closes 100 101 100 101 100: returns +-ln(1.01), population sd ln(1.01), annualized by
  // sqrt(365 * 1440) one-minute bars.
  for (int i = 0; i < 5; ++i) {
    const double close = i % 2 == 0 ? 100 : 101;
    probe.on_bar(minute("BTC", t0 - (5 - i) * 60 * sec, close, close, close));
  }
  const double annual = std::log(1.01) * std::sqrt(365.0 * 1440.0);
  CHECK(probe.realized_vol("BTC") == Approx(annual));
  c.vol_target = annual / 2;
  strategy_state st{c, caps(), 60};
  for (int i = 0; i < 5; ++i) {
    const double close = i % 2 == 0 ? 100 : 101;
    st.on_bar(minute("BTC", t0 - (5 - i) * 60 * sec, close, close, close));
  }
  // ATR(1) = 1 (101 -> 100): stop 2; 100000 * 0.002 / 2 = 100, halved by the target: 50.
  auto in = st.on_signal(long_pattern("BTC", 0.9, t0), flat_account, t0);
  REQUIRE(in);
  CHECK(st.last_sizing().vol_factor == Approx(0.5));
  CHECK(in->qty == Approx(50));

  // 5 % down from the peak with a 10 % max drawdown: half of 95000 * 0.005 / 8 = 29.6875.
  auto dd = primed();
  in = dd.on_signal(long_pattern("BTC", 0.9, t0), account_view{95000, 100000}, t0);
  REQUIRE(in);
  CHECK(in->qty == Approx(29.6875));
  auto gone = primed();
  CHECK_FALSE(gone.on_signal(long_pattern("BTC", 0.9, t0), account_view{90000, 100000}, t0));
}

TEST_CASE("weights are set at run time only when valid", "[strategy]") {
  strategy_state st{small(), caps(), 60};
  CHECK(st.set_weight("whale.large_trade", 0.3).empty());
  CHECK(st.weight(signal_kind::whale, "large_trade") == 0.3);
  CHECK(st.set_weight("pattren", 1).find("expected \"<kind>\"") == 0);
  CHECK(st.set_weight("whale", 10.5) == "weight of \"whale\" must be in 0..10");
  CHECK(st.weights().size() == 1);
  CHECK_FALSE(st.set_weights({{"whale", 2}, {"bogus", 1}}).empty());
  CHECK(st.weights() == std::map<std::string, double>{{"whale.large_trade", 0.3}});
  CHECK(st.set_weights({{"whale", 2}, {"pattern", 0}}).empty());
  CHECK(st.weights() == std::map<std::string, double>{{"whale", 2}, {"pattern", 0}});
}

TEST_CASE("strategy state survives a snapshot round trip", "[strategy][snapshot]") {
  auto a = primed();
  a.on_position_closed("ETH", 30);
  a.on_position_closed("ETH", -10);
  REQUIRE(a.on_signal(long_pattern("BTC", 1, t0), flat_account, t0));   // open
  a.set_weight("pattern", 0.5);
  a.on_bar(minute("SOL", t0 - 120 * sec, 20, 20, 20));
  a.on_bar(minute("SOL", t0 - 60 * sec, 21, 19, 20));
  a.on_signal(long_pattern("SOL", 0.9, t0), flat_account, t0);          // 0.45: a vote only

  auto other = small();
  other.weights = {{"pattern", 3}};
  strategy_state b{other, caps(), 60};
  test::load_state(test::save_state(a), b);
  CHECK(b.weights() == a.weights());
  CHECK(b.open_intent("BTC") == "strategy-BTC-1");
  CHECK(b.wins() == 1);
  CHECK(b.losses() == 1);
  CHECK(*b.atr_of("SOL") == Approx(2));
  CHECK(b.combined("SOL", t0) == Approx(0.45));
  const auto ia = a.on_signal(long_pattern("SOL", 0.9, t0 + 1, "breakout"), flat_account, t0 + 1);
  const auto ib = b.on_signal(long_pattern("SOL", 0.9, t0 + 1, "breakout"), flat_account, t0 + 1);
  REQUIRE(ia);
  REQUIRE(ib);
  CHECK(ib->intent_id == ia->intent_id);
  CHECK(ib->qty == Approx(ia->qty));
  CHECK(ib->reason == ia->reason);
  // The signal voted before the snapshot is part of the context after it.
  CHECK(ib->context.signals.size() == 2);
  CHECK(ib->context.signals.size() == ia->context.signals.size());
  CHECK(b.regime_of("SOL") == a.regime_of("SOL"));
}

TEST_CASE("a signal's calibration follows the entries it voted for", "[strategy][calibration]") {
  auto c = small();
  c.kelly_min_trades = 1000;  // the losses below must not size the entries to 0
  c.calibration_min_trades = 2;
  auto st = primed(c);
  CHECK(st.calibration("pattern.ema_cross") == 1);  // no record: counted in full
  // Two entries led by ema_cross that lose: its votes count 2 (0 + 1) / (2 + 2) = 0.5,
  // from the second on (calibration_min_trades 2).
  for (int i = 0; i < 2; ++i) {
    REQUIRE(st.on_signal(long_pattern("BTC", 0.9, t0 + i), flat_account, t0 + i));
    st.on_position_closed("BTC", -10);
    CHECK(st.calibration("pattern.ema_cross") == (i == 0 ? 1 : 0.5));
  }
  CHECK(st.signal_records().at("pattern.ema_cross").losses == 2);
  CHECK(st.calibration("pattern.ema_cross") == Approx(0.5));
  // 0.9 alone now counts 0.45, below min_confidence 0.6: no entry.
  CHECK_FALSE(st.on_signal(long_pattern("BTC", 0.9, t0 + 5), flat_account, t0 + 5));
  CHECK(st.combined("BTC", t0 + 5) == Approx(0.45));
  // A second detector agreeing (no record: 0.5 in full) makes 1 - 0.55 * 0.5 = 0.725.
  const auto agreed = st.on_signal(long_pattern("BTC", 0.5, t0 + 6, "breakout"), flat_account,
                                   t0 + 6);
  REQUIRE(agreed);
  CHECK(agreed->confidence == Approx(0.725));
  CHECK(agreed->reason.find("pattern.ema_cross +0.90*1.00*0.50") != std::string::npos);
  // It wins: both voters are credited. 2 (1 + 1) / (3 + 2) = 0.8 and min(1, 2 (2 / 3)).
  st.on_position_closed("BTC", 25);
  CHECK(st.calibration("pattern.ema_cross") == Approx(0.8));
  CHECK(st.calibration("pattern.breakout") == 1);
  // A denied entry credits nobody.
  auto denied = st.on_signal(long_pattern("BTC", 1, t0 + 7, "breakout"), flat_account, t0 + 7);
  REQUIRE(denied);
  risk_decision d;
  d.intent_id = denied->intent_id;
  d.symbol = "BTC";
  d.verdict = risk_verdict::deny;
  st.on_decision(d);
  st.on_position_closed("BTC", -5);
  CHECK(st.signal_records().at("pattern.breakout").losses == 0);
  // The record survives a snapshot.
  strategy_state back{c, caps(), 60};
  test::load_state(test::save_state(st), back);
  CHECK(back.calibration("pattern.ema_cross") == Approx(0.8));
}
