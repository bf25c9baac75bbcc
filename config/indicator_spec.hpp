#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tickline {

/// A parsed indicator such as "bbands(20,2)": its kind and its numeric parameters, with
/// defaults filled in (bbands(20) has params {20, 2}; macd() has {12, 26, 9}).
struct indicator_spec {
  std::string kind;           ///< sma, ema, rsi, atr, vwap, bbands, macd, volz, rv or regime.
  std::vector<double> params; ///< Always the full parameter list of the kind.
};

/// Parses "sma(N)", "ema(N)", "rsi(N)", "atr(N)", "vwap(N)" (integer N in 1..10000), "bbands(N)" or
/// "bbands(N,K)" (K > 0, default 2), "macd()" or "macd(F,S,SIG)" (integers in 1..10000,
/// F < S, default 12,26,9), and "volz(N)", "rv(N)", "regime(N)" (integer N in 2..10000).
/// Whitespace is allowed around arguments. On failure returns nullopt and, when `error`
/// is not null, stores a one-line explanation in it. docs/indicators.md defines them all.
std::optional<indicator_spec> parse_indicator_spec(std::string_view text,
                                                   std::string* error = nullptr);

/// The column names an indicator produces: sma(20) -> {"sma_20"}, bbands(20,2) ->
/// {"bb_upper_20", "bb_mid_20", "bb_lower_20"}, macd(12,26,9) -> {"macd", "macd_signal",
/// "macd_hist"}, volz(20) -> {"vol_z_20"}, rv(20) -> {"rv_20"}, regime(20) -> {"regime"}.
/// Returns an empty list for an unknown kind.
std::vector<std::string> indicator_columns(const indicator_spec& spec);

} // namespace tickline
