#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <cereal/types/variant.hpp>

#include "actors/indicators/indicators.hpp"
#include "config/indicator_spec.hpp"
#include "messages/market.hpp"

namespace tickline {

/// The indicators of one timeframe, updated once per closed bar. Columns and values are
/// parallel lists; a value is nullopt while its indicator warms up.
class indicator_set {
public:
  indicator_set() = default;
  /// Builds one indicator per spec; throws std::invalid_argument for an unknown kind.
  explicit indicator_set(const std::vector<indicator_spec>& specs);

  /// Feeds a closed bar to every indicator.
  void update(const bar& b);

  /// Column names, e.g. {"sma_20", "bb_upper_20", "bb_mid_20", "bb_lower_20"}.
  const std::vector<std::string>& columns() const { return columns_; }
  /// Latest values, parallel to columns(). The `regime` column holds the number of a
  /// market_regime (0 ranging, 1 trending, 2 volatile): read it with regime() or text().
  const std::vector<std::optional<double>>& values() const { return values_; }
  /// The latest value of `column`, nullopt when unknown or warming up.
  std::optional<double> get(const std::string& column) const;
  /// The latest market regime; nullopt without a regime indicator or while it warms up.
  std::optional<market_regime> regime() const;
  /// The latest value of column `i` as a CSV cell: empty while warming up, the regime's
  /// name in the `regime` column, else the number with 12 significant digits.
  std::string text(std::size_t i) const;

  template <class Archive>
  void serialize(Archive& ar) { ar(columns_, values_, items_); }

private:
  // New kinds go at the end: a snapshot stores the index of each item's alternative.
  using item = std::variant<sma, ema, rsi, atr, vwap, bbands, macd, volz, rv, tickline::regime>;
  std::vector<std::string> columns_;
  std::vector<std::optional<double>> values_;
  std::vector<item> items_;
};

} // namespace tickline
