#include "actors/trading/risk/risk_guards.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "config/civil_time.hpp"

namespace tickline {

namespace {

// Quantities equal up to rounding count as equal, so that "at the limit" passes.
constexpr double rel_eps = 1e-9;

// One exposure limit's room for the entry, in quantity.
struct room {
  double qty;
  double after;   // the limited amount after the whole requested quantity
  double cap;
  std::string name;
};

} // namespace

std::string format_amount(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", x);
  return buffer;
}

std::string volatility_guard(std::optional<double> atr, double price, double max_pct) {
  if (max_pct <= 0 || !atr || !(price > 0))
    return {};
  const double pct = *atr / price * 100;
  if (pct <= max_pct * (1 + rel_eps))
    return {};
  return "max_atr_pct: ATR is " + format_amount(pct) + " % of the price, above " +
         format_amount(max_pct) + " %";
}

std::string cooldown_guard(std::optional<std::int64_t> last_entry_ns, std::int64_t now_ns,
                           std::int64_t cooldown_ns, const std::string& symbol) {
  if (!last_entry_ns || now_ns - *last_entry_ns >= cooldown_ns)
    return {};
  return "cooldown_ms: " + std::to_string((now_ns - *last_entry_ns) / 1'000'000) +
         " ms since the last entry in " + symbol + ", less than " +
         std::to_string(cooldown_ns / 1'000'000);
}

std::string trades_per_day_guard(int entries_today, int max) {
  if (max <= 0 || entries_today < max)
    return {};
  return "max_trades_per_day: " + std::to_string(entries_today) + " entries today, limit " +
         std::to_string(max);
}

double drawdown_pct(double peak, double equity) {
  if (!(peak > 0) || equity >= peak)
    return 0;
  return (peak - equity) / peak * 100;
}

bool daily_loss_reached(double day_pnl, double max_loss) {
  return max_loss > 0 && -day_pnl >= max_loss * (1 - rel_eps);
}

bool consecutive_losses_reached(int losses, int max) {
  return max > 0 && losses >= max;
}

blackout_schedule::blackout_schedule(std::vector<blackout_window> windows)
  : windows_(std::move(windows)) {
  std::stable_sort(windows_.begin(), windows_.end(),
                   [](const auto& a, const auto& b) { return a.start_ns < b.start_ns; });
}

std::string blackout_schedule::check(std::int64_t ns) const {
  for (const auto& w : windows_) {
    if (w.start_ns > ns)
      break;
    if (ns < w.end_ns)
      return "blackout: " + w.reason + " until " + format_iso8601_utc(w.end_ns);
  }
  return {};
}

bool needs_all_exposures(const std::string& symbol, const risk_config& c) {
  if (c.max_gross_exposure > 0 || c.max_net_exposure > 0)
    return true;
  const auto sector = c.sectors.symbols.find(symbol);
  return sector != c.sectors.symbols.end() && c.sectors.caps.count(sector->second) != 0;
}

void add_exposure(exposure_totals& t, const std::string& symbol, double n,
                  const std::string& order_symbol, const risk_config& c) {
  t.gross += std::fabs(n);
  t.net += n;
  if (symbol == order_symbol) {
    t.own += n;
    t.sector_gross += std::fabs(n);
    return;
  }
  if (c.sectors.caps.empty())
    return;
  const auto mine = c.sectors.symbols.find(order_symbol);
  const auto theirs = c.sectors.symbols.find(symbol);
  if (mine != c.sectors.symbols.end() && theirs != c.sectors.symbols.end() &&
      mine->second == theirs->second)
    t.sector_gross += std::fabs(n);
}

exposure_fit fit_exposure(const std::map<std::string, double>& notional, const std::string& symbol,
                          int sign, double price, double requested, const risk_config& c) {
  exposure_totals t;
  for (const auto& [sym, n] : notional)
    add_exposure(t, sym, n, symbol, c);
  return fit_exposure(t, symbol, sign, price, requested, c);
}

exposure_fit fit_exposure(const exposure_totals& t, const std::string& symbol, int sign,
                          double price, double requested, const risk_config& c) {
  const double gross = t.gross;
  const double net = t.net;
  const double sector_gross = t.sector_gross;
  const double own_n = t.own;
  const auto sector = c.sectors.symbols.find(symbol);
  const auto sector_cap = sector == c.sectors.symbols.end() ? c.sectors.caps.end()
                                                             : c.sectors.caps.find(sector->second);
  // Everything below is in quantity along the order: |along + q| * price must stay within
  // what the cap leaves after the exposure that this order does not change.
  const double along = sign * own_n / price;
  const double after_own = std::fabs(along + requested) * price;
  std::vector<room> rooms;
  rooms.push_back({c.max_position_notional / price - along, after_own, c.max_position_notional,
                   "max_position_notional " + symbol});
  if (c.max_gross_exposure > 0) {
    const double others = gross - std::fabs(own_n);
    rooms.push_back({(c.max_gross_exposure - others) / price - along, others + after_own,
                     c.max_gross_exposure, "max_gross_exposure"});
  }
  if (c.max_net_exposure > 0) {
    const double net_along = sign * net / price;
    rooms.push_back({c.max_net_exposure / price - net_along,
                     std::fabs(net_along + requested) * price, c.max_net_exposure,
                     "max_net_exposure"});
  }
  if (sector_cap != c.sectors.caps.end()) {
    const double others = sector_gross - std::fabs(own_n);
    rooms.push_back({(sector_cap->second - others) / price - along, others + after_own,
                     sector_cap->second, "sector cap " + sector->second});
  }
  exposure_fit fit{requested, {}};
  for (const auto& r : rooms) {
    if (r.qty >= requested * (1 - rel_eps) || r.qty >= fit.qty)
      continue;
    fit.qty = r.qty;
    fit.reason = r.name + ": " + format_amount(r.after) + " after the order, limit " +
                 format_amount(r.cap);
  }
  if (fit.qty <= requested * rel_eps)
    fit.qty = 0;
  return fit;
}

std::string correlation_guard(const return_correlation& corr, const std::string& symbol, int sign,
                              const std::map<std::string, double>& qty, double threshold, int max) {
  if (max <= 0)
    return {};
  std::vector<std::pair<std::string, double>> hits;
  for (const auto& [other, q] : qty) {
    if (other == symbol || q == 0)
      continue;
    const auto r = corr.correlation(symbol, other);
    if (r && *r * sign * (q > 0 ? 1 : -1) > threshold)
      hits.emplace_back(other, *r);
  }
  if (static_cast<int>(hits.size()) < max)
    return {};
  std::string list;
  for (const auto& [other, r] : hits)
    list += (list.empty() ? "" : ", ") + other + " " + format_amount(r);
  return "max_correlated_positions: " + std::to_string(hits.size()) +
         " open positions correlated above " + format_amount(threshold) + " with " + symbol +
         " (" + list + "), limit " + std::to_string(max);
}

} // namespace tickline
