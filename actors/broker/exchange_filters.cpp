#include "actors/broker/exchange_filters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tickline {

std::optional<decimal8> decimal8::parse(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  std::int64_t whole = 0, frac = 0;
  std::size_t i = 0, digits = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9' || ++digits > 10)
      return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  if (digits == 0)
    return std::nullopt;
  if (i < text.size()) {
    ++i;  // the point
    int places = 0;
    if (i == text.size())
      return std::nullopt;  // "1."
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9')
        return std::nullopt;
      if (places < 8) {
        frac = frac * 10 + (text[i] - '0');
        ++places;
      } else if (text[i] != '0') {
        return std::nullopt;  // a 9th decimal that matters
      }
    }
    for (; places < 8; ++places)
      frac *= 10;
  }
  if (whole >= 10'000'000'000LL)
    return std::nullopt;
  return decimal8{whole * scale + frac};
}

decimal8 decimal8::from_double(double x) {
  if (!(x > 0) || !std::isfinite(x) || x >= 9e10)
    return decimal8{};  // out of range: a zero, which every filter refuses
  return decimal8{static_cast<std::int64_t>(std::llround(x * scale))};
}

decimal8 decimal8::at_most(double x) {
  auto d = from_double(x);
  // The nearest may be above `x`; a double's own error (relative 1e-16, a few ulps after
  // arithmetic) is not "above".
  if (d.units > 0 && d.value() > x * (1 + 1e-12))
    --d.units;
  return d;
}

std::string decimal8::str() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%08lld", static_cast<long long>(units / scale),
                static_cast<long long>(units % scale));
  return buf;
}

double notional(decimal8 price, decimal8 qty) { return price.value() * qty.value(); }

decimal8 round_to_step(decimal8 v, decimal8 step, rounding r) {
  if (step.units <= 0)
    return v;
  const auto rem = v.units % step.units;
  if (rem == 0)
    return v;
  return decimal8{v.units - rem + (r == rounding::up ? step.units : 0)};
}

std::string filter_failure(const symbol_filters& f, decimal8 price, decimal8 qty, bool market) {
  if (!market) {
    if (!f.min_price.zero() && price < f.min_price)
      return "Filter failure: PRICE_FILTER";
    if (!f.max_price.zero() && price > f.max_price)
      return "Filter failure: PRICE_FILTER";
    if (!f.tick_size.zero() && (price.units - f.min_price.units) % f.tick_size.units != 0)
      return "Filter failure: PRICE_FILTER";
  }
  if (qty.zero() || (!f.min_qty.zero() && qty < f.min_qty) || (!f.max_qty.zero() && qty > f.max_qty))
    return "Filter failure: LOT_SIZE";
  if (!f.step_size.zero() && (qty.units - f.min_qty.units) % f.step_size.units != 0)
    return "Filter failure: LOT_SIZE";
  if (!price.zero() && (!market || f.min_notional_to_market)) {
    const double n = notional(price, qty);
    // Half a unit of the 8th decimal of slack: the product of two exact decimals.
    if (!f.min_notional.zero() && n < f.min_notional.value() - 0.5e-8)
      return "Filter failure: NOTIONAL";
    if (!market && !f.max_notional.zero() && n > f.max_notional.value() + 0.5e-8)
      return "Filter failure: NOTIONAL";
  }
  return {};
}

prepared_order prepare_order(const symbol_filters& f, double price, rounding price_rounding, double qty,
                             bool market) {
  prepared_order out;
  // Both grids start at their minimum, as Binance's rules have them.
  auto on_grid = [](decimal8 v, decimal8 min, decimal8 step, rounding r) {
    if (v < min)
      return v;  // below the minimum: the filter says so
    return decimal8{min.units + round_to_step(decimal8{v.units - min.units}, step, r).units};
  };
  out.price = market ? decimal8::from_double(price)
                     : on_grid(decimal8::from_double(price), f.min_price, f.tick_size, price_rounding);
  // Quantities go down onto the step: an exit never grows past what it protects.
  out.qty = on_grid(decimal8::at_most(qty), f.min_qty, f.step_size, rounding::down);
  auto why = filter_failure(f, out.price, out.qty, market);
  if (!why.empty()) {
    char buf[160];
    std::snprintf(buf, sizeof buf, " (%s: price %s, quantity %s from %.10g)", f.symbol.c_str(),
                  out.price.str().c_str(), out.qty.str().c_str(), qty);
    out.error = why + buf;
  }
  return out;
}

} // namespace tickline
