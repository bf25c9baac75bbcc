#include "tools/bench/bench_trading.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/orders/order_manager.hpp"
#include "actors/broker/paper_broker.hpp"
#include "actors/trading/portfolio/portfolio.hpp"
#include "actors/trading/risk/risk_supervisor.hpp"
#include "actors/trading/strategy/strategy.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"
#include "tools/bench/bench_chain.hpp"
#include "tools/bench/bench_scratch.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

// Signal -> ack, one signal in flight at a time, each for a symbol of its own (the
// strategy holds one open entry per symbol, and these never fill). Two figures: in the
// engine, from the signal's time stamp to the broker's stamp on its acceptance (what the
// issue's target is about: strategy, risk supervisor, order manager and broker, with
// their hops); and the round trip seen by the driver, which adds the driver thread's own
// wake-ups (its send into the scheduler and the ack's way back to it).
std::pair<nlohmann::json, nlohmann::json> signal_to_accept(chain& c, int n) {
  const auto symbols = names("A", n);
  c.prime(symbols);
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  std::vector<double> engine_us;
  std::vector<double> round_trip_us;
  engine_us.reserve(symbols.size());
  round_trip_us.reserve(symbols.size());
  tally t;
  for (const auto& s : symbols) {
    const auto start = steady::now();
    const auto stamp = c.signal_long({s});
    const int before = t.acks;
    await(c, t, [&](const tally& x) { return x.acks > before; }, "signal -> ack");
    round_trip_us.push_back(us_since(start));
    engine_us.push_back(static_cast<double>(t.last_ack_ns - stamp) / 1000);
  }
  return {percentiles(engine_us), percentiles(round_trip_us)};
}

// `positions` longs, each with its resting stop, then an emergency stop; timed from the
// command to every stop cancelled and every position flattened, with a trade per symbol
// offered every millisecond meanwhile (market orders fill only from later market data).
nlohmann::json emergency_stops(chain& c, int positions, int runs) {
  std::vector<double> ms;
  for (int run = 0; run < runs; ++run) {
    const auto symbols = names("E" + std::to_string(run) + "_", positions);
    if (run > 0)
      c.command(control_kind::resume);
    c.prime(symbols);
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
    tally t;
    c.signal_long(symbols);
    await(c, t, [&](const tally& x) { return x.acks >= positions; }, "entries");
    c.trade(symbols);  // fills the entries; their stops go out
    await(c, t, [&](const tally& x) { return x.fills >= positions && x.acks >= 2 * positions; },
          "entry fills and stops");
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
    tally stop;
    const auto start = steady::now();
    c.command(control_kind::emergency_stop);
    const auto deadline = start + std::chrono::seconds{30};
    auto flat = [&] { return stop.cancelled >= positions && stop.fills >= positions; };
    while (!flat()) {
      if (steady::now() > deadline)
        throw std::runtime_error("emergency stop: not flat after 30 s");
      // A trade per symbol each millisecond: offered faster, the batches would queue up
      // in the broker's mailbox ahead of the orders they are meant to fill.
      c.trade(symbols);
      const auto next = steady::now() + std::chrono::milliseconds{1};
      while (!flat() && steady::now() < next)
        take(c, stop, std::chrono::duration_cast<std::chrono::microseconds>(next - steady::now()));
    }
    ms.push_back(us_since(start) / 1000);
  }
  std::sort(ms.begin(), ms.end());
  return {{"positions", positions},
          {"open_orders", positions},
          {"runs", runs},
          {"ms", {{"min", ms.front()}, {"median", ms[ms.size() / 2]}, {"max", ms.back()}}}};
}

// The order manager's state deciding `n` entries, with each decision's record appended
// (synced) to `j` first, or without a journal.
nlohmann::json journal_cost(const engine_config& cfg, const std::shared_ptr<store>& db, int n) {
  auto run = [&](journal* j, std::vector<double>* append_us) {
    order_manager_state om{cfg.orders};
    om.begin_session(1);
    const auto start = steady::now();
    for (int i = 0; i < n; ++i) {
      order_intent x;
      x.intent_id = "bench-" + std::to_string(i);
      x.symbol = "J" + std::to_string(i % 100);
      x.qty = 1;
      x.stop_loss = 98;
      for (auto& a : om.on_intent(x, 2 + i)) {
        if (!j || a.journal_record.empty())
          continue;
        const auto t = steady::now();
        j->append(a.journal_record);
        append_us->push_back(us_since(t));
      }
    }
    return n / std::chrono::duration<double>(steady::now() - start).count();
  };
  journal j{db, "bench_orders"};
  std::vector<double> append_us;
  const double with = run(&j, &append_us);
  const double without = run(nullptr, nullptr);
  return {{"orders", n},
          {"append_us", percentiles(append_us)},
          {"orders_per_s_with_journal", with},
          {"orders_per_s_without_journal", without}};
}

} // namespace

nlohmann::json run_trading(const trading_options& o) {
  spdlog::set_level(spdlog::level::err);
  scratch dir{o.dir};
  nlohmann::json out{{"bench", "trading"}, {"threads", resolve_threads(o.threads)}};
  out["signals"] = o.signals;
  // A chain per measurement, so that one run's orders and journal stay out of the next.
  {
    chain c{o.threads, dir.path + "/node", true};
    auto [engine, round_trip] = signal_to_accept(c, o.signals);
    out["signal_to_accept_us"] = engine;
    out["signal_to_accept_round_trip_us"] = round_trip;
  }
  {
    chain c{o.threads, dir.path + "/stops", true};
    out["emergency_stop"] = emergency_stops(c, o.positions, o.stops);
  }
  {
    // The same path without the synced journal appends, to show what they cost.
    chain c{o.threads, dir.path + "/unjournaled", false};
    auto [engine, round_trip] = signal_to_accept(c, o.signals);
    out["signal_to_accept_us_no_journal"] = engine;
    out["signal_to_accept_round_trip_us_no_journal"] = round_trip;
  }
  out["journal"] = journal_cost(chain_config(), store::open(dir.path + "/journal"), o.appends);
  return out;
}

} // namespace tickline::bench
