#include "tools/bench/bench_startup.hpp"

#include <chrono>
#include <stdexcept>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/orders/order_manager.hpp"
#include "actors/trading/orders/orders_checkpoint.hpp"
#include "actors/trading/portfolio/portfolio.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "storage/journal.hpp"
#include "storage/store.hpp"
#include "tools/bench/bench_scratch.hpp"

namespace tickline::bench {

namespace {

using steady = std::chrono::steady_clock;

constexpr double starting_cash = 1'000'000;

// Writes round trips into `j` through the order manager's state, as the actor would:
// every action's record, each order sent, acknowledged and filled, until the journal
// holds `upto` records. `ledger` books what the state booked.
struct generator {
  order_manager_state om;
  portfolio_state ledger{starting_cash};
  std::vector<std::string> batch;
  std::vector<std::string> sent;  ///< Orders sent by the last call, in order.
  std::int64_t t = 1'700'000'000'000'000'000;
  int trips = 0;

  explicit generator(const orders_config& cfg) : om(cfg) { take(om.begin_session(t)); }

  // Journals each action's record; sends are sent and acknowledged at once.
  void take(std::vector<om_action> actions) {
    for (auto& a : actions) {
      if (!a.journal_record.empty())
        batch.push_back(std::move(a.journal_record));
      if (a.kind == om_action_kind::send) {
        const auto id = a.request.client_order_id;
        sent.push_back(id);
        take(om.on_sent(id, t));
        take(om.on_ack({id, "v-" + id, t}));
      }
    }
  }
  void fill_order(const std::string& id, const std::string& symbol, side sd, double price) {
    fill f;
    f.client_order_id = id;
    f.symbol = symbol;
    f.sd = sd;
    f.price = price;
    f.qty = 1;
    f.fee = 0.01;
    f.ts_ns = t;
    f.exec_id = "x-" + id;
    take(om.on_fill(f));
    if (const auto& b = om.last_booked())
      ledger.on_fill(om.booked(*b));
  }
  // One round trip: a long entry, filled; its stop, filled.
  void trip() {
    const std::string symbol = "S" + std::to_string(trips % 50);
    order_intent x;
    x.intent_id = "trip-" + std::to_string(trips++);
    x.symbol = symbol;
    x.qty = 1;
    x.stop_loss = 98;
    t += 1'000'000'000;
    sent.clear();
    take(om.on_intent(x, t));
    if (sent.size() != 1)
      throw std::runtime_error("startup bench: the order manager did not send one entry");
    const auto entry = sent.front();
    t += 1'000'000;
    sent.clear();
    fill_order(entry, symbol, side::buy, 100);
    if (sent.size() != 1)
      throw std::runtime_error("startup bench: no stop after the entry filled");
    const auto stop = sent.front();
    t += 1'000'000;
    fill_order(stop, symbol, side::sell, 98);
  }
  void run(journal& j, std::uint64_t upto) {
    while (j.last_seq() + batch.size() < upto) {
      trip();
      if (batch.size() >= 10'000)
        flush(j);
    }
    flush(j);
  }
  void flush(journal& j) {
    j.append_all(batch, durability::logged);
    batch.clear();
  }
};

// Spawns the order manager and the portfolio on `db`'s orders journal; milliseconds until
// both answered, the portfolio after rebuilding its books.
double start_ms(const std::shared_ptr<store>& db, const engine_config& cfg) {
  node_system_config sys_cfg{2};
  caf::actor_system sys{sys_cfg};
  caf::scoped_actor probe{sys};
  auto registry = std::make_shared<actor_registry>();
  auto counters = std::make_shared<node_counters>();
  clock_ptr clk = std::make_shared<wall_clock>();
  snapshot_env env{nullptr, registry, counters, clk, {}};
  for (const char* n : {"portfolio", "order_manager"})
    registry->upsert(tree_node{n, "bench", {}, {}});
  const auto start = steady::now();
  auto orders = std::make_shared<journal>(db, "orders");
  auto portfolio_actor =
    sys.spawn(portfolio, portfolio_args{"portfolio", starting_cash, {}, 250, env});
  registry->set_handle("portfolio", portfolio_actor, node_status::running);
  order_manager_args om;
  om.cfg = cfg.orders;
  om.cfg.checkpoint_every = 0;  // the measurement must not move the checkpoint
  om.orders = orders;
  om.starting_balance = starting_cash;
  om.env = env;
  auto manager = sys.spawn(order_manager, om);
  registry->set_handle("order_manager", manager, node_status::running);
  // The manager answers after its replay; the portfolio's answer comes after the
  // ledger and fills the manager sent it during that replay.
  for (const auto& a : {manager, portfolio_actor})
    probe->request(a, std::chrono::seconds{120}, stats_atom::value)
      .receive([](std::int64_t) {},
               [](const caf::error&) { throw std::runtime_error("startup bench: no answer"); });
  const double ms = std::chrono::duration<double, std::milli>(steady::now() - start).count();
  for (const auto& a : {manager, portfolio_actor})
    probe->send_exit(a, caf::exit_reason::user_shutdown);
  return ms;
}

} // namespace

nlohmann::json run_startup(const startup_options& o) {
  spdlog::set_level(spdlog::level::err);
  if (o.tail < 0 || o.tail >= o.records)
    throw std::runtime_error("startup bench: --tail must be within 0 and --records");
  scratch dir{o.dir};
  auto cfg = load_demo_config().config;
  cfg.orders.trailing_atr_multiple = 0;
  cfg.orders.take_profit_fractions.clear();
  auto db = store::open(dir.path + "/node");
  journal j{db, "orders"};
  generator g{cfg.orders};
  const auto gen_start = steady::now();
  g.run(j, static_cast<std::uint64_t>(o.records - o.tail));
  const auto mid_seq = j.last_seq();
  // As the order manager does at a checkpoint: what is over and an hour old goes.
  auto retired = g.om.retire_done(g.t - order_manager_state::retire_after_ns);
  const auto mid_blob = encode_orders_checkpoint(g.om, g.ledger);
  g.run(j, static_cast<std::uint64_t>(o.records));
  const auto end_seq = j.last_seq();
  retired += g.om.retire_done(g.t - order_manager_state::retire_after_ns);
  const auto end_blob = encode_orders_checkpoint(g.om, g.ledger);
  const double gen_s = std::chrono::duration<double>(steady::now() - gen_start).count();

  nlohmann::json out{{"bench", "startup"},
                     {"records", end_seq},
                     {"round_trips", g.trips},
                     {"orders_retired", retired},
                     {"orders_held", g.om.orders().size()},
                     {"generate_s", gen_s}};
  out["full_ms"] = start_ms(db, cfg);
  auto checkpoint = [&](std::uint64_t through, const std::string& blob) {
    const auto t = steady::now();
    j.checkpoint(through, blob);
    return nlohmann::json{
      {"through", through},
      {"bytes", blob.size()},
      {"write_ms", std::chrono::duration<double, std::milli>(steady::now() - t).count()}};
  };
  out["tail_checkpoint"] = checkpoint(mid_seq, mid_blob);
  out["tail_records"] = end_seq - mid_seq;
  out["tail_ms"] = start_ms(db, cfg);
  out["end_checkpoint"] = checkpoint(end_seq, end_blob);
  out["checkpoint_ms"] = start_ms(db, cfg);
  return out;
}

} // namespace tickline::bench
