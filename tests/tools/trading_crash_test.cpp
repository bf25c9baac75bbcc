#include <catch2/catch.hpp>

#include <csignal>
#include <map>
#include <random>
#include <set>
#include <thread>


#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/trading/orders/order_records.hpp"
#include "actors/broker/paper_broker_state.hpp"
#include "actors/broker/paper_broker_store.hpp"
#include "config/demo_config.hpp"
#include "config/loader.hpp"
#include "process.hpp"
#include "storage/journal.hpp"
#include "storage/store.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

// A paper-trading node killed with SIGKILL at random moments and restarted each time:
// the paper broker's own books must show no order executed twice, no fill lost, and
// positions equal to the sum of the fills.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

paper_broker_state broker_books(const std::string& db_path) {
  auto db = store::open(db_path, true);
  paper_broker_state b;
  REQUIRE(paper_broker_store(db, "broker:paper").load(b));
  return b;
}

} // namespace

TEST_CASE("SIGKILL at random moments never sends an order twice or loses a fill", "[crash][trading]") {
  temp_dir dir;
  // The demo config trades on paper; its data dir is relative to the working directory.
  dir.write("node.toml", demo_config_toml());
  std::mt19937 rng{20261121};
  std::uniform_int_distribution<int> wait_ms{300, 2500};
  int kills = 0;
  // A first, longer run lets the strategy warm up (ATR on 1 s bars) and start trading.
  for (int i = 0; i < 21; ++i) {
    child node({tickline_bin, "run", "--config", "node.toml"}, dir.path());
    // Killed at random once its order manager has begun a session (replayed its journal).
    REQUIRE(node.wait_for_stderr("order manager: replayed", 60s));
    std::this_thread::sleep_for(i == 0 ? 18s : std::chrono::milliseconds{wait_ms(rng)});
    node.signal(SIGKILL);
    auto r = node.wait(30s);
    CHECK(r.status == 128 + SIGKILL);
    ++kills;
  }
  // A last run stops gracefully, after reconciling whatever the last kill left open.
  auto last = run({tickline_bin, "run", "--config", "node.toml", "--for", "4s", "--summary", "s.json"},
                  dir.path(), 60s);
  INFO(last.err.substr(last.err.size() > 4000 ? last.err.size() - 4000 : 0));
  REQUIRE(last.status == 0);
  CHECK(kills == 21);

  const auto db_path = dir.path() + "/tickline-data/db";
  auto broker = broker_books(db_path);
  const auto& ledger = broker.ledger();
  INFO("broker orders " << ledger.orders().size() << ", fills " << ledger.fills().size());
  REQUIRE(ledger.fills().size() > 0);   // it did trade
  // Positions and cash are exactly the sum of the fills; no order filled past its size.
  CHECK(ledger.audit().empty());

  // The order journal: every order the order manager sent, every event it learned.
  auto db = store::open(db_path, true);
  journal orders{db, "orders"};
  std::map<std::string, int> sent;
  std::map<std::string, double> known_filled;
  int duplicates_refused = 0, sessions = 0;
  order_manager_state om{load_demo_config().config.orders};
  for (const auto& e : orders.read_from(1)) {
    REQUIRE(om.apply_record(e.payload));
    std::string error;
    auto r = decode_record(e.payload, error);
    REQUIRE(r);
    if (r->type == record_type::session)
      ++sessions;
    if (r->type == record_type::order)
      ++sent[r->order.request.client_order_id];
    if (r->type == record_type::fill)
      known_filled[r->fill.client_order_id] += r->fill.qty;
    if (r->type == record_type::reject && r->reject.reason.find("duplicate") != std::string::npos)
      ++duplicates_refused;
  }
  CHECK(sessions == 22);
  // No client order id was used for two orders, and the broker never saw one twice.
  for (const auto& [id, n] : sent)
    CHECK(n == 1);
  CHECK(duplicates_refused == 0);
  // Every order the broker holds was one the order manager journaled before sending.
  for (const auto& [id, o] : ledger.orders())
    CHECK(sent.count(id) == 1);
  // No fill lost: what the broker filled, the order manager knows (as reported fills or
  // as fills synthesized when a restart reconciled the order).
  for (const auto& [id, o] : ledger.orders()) {
    const auto* mine = om.find(id);
    REQUIRE(mine);
    CHECK(mine->filled_qty == Approx(o.filled_qty).margin(1e-9));
  }
  // Positions equal the sum of the fills, on both sides of the wire.
  for (const auto& [sym, qty] : ledger.positions())
    CHECK(om.net_position(sym) == Approx(qty).margin(1e-9));
}
