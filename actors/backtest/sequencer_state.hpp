#pragma once

#include <cstdint>
#include <vector>

#include <cereal/types/vector.hpp>

#include "messages/market.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// What a backtest's sequencer holds back between two releases: the market data and
/// signals that many senders (one scanner or detector per symbol) would otherwise
/// deliver to a trading actor in whatever order the scheduler's threads ran them.
/// Released in one order that depends on the data alone, so a backtest gives the same
/// result with 1 scheduler thread or 8.
///
/// The order: by time, then symbol, then (signals) source and name. Equal keys keep the
/// order they arrived in, which is one sender's own order (one scanner per symbol).
class sequencer_state {
public:
  /// Everything held back, each kind sorted.
  struct batch {
    std::vector<trade_tick> trades;
    std::vector<book_top> tops;
    std::vector<bar> bars;
    std::vector<signal> signals;
    /// True when there is nothing to pass on.
    bool empty() const { return trades.empty() && tops.empty() && bars.empty() && signals.empty(); }
  };

  /// Holds a batch back until the next release.
  void add(std::vector<trade_tick> xs);
  void add(std::vector<book_top> xs);
  void add(std::vector<bar> xs);
  void add(std::vector<signal> xs);

  /// Hands over everything held, sorted, and starts empty again.
  batch release();

  /// How many items are held.
  std::size_t held() const;

  /// How many releases have been made.
  std::uint64_t releases() const { return releases_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(held_.trades, held_.tops, held_.bars, held_.signals, releases_);
  }

private:
  batch held_;
  std::uint64_t releases_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::sequencer_state, 1);
