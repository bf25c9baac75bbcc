#include "actors/node/backtest_invariants.hpp"

#include <cmath>
#include <map>

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <fmt/format.h>

#include "actors/broker/paper_broker.hpp"
#include "actors/trading/orders/order_manager.hpp"
#include "actors/trading/portfolio/portfolio.hpp"

namespace tickline {

namespace {

template <class State>
const State* state_of(const actor_registry& reg, const std::string& name) {
  auto h = reg.get(name);
  auto* a = caf::actor_cast<caf::abstract_actor*>(h);
  auto* s = dynamic_cast<caf::stateful_actor<State>*>(a);
  return s ? &s->state : nullptr;
}

bool same(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

} // namespace

backtest_invariants::backtest_invariants(const actor_registry& registry, std::string broker_name)
  : registry_(registry), broker_name_(std::move(broker_name)) {}

std::string backtest_invariants::check() {
  const auto* om = state_of<order_manager_actor>(registry_, "order_manager");
  const auto* broker = state_of<paper_broker_actor>(registry_, broker_name_);
  const auto* book = state_of<portfolio_actor>(registry_, "portfolio");
  if (!om || !broker || !book)
    return "the order manager, the broker or the portfolio is not running";
  const auto& ledger = broker->broker.ledger();
  // Positions, both ways.
  std::map<std::string, double> mine;
  for (const auto& p : om->om.positions())
    mine[p.symbol] = p.qty;
  for (const auto& [sym, qty] : ledger.positions())
    mine.emplace(sym, 0.0);
  for (const auto& [sym, qty] : mine)
    if (!same(qty, ledger.position(sym)))
      return fmt::format("order manager position of {} is {}, the broker's {}", sym, qty,
                         ledger.position(sym));
  // Working orders, both ways.
  std::size_t working = 0;
  for (const auto& [id, o] : om->om.orders()) {
    if (o.terminal() || o.state == lifecycle::new_)
      continue;
    ++working;
    const auto* b = ledger.find(id);
    if (!b || !b->working())
      return fmt::format("order {} is {} in the order manager, {} at the broker", id,
                         to_string(o.state), b ? "done" : "unknown");
    if (!same(o.remaining(), b->remaining()))
      return fmt::format("order {} has {} left in the order manager, {} at the broker", id,
                         o.remaining(), b->remaining());
  }
  const auto at_broker = broker->broker.working_orders();
  if (at_broker.size() != working)
    for (const auto& id : at_broker) {
      const auto& orders = om->om.orders();
      const auto it = orders.find(id);
      if (it == orders.end() || it->second.terminal())
        return fmt::format("order {} is working at the broker, {} in the order manager", id,
                           it == orders.end() ? "unknown" : to_string(it->second.state));
    }
  // Fills after their orders (the new ones since the last check).
  const auto& fills = ledger.fills();
  for (; fills_checked_ < fills.size(); ++fills_checked_) {
    const auto& f = fills[fills_checked_];
    const auto* o = ledger.find(f.client_order_id);
    if (!o || f.ts_ns <= o->received_ns)
      return fmt::format("fill {} of order {} at {} ns is not after the order reached the broker",
                         fills_checked_, f.client_order_id, f.ts_ns);
  }
  if (!same(book->book.cash(), ledger.cash()))
    return fmt::format("the portfolio's cash is {}, the broker's {}", book->book.cash(), ledger.cash());
  return {};
}

} // namespace tickline
