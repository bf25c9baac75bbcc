#include "actors/trading/orders/order_manager_startup.hpp"

#include <map>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "messages/type_ids.hpp"

// What the order manager checks once a start's reconciliation is done: the broker's
// positions and the venue's recent trades against the journal.

namespace tickline {

namespace {

template <class T>
void send_to(om_self_ptr self, routes& r, const T& x) {
  for (auto& a : r.get())
    if (a)
      self->send(a, x);
}

} // namespace

// What start-up reconciliation found that needs an operator: new entries paused, or
// the node halted (`[orders] on_mismatch`), with `what` as the reason.
namespace {

void stop_for_operator(om_self_ptr self, const std::string& on_mismatch, const std::string& what) {
  control_command c;
  c.kind = on_mismatch == "halt" ? control_kind::halt : control_kind::pause;
  c.issuer = "order_manager";
  c.reason = "start-up reconciliation: " + what;
  c.ts_ns = self->state.clk->now_ns();
  send_to(self, self->state.risk, c);
}

} // namespace

void om_check_books(om_self_ptr self, const std::string& on_mismatch) {
  auto& st = self->state;
  if (st.books_checked || st.om.reconciling() || st.om.session() <= 1)
    return;
  auto broker = st.broker.get().empty() ? caf::actor{} : st.broker.get().front();
  if (!broker)
    return;  // not up yet: the next tick asks
  st.books_checked = true;
  self->request(broker, caf::duration{std::chrono::seconds{5}}, positions_atom::value)
    .then(
      [self, on_mismatch](const std::vector<position>& held) {
        auto& st = self->state;
        std::map<std::string, double> theirs, ours;
        for (const auto& p : held)
          theirs[p.symbol] = p.qty;
        for (const auto& p : st.om.positions())
          ours[p.symbol] = p.qty;
        std::string differences;
        for (auto* side : {&theirs, &ours})
          for (const auto& [symbol, qty] : *side) {
            const double a = theirs.count(symbol) ? theirs[symbol] : 0.0;
            const double b = ours.count(symbol) ? ours[symbol] : 0.0;
            if (side == &ours && theirs.count(symbol) != 0)
              continue;  // seen from the broker's side already
            if (!nearly_equal(a, b))
              differences += (differences.empty() ? "" : "; ") + symbol + ": the broker holds "
                             + std::to_string(a) + ", the order manager " + std::to_string(b);
          }
        if (differences.empty()) {
          spdlog::info("order manager: session {}: the broker's positions match the journal's",
                       st.om.session());
          return;
        }
        spdlog::error("order manager: session {}: the books disagree after reconciliation: {}",
                      st.om.session(), differences);
        stop_for_operator(self, on_mismatch, differences);
      },
      [self](const caf::error& e) {
        self->state.books_checked = false;  // ask again on the next tick
        spdlog::warn("order manager: the broker did not say what it holds: {}", caf::to_string(e));
      });
}

// The venue's trades of the last day (from the broker, once after a start) against the
// journal: a trade on an order with this engine's prefix that the journal neither holds
// nor retired was made by no order this node knows (a lost data directory, another node
// on the same prefix). Its fills are not booked, as no one knows what they were for; the
// risk supervisor pauses (or halts) new entries for an operator, naming the orders.
void om_compare_venue_trades(om_self_ptr self, const std::vector<fill>& trades, const std::string& prefix,
                          const std::string& on_mismatch) {
  auto& st = self->state;
  struct unknown {
    std::string symbol;
    double bought = 0, sold = 0;
    int count = 0;
  };
  std::map<std::string, unknown> strangers;
  for (const auto& t : trades) {
    if (t.client_order_id.rfind(prefix + "-", 0) != 0 || st.om.find(t.client_order_id) ||
        st.om.is_retired(t.client_order_id))
      continue;
    auto& u = strangers[t.client_order_id];
    u.symbol = t.symbol;
    (t.sd == side::buy ? u.bought : u.sold) += t.qty;
    ++u.count;
  }
  if (strangers.empty()) {
    spdlog::info("order manager: session {}: the venue's {} trade(s) of the last day are on journaled orders "
                 "or not this engine's", st.om.session(), trades.size());
    return;
  }
  std::string what;
  for (const auto& [id, u] : strangers)
    what += (what.empty() ? "" : "; ") + id + " (" + u.symbol + ", " + std::to_string(u.count) + " trade(s), bought " +
            std::to_string(u.bought) + ", sold " + std::to_string(u.sold) + ")";
  spdlog::error("order manager: session {}: trades at the venue on order(s) no journal holds: {}", st.om.session(),
                what);
  stop_for_operator(self, on_mismatch, "trades at the venue on order(s) no journal holds: " + what);
}

} // namespace tickline
