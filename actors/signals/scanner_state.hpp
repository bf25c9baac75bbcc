#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "actors/indicators/indicator_set.hpp"
#include "config/config.hpp"
#include "messages/market.hpp"

namespace tickline {

/// What a scanner computes: bar lengths in seconds and the indicators of each timeframe.
struct scanner_settings {
  std::vector<std::int64_t> timeframes_s;
  std::vector<indicator_spec> indicators;

  /// From a validated config; throws std::invalid_argument on a bad timeframe or spec.
  static scanner_settings from_config(const scanner_config& cfg);
};

/// Bars of several timeframes and their indicators for one symbol. No CAF: time comes
/// from the trades and from advance().
class scanner_state {
public:
  /// One timeframe: the bar being built and the indicators over closed bars.
  struct timeframe {
    std::int64_t length_s = 60;
    std::optional<bar> open_bar;
    std::optional<bar> last_closed;
    indicator_set indicators;
    template <class Archive>
    void serialize(Archive& ar) { ar(length_s, open_bar, last_closed, indicators); }
  };

  scanner_state() = default;
  scanner_state(std::string symbol, const scanner_settings& settings);

  /// Adds a trade to every timeframe; bars it closes are appended to `closed`.
  /// A trade older than the open bar is folded into it (bars never reopen) and counted.
  /// A trade whose id (when > 0) is at or below the highest seen is a feed resending
  /// after a restart: ignored and counted in replayed().
  void on_trade(const trade_tick& t, std::vector<bar>& closed);
  /// Adds a completed bar (from kline data) to every timeframe: a timeframe of the bar's
  /// length takes it as is; a longer one that is a whole multiple aggregates it and closes
  /// when its last sub-bar arrives; a shorter one cannot be built and ignores it. A bar
  /// that does not close after the last one of its length is a resend: ignored, counted.
  void on_bar(const bar& b, std::vector<bar>& closed);
  /// Closes every open bar whose interval ended at or before `now_ns`.
  void advance(std::int64_t now_ns, std::vector<bar>& closed);

  const std::string& symbol() const { return symbol_; }
  const std::vector<timeframe>& timeframes() const { return frames_; }
  std::uint64_t trades_seen() const { return trades_; }
  std::uint64_t late_trades() const { return late_; }
  double last_price() const { return last_price_; }
  /// Trades and bars ignored as already seen.
  std::uint64_t replayed() const { return replayed_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

private:
  void close(timeframe& tf, std::vector<bar>& closed);

  std::string symbol_;
  std::vector<timeframe> frames_;
  std::uint64_t trades_ = 0;
  std::uint64_t late_ = 0;
  double last_price_ = 0;
  std::int64_t last_trade_id_ = 0;                   ///< Highest trade id seen.
  std::map<std::int64_t, std::int64_t> last_kline_;  ///< By bar length: the last close seen.
  std::uint64_t replayed_ = 0;
};

template <class Archive>
void scanner_state::serialize(Archive& ar, std::uint32_t version) {
  ar(symbol_, frames_, trades_, late_, last_price_);
  // Version 2: the high-water marks of the market data seen.
  if (version >= 2)
    ar(last_trade_id_, last_kline_, replayed_);
}

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::scanner_state, 2);
