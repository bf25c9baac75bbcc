#pragma once

#include <optional>
#include <string>

// Position sizing: pure functions from the account, the trade's stop distance and the
// strategy's statistics to an order quantity. The size is
//
//   qty = equity x min(risk_fraction, kelly) / stop_distance x vol_factor x drawdown_factor
//
// capped by max_notional / price and max_qty, where
// - kelly = clamp(W − (1 − W) / R, 0, kelly_cap) x confidence from the win rate W and the
//   payoff ratio R (average win / average loss); it only ever lowers the fixed-fractional
//   risk, and is left out while the win rate is unknown;
// - vol_factor = min(1, vol_target / realized_vol) (annualized): the risk budget above is a
//   ceiling, so volatility targeting only scales down; 1 when either is 0 (off/unknown);
// - drawdown_factor = clamp(1 − drawdown_pct / max_drawdown_pct, 0, 1): size shrinks
//   linearly from full at the peak to zero at the max drawdown (not stepwise).
namespace tickline {

/// What sizing needs to know about one prospective trade.
struct sizing_inputs {
  double equity = 0;            ///< Account equity now, > 0.
  double peak_equity = 0;       ///< Highest equity seen; the drawdown is measured from it.
  double price = 0;             ///< Expected entry price, > 0.
  double stop_distance = 0;     ///< |entry − stop| in price, > 0 (e.g. k x ATR).
  double risk_fraction = 0.005; ///< Fraction of equity risked per trade, > 0.
  double confidence = 1;        ///< Of the entry, [0, 1]; scales the Kelly fraction.
  std::optional<double> win_rate; ///< Share of winning trades, [0, 1]; nullopt = no Kelly.
  double payoff_ratio = 0;      ///< Average win / average loss, >= 0.
  double kelly_cap = 0.25;      ///< Largest Kelly fraction, (0, 1].
  double realized_vol = 0;      ///< Annualized realized volatility; 0 = unknown.
  double vol_target = 0;        ///< Annualized target; 0 = off.
  double max_drawdown_pct = 0;  ///< Drawdown at which the size reaches 0; 0 = no scaling.
  double max_notional = 0;      ///< Largest qty x price; 0 = no cap.
  double max_qty = 0;           ///< Largest quantity; 0 = no cap.
};

/// The quantity and every factor behind it, for the trade log.
struct sizing_result {
  double qty = 0;               ///< The order quantity; 0 = do not trade.
  double risk_qty = 0;          ///< equity x risk_fraction / stop_distance.
  std::optional<double> kelly;  ///< Capped Kelly fraction x confidence; nullopt = not used.
  double kelly_factor = 1;      ///< min(1, kelly / risk_fraction).
  double vol_factor = 1;        ///< Volatility targeting.
  double drawdown_pct = 0;      ///< Of equity from the peak.
  double drawdown_factor = 1;   ///< Linear drawdown scaling.
  double uncapped_qty = 0;      ///< risk_qty x the three factors.
  std::string limited_by;       ///< What set the qty: risk, kelly, volatility, drawdown,
                                ///< max_notional, max_qty, or "invalid: ..." when qty is 0.

  /// "qty 12 = risk 20 x kelly 1 x vol 0.6 x drawdown 1 (limited by volatility)".
  std::string to_string() const;
};

/// Kelly fraction W − (1 − W) / R; negative when the edge is; −inf for R = 0 and W < 1.
double kelly_fraction(double win_rate, double payoff_ratio);

/// Volatility targeting factor min(1, target / realized); 1 when either is <= 0.
double vol_target_factor(double realized_vol, double vol_target);

/// Linear drawdown factor clamp(1 − drawdown_pct / max_drawdown_pct, 0, 1); 1 when
/// max_drawdown_pct <= 0.
double drawdown_factor(double drawdown_pct, double max_drawdown_pct);

/// Sizes one trade; qty is 0 (with the reason in limited_by) for invalid inputs (equity,
/// price, stop distance or risk fraction not positive and finite) or a zero factor.
sizing_result size_position(const sizing_inputs& in);

} // namespace tickline
