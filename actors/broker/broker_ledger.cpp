#include "actors/broker/broker_ledger.hpp"
#include "messages/decode_limit.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include <cereal/archives/binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

namespace tickline {

namespace {

// Quantities and money are doubles: sums taken in another order differ in the last bits.
bool near(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

double signed_qty(const fill& f) {
  return f.sd == side::buy ? f.qty : -f.qty;
}

// Cash moved by a fill: a buy pays its notional, a sell receives it; both pay the fee.
double cash_flow(const fill& f) {
  return -signed_qty(f) * f.price - f.fee;
}

} // namespace

double broker_order::remaining() const {
  const double left = request.qty - filled_qty;
  // A fill that leaves a rounding crumb completes the order.
  return left > 1e-9 * request.qty ? left : 0;
}

bool broker_order::working() const {
  return state == order_state::open || state == order_state::partially_filled;
}

order_status broker_order::status(std::int64_t now_ns) const {
  return {request.client_order_id, request.symbol, state, request.qty, filled_qty, avg_price(),
          venue_order_id, reason, now_ns};
}

broker_ledger::broker_ledger(double starting_cash)
  : starting_cash_(starting_cash), cash_(starting_cash) {}

broker_order& broker_ledger::record(const order_request& req, std::string venue_order_id,
                                    order_state state, std::string reason,
                                    std::int64_t now_ns) {
  touched_.insert(req.client_order_id);
  auto& o = orders_[req.client_order_id];
  o = broker_order{req, std::move(venue_order_id), state, 0, 0, 0, std::move(reason), now_ns,
                   now_ns};
  return o;
}

void broker_ledger::book(const fill& f) {
  auto& o = orders_.at(f.client_order_id);
  touched_.insert(f.client_order_id);
  o.filled_qty += f.qty;
  o.notional += f.price * f.qty;
  o.fees += f.fee;
  o.state = o.remaining() > 0 ? order_state::partially_filled : order_state::filled;
  o.updated_ns = f.ts_ns;
  cash_ += cash_flow(f);
  positions_[f.symbol] += signed_qty(f);
  fills_.push_back(f);
}

void broker_ledger::reduce(const std::string& client_order_id, double qty, std::string reason,
                           std::int64_t now_ns) {
  auto& o = orders_.at(client_order_id);
  touched_.insert(client_order_id);
  o.request.qty = std::max(qty, o.filled_qty);
  o.reason = std::move(reason);
  o.updated_ns = now_ns;
}

void broker_ledger::set_exit_group(const std::string& client_order_id,
                                   const std::string& group) {
  if (auto it = orders_.find(client_order_id); it != orders_.end())
    it->second.request.exit_group = group;
}

void broker_ledger::close(const std::string& client_order_id, order_state state,
                          std::string reason, std::int64_t now_ns) {
  auto& o = orders_.at(client_order_id);
  touched_.insert(client_order_id);
  o.state = state;
  o.reason = std::move(reason);
  o.updated_ns = now_ns;
}

void broker_ledger::touch_all() {
  for (const auto& [id, o] : orders_)
    touched_.insert(id);
  saved_fills_ = 0;
}

void broker_ledger::mark_saved() {
  touched_.clear();
  saved_fills_ = fills_.size();
}

void broker_ledger::assign(double starting_cash, double cash,
                           std::map<std::string, double> positions,
                           std::map<std::string, broker_order> orders, std::vector<fill> fills) {
  starting_cash_ = starting_cash;
  cash_ = cash;
  positions_ = std::move(positions);
  orders_ = std::move(orders);
  fills_ = std::move(fills);
  for (std::size_t i = 0; i < fills_.size(); ++i)
    if (fills_[i].exec_id.empty())
      fills_[i].exec_id = exec_id_of(i);
  mark_saved();
}

std::string broker_ledger::exec_id_of(std::size_t index) {
  return "paper-" + std::to_string(index + 1);
}

const broker_order* broker_ledger::find(const std::string& client_order_id) const {
  auto i = orders_.find(client_order_id);
  return i == orders_.end() ? nullptr : &i->second;
}

std::vector<fill> broker_ledger::fills_of(const std::string& client_order_id) const {
  std::vector<fill> out;
  for (const auto& f : fills_)
    if (f.client_order_id == client_order_id)
      out.push_back(f);
  return out;
}

double broker_ledger::position(const std::string& symbol) const {
  auto i = positions_.find(symbol);
  return i == positions_.end() ? 0 : i->second;
}

std::string broker_ledger::audit() const {
  std::ostringstream out;
  out.precision(17);
  double cash = starting_cash_;
  std::map<std::string, double> positions;
  std::map<std::string, double> filled;
  for (const auto& f : fills_) {
    cash += cash_flow(f);
    positions[f.symbol] += signed_qty(f);
    filled[f.client_order_id] += f.qty;
    if (orders_.count(f.client_order_id) == 0)
      out << "fill of unknown order " << f.client_order_id << "\n";
  }
  if (!near(cash, cash_))
    out << "cash " << cash_ << " != " << cash << " from the fills\n";
  for (const auto& [symbol, qty] : positions_)
    if (!near(qty, positions.count(symbol) ? positions.at(symbol) : 0))
      out << "position " << symbol << " " << qty << " != " << positions[symbol]
          << " from the fills\n";
  for (const auto& [symbol, qty] : positions)
    if (positions_.count(symbol) == 0)
      out << "position " << symbol << " missing, fills sum to " << qty << "\n";
  for (const auto& [id, o] : orders_) {
    const double sum = filled.count(id) ? filled.at(id) : 0;
    if (!near(sum, o.filled_qty))
      out << "order " << id << " filled " << o.filled_qty << " != " << sum
          << " from its fills\n";
    if (sum > o.request.qty && !near(sum, o.request.qty))
      out << "order " << id << " filled " << sum << " of " << o.request.qty << "\n";
  }
  return out.str();
}

std::string broker_ledger::encode() const {
  std::ostringstream out;
  {
    cereal::BinaryOutputArchive ar{out};
    ar(*this);
  }
  return out.str();
}

broker_ledger broker_ledger::decode(const std::string& bytes) {
  broker_ledger l;
  try {
    decode_limit limit{bytes.size()};
    std::istringstream in{bytes};
    cereal::BinaryInputArchive ar{in};
    ar(l);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string{"broker ledger does not decode: "} + e.what());
  }
  return l;
}

} // namespace tickline
