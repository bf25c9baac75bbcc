#include "actors/trading/strategy/position_sizing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace tickline {

namespace {

bool positive(double x) {
  return std::isfinite(x) && x > 0;
}

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", x);
  return buffer;
}

} // namespace

std::string sizing_result::to_string() const {
  return "qty " + number(qty) + " = risk " + number(risk_qty) + " x kelly " +
         number(kelly_factor) + " x vol " + number(vol_factor) + " x drawdown " +
         number(drawdown_factor) + " (limited by " + limited_by + ")";
}

double kelly_fraction(double win_rate, double payoff_ratio) {
  if (payoff_ratio <= 0)
    return win_rate >= 1 ? 1 : -std::numeric_limits<double>::infinity();
  return win_rate - (1 - win_rate) / payoff_ratio;
}

double vol_target_factor(double realized_vol, double vol_target) {
  if (!(realized_vol > 0) || !(vol_target > 0))
    return 1;
  return std::min(1.0, vol_target / realized_vol);
}

double drawdown_factor(double drawdown_pct, double max_drawdown_pct) {
  if (!(max_drawdown_pct > 0))
    return 1;
  return std::clamp(1 - drawdown_pct / max_drawdown_pct, 0.0, 1.0);
}

sizing_result size_position(const sizing_inputs& in) {
  sizing_result r;
  if (!positive(in.equity) || !positive(in.price) || !positive(in.stop_distance) ||
      !positive(in.risk_fraction)) {
    r.limited_by = "invalid: equity, price, stop distance and risk fraction must be positive";
    return r;
  }
  r.risk_qty = in.equity * in.risk_fraction / in.stop_distance;
  r.limited_by = "risk";
  double smallest = 1;
  auto factor = [&](double f, const char* name) {
    if (f < smallest) {
      smallest = f;
      r.limited_by = name;
    }
  };
  if (in.win_rate) {
    const double k = std::clamp(kelly_fraction(*in.win_rate, in.payoff_ratio), 0.0, in.kelly_cap);
    r.kelly = k * std::clamp(in.confidence, 0.0, 1.0);
    r.kelly_factor = std::min(1.0, *r.kelly / in.risk_fraction);
    factor(r.kelly_factor, "kelly");
  }
  r.vol_factor = vol_target_factor(in.realized_vol, in.vol_target);
  factor(r.vol_factor, "volatility");
  r.drawdown_pct = in.peak_equity > in.equity ? (in.peak_equity - in.equity) / in.peak_equity * 100 : 0;
  r.drawdown_factor = drawdown_factor(r.drawdown_pct, in.max_drawdown_pct);
  factor(r.drawdown_factor, "drawdown");
  r.uncapped_qty = r.risk_qty * r.kelly_factor * r.vol_factor * r.drawdown_factor;
  r.qty = r.uncapped_qty;
  if (positive(in.max_notional) && r.qty * in.price > in.max_notional) {
    r.qty = in.max_notional / in.price;
    r.limited_by = "max_notional";
  }
  if (positive(in.max_qty) && r.qty > in.max_qty) {
    r.qty = in.max_qty;
    r.limited_by = "max_qty";
  }
  return r;
}

} // namespace tickline
