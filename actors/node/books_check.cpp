#include "actors/node/books_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "actors/broker/paper_broker_state.hpp"
#include "actors/broker/paper_broker_store.hpp"
#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/trading/orders/order_records.hpp"
#include "actors/trading/orders/orders_checkpoint.hpp"
#include "actors/trading/portfolio/portfolio_state.hpp"
#include "actors/trading/trade_log/trade_records.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

namespace {

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

bool same(double a, double b, double tolerance) {
  return std::fabs(a - b) <= tolerance * std::max(1.0, std::max(std::fabs(a), std::fabs(b)));
}

void keep_open(std::map<std::string, double>& m, double tolerance) {
  for (auto it = m.begin(); it != m.end();)
    it = std::fabs(it->second) <= tolerance ? m.erase(it) : std::next(it);
}

double at(const std::map<std::string, double>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

// What the venue holds against each position: its working reduce-only orders, a group's
// stops and limits counted as the larger of the two (the group keeps them within it).
// More than one stop in a group, or exits above the position, break the order path.
void check_exits(const paper_broker_state& broker, const std::string& broker_name,
                 double tolerance, std::vector<std::string>& problems) {
  struct exits {
    double stops = 0, limits = 0, loose = 0;
    int stop_count = 0;
  };
  std::map<std::string, std::map<std::string, exits>> by_symbol;  // symbol -> group
  for (const auto& id : broker.working_orders()) {
    const auto& o = *broker.ledger().find(id);
    if (!o.request.reduce_only)
      continue;
    auto& e = by_symbol[o.request.symbol][o.request.exit_group];
    if (o.request.exit_group.empty())
      e.loose += o.remaining();
    else if (o.request.type == order_type::stop || o.request.type == order_type::stop_limit) {
      e.stops += o.remaining();
      ++e.stop_count;
    } else {
      e.limits += o.remaining();
    }
  }
  for (const auto& [symbol, groups] : by_symbol) {
    double exposure = 0;
    for (const auto& [group, e] : groups) {
      exposure += e.loose + std::max(e.stops, e.limits);
      if (e.stop_count > 1)
        problems.push_back(broker_name + " " + symbol + ": " + std::to_string(e.stop_count)
                           + " stops working for exit group " + group);
    }
    const double held = std::fabs(broker.position(symbol));
    if (exposure > held && !same(exposure, held, tolerance))
      problems.push_back(broker_name + " " + symbol + ": working exits for " + num(exposure)
                         + " above the position " + num(held));
  }
}

} // namespace

books_report check_books(const std::shared_ptr<store>& db, const std::string& broker_name,
                         double tolerance) {
  books_report out;
  auto& problems = out.problems;

  // The order manager: its journal, replayed; the executions it booked.
  journal orders{db, "orders"};
  order_manager_state om{orders_config{}};
  std::set<std::string> execs;
  std::size_t records = 0;
  // A checkpoint holds the state after the records it replaced.
  std::uint64_t from = 1;
  if (auto c = orders.last_checkpoint()) {
    portfolio_state ledger;
    std::string error;
    if (decode_orders_checkpoint(c->state, om, ledger, error))
      from = c->through_seq + 1;
    else
      problems.push_back("orders journal: " + error);
    records += c->through_seq;
  }
  for (const auto& e : orders.read_from(from)) {
    ++records;
    if (!om.apply_record(e.payload)) {
      problems.push_back("orders journal " + std::to_string(e.seq) + ": does not apply");
      continue;
    }
    if (e.payload.find("\"type\":\"fill\"") == std::string::npos)
      continue;
    if (const auto& f = om.last_booked()) {
      ++out.fills_booked;
      if (!f->exec_id.empty() && !execs.insert(f->exec_id).second)
        problems.push_back("orders journal " + std::to_string(e.seq) + ": execution "
                           + f->exec_id + " booked twice");
    }
  }
  for (const auto& p : om.positions())
    out.order_manager[p.symbol] = p.qty;

  // The broker's books: every order it holds was journaled, with the same fills.
  paper_broker_store books{db, broker_name};
  paper_broker_state broker;
  const bool has_broker = books.load(broker);
  out.trading = records > 0 || has_broker;
  if (!out.trading)
    return out;
  if (has_broker) {
    const auto& ledger = broker.ledger();
    out.broker_fills = ledger.fills().size();
    if (auto audit = ledger.audit(); !audit.empty())
      problems.push_back(broker_name + ": " + audit);
    for (const auto& [id, o] : ledger.orders()) {
      const auto* mine = om.find(id);
      if (!mine && om.is_retired(id))
        continue;  // over, and retired at a checkpoint: nothing left to compare
      if (!mine) {
        problems.push_back(broker_name + " order " + id + ": not in the orders journal");
        continue;
      }
      if (!same(mine->filled_qty, o.filled_qty, tolerance))
        problems.push_back("order " + id + ": " + broker_name + " filled " + num(o.filled_qty)
                           + ", the order manager " + num(mine->filled_qty));
    }
    for (const auto& [symbol, qty] : ledger.positions())
      out.broker[symbol] = qty;
    check_exits(broker, broker_name, tolerance, problems);
  }

  // The portfolio, as its last snapshot has it.
  const auto snap = snapshot_store{db}.get("portfolio");
  if (!snap.error.empty()) {
    problems.push_back("portfolio snapshot: " + snap.error);
  } else if (snap.record) {
    try {
      portfolio_state book;
      decode_limit limit{snap.record->payload.size()};
      std::istringstream is{snap.record->payload};
      cereal::PortableBinaryInputArchive ar{is};
      ar(book);
      for (const auto& p : book.positions())
        out.portfolio[p.symbol] = p.qty;
    } catch (const std::exception& e) {
      problems.push_back(std::string{"portfolio snapshot: does not decode: "} + e.what());
    }
  }

  // The trade log: each fill once, positions as its records move them.
  journal trades{db, "trades"};
  std::set<std::string> keys;
  for (const auto& e : trades.read_from(1)) {
    std::string error;
    auto r = trade_record_from_json(e.payload, error);
    if (!r) {
      problems.push_back("trades journal " + std::to_string(e.seq) + ": " + error);
      continue;
    }
    if (!keys.insert(r->key).second)
      problems.push_back("trades journal " + std::to_string(e.seq) + ": fill " + r->key
                         + " logged twice");
    out.trade_log[r->symbol] += (r->sd == side::buy ? 1 : -1) * r->qty;
  }

  for (auto* m : {&out.order_manager, &out.broker, &out.portfolio, &out.trade_log})
    keep_open(*m, tolerance);
  std::set<std::string> symbols;
  for (const auto* m : {&out.order_manager, &out.broker, &out.portfolio, &out.trade_log})
    for (const auto& [s, q] : *m)
      symbols.insert(s);
  for (const auto& s : symbols) {
    const double o = at(out.order_manager, s), b = at(out.broker, s), p = at(out.portfolio, s),
                 t = at(out.trade_log, s);
    if (has_broker && !same(o, b, tolerance))
      problems.push_back(s + ": " + broker_name + " holds " + num(b) + ", the order manager "
                         + num(o));
    if (snap.record && !same(o, p, tolerance))
      problems.push_back(s + ": the portfolio holds " + num(p) + ", the order manager " + num(o));
    if (!same(o, t, tolerance))
      problems.push_back(s + ": the trade log holds " + num(t) + ", the order manager " + num(o));
  }
  return out;
}

} // namespace tickline
