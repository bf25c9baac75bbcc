#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/indicators/return_correlation.hpp"
#include "config/blackout_file.hpp"
#include "config/config.hpp"

// The risk supervisor's guards and limits, each a small function or class of its own so
// that it can be tested at its boundary. A guard returns an empty string when it lets an
// entry pass, else the reason, starting with the name of the limit (the config key).
namespace tickline {

/// Shortest readable form of a number in reasons ("30000", "2.5", "0.000125").
std::string format_amount(double x);

/// max_atr_pct: denies when `atr` is above `max_pct` percent of `price` (at the limit
/// passes); passes when the limit is 0 (off) or ATR or price is unknown.
std::string volatility_guard(std::optional<double> atr, double price, double max_pct);

/// cooldown_ms: denies while less than `cooldown_ns` passed since `last_entry_ns`, the
/// previous entry in `symbol` (exactly the cooldown passes).
std::string cooldown_guard(std::optional<std::int64_t> last_entry_ns, std::int64_t now_ns,
                           std::int64_t cooldown_ns, const std::string& symbol);

/// max_trades_per_day: denies once `entries_today` reached `max` (0 = no limit).
std::string trades_per_day_guard(int entries_today, int max);

/// Drawdown of `equity` from `peak` in percent; 0 when `peak` <= 0 or equity is above it.
double drawdown_pct(double peak, double equity);

/// max_daily_loss: true when the day's P&L lost `max_loss` or more (0 = no limit).
bool daily_loss_reached(double day_pnl, double max_loss);

/// max_consecutive_losses: true when `losses` in a row reached `max` (0 = no limit).
bool consecutive_losses_reached(int losses, int max);

/// Blackout windows (scheduled news): no entries from a window's start until its end.
class blackout_schedule {
public:
  blackout_schedule() = default;
  /// The windows may overlap and come in any order.
  explicit blackout_schedule(std::vector<blackout_window> windows);
  /// "blackout: <reason> until <end>" while `ns` is inside a window (start inclusive,
  /// end exclusive), else empty.
  std::string check(std::int64_t ns) const;
  /// The windows, ordered by start.
  const std::vector<blackout_window>& windows() const { return windows_; }

private:
  std::vector<blackout_window> windows_;
};

/// The quantity of an entry that fits under the exposure limits, and which limit bound it.
struct exposure_fit {
  double qty = 0;       ///< Largest allowed quantity, at most the requested one; <= 0: none.
  std::string reason;   ///< Empty when the requested quantity fits, else the binding limit.
};

/// The sums the exposure caps compare against, over every open position: absolute and
/// signed notional, the absolute notional in the order's sector (when that sector has a
/// cap), and the order's own symbol's signed notional.
struct exposure_totals {
  double gross = 0;
  double net = 0;
  double sector_gross = 0;
  double own = 0;
};

/// True when an order in `symbol` under `c` needs the totals over every position, not
/// only its own symbol's (a gross, net or sector cap applies).
bool needs_all_exposures(const std::string& symbol, const risk_config& c);

/// Adds one position's signed notional `n` in `symbol` to `t`, for an order in
/// `order_symbol`.
void add_exposure(exposure_totals& t, const std::string& symbol, double n,
                  const std::string& order_symbol, const risk_config& c);

/// max_position_notional, max_gross_exposure, max_net_exposure and the sector caps of
/// `c`: the largest part of an entry of `requested` (> 0) in `symbol` at `price`, buying
/// when `sign` is +1 and selling when -1, that keeps every limit, given the totals `t`
/// over the open positions.
exposure_fit fit_exposure(const exposure_totals& t, const std::string& symbol, int sign,
                          double price, double requested, const risk_config& c);
/// The same with `notional` holding the signed notional (qty × mark) of each position.
exposure_fit fit_exposure(const std::map<std::string, double>& notional, const std::string& symbol,
                          int sign, double price, double requested, const risk_config& c);

/// max_correlated_positions: denies an entry in `symbol` in direction `sign` when `max`
/// (0 = no limit) or more open positions (`qty` by symbol, signed) have a return
/// correlation with it that, multiplied by the product of the two directions, is above
/// `threshold`: a long position in a correlated symbol concentrates a new long and hedges
/// a new short. Positions whose correlation is unknown do not count.
std::string correlation_guard(const return_correlation& corr, const std::string& symbol, int sign,
                              const std::map<std::string, double>& qty, double threshold, int max);

} // namespace tickline
