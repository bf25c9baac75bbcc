#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tickline {

/// A non-negative decimal with Binance's 8 places, exact: the value is units / 10^8.
/// Filters, prices and quantities travel as decimal strings; they are compared and
/// rounded here as integers, never as doubles.
struct decimal8 {
  std::int64_t units = 0;

  static constexpr std::int64_t scale = 100'000'000;
  /// "0.01", "100", "0.00001000"; nullopt for anything else (a sign, an exponent, more
  /// than 8 decimals that are not zeros, a value of 10^10 or more).
  static std::optional<decimal8> parse(std::string_view text);
  /// The nearest decimal8 to `x` (x >= 0 and finite), for prices computed as doubles.
  /// Zero for anything not in (0, 9e10).
  static decimal8 from_double(double x);
  /// The largest decimal8 not above `x` (beyond a double's own error): for quantities,
  /// which must never grow on the way to the venue.
  static decimal8 at_most(double x);
  /// Always 8 decimals: "0.01000000".
  std::string str() const;
  double value() const { return static_cast<double>(units) / scale; }
  bool zero() const { return units == 0; }
  friend bool operator==(decimal8 a, decimal8 b) { return a.units == b.units; }
  friend bool operator!=(decimal8 a, decimal8 b) { return a.units != b.units; }
  friend bool operator<(decimal8 a, decimal8 b) { return a.units < b.units; }
  friend bool operator<=(decimal8 a, decimal8 b) { return a.units <= b.units; }
  friend bool operator>(decimal8 a, decimal8 b) { return a.units > b.units; }
  friend bool operator>=(decimal8 a, decimal8 b) { return a.units >= b.units; }
};

/// The product of two decimal8s as a double (a notional); exact enough for a comparison
/// with a minimum notional, which needs no more than 8 decimals either.
double notional(decimal8 price, decimal8 qty);

/// How to bring a value onto a step.
enum class rounding { down, up };

/// `v` on the grid of `step` (a multiple of it); a zero step leaves it as it is.
decimal8 round_to_step(decimal8 v, decimal8 step, rounding r);

/// One symbol's exchange filters (exchangeInfo): PRICE_FILTER, LOT_SIZE and NOTIONAL
/// (MIN_NOTIONAL's rule is the same minimum). A zero bound or step disables that rule,
/// as on Binance.
struct symbol_filters {
  std::string symbol, base, quote;
  decimal8 min_price, max_price, tick_size;
  decimal8 min_qty, max_qty, step_size;
  decimal8 min_notional, max_notional;
  bool min_notional_to_market = true;
};

/// Why an order breaks a filter, in Binance's words ("Filter failure: PRICE_FILTER"), or
/// "" when it passes. `price` is the order's limit price, or for a market order the
/// reference price its notional is judged at (zero: no notional check).
std::string filter_failure(const symbol_filters& f, decimal8 price, decimal8 qty, bool market);

/// An order brought onto the filters before it is sent: the price on the tick (buys
/// down, sells up for limits: never a worse price than asked; the caller chooses for
/// stops), the quantity down onto the step (never more than asked), and the reason it is
/// refused locally when it still fails (`error`, empty when it may be sent).
struct prepared_order {
  decimal8 price, qty;
  std::string error;
};
prepared_order prepare_order(const symbol_filters& f, double price, rounding price_rounding, double qty,
                             bool market);

} // namespace tickline
