#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "config/config.hpp"
#include "messages/market.hpp"

namespace tickline {

/// A synthetic market: per symbol, Poisson trade arrivals, a log-price random walk that
/// switches between calm, volatile and trending regimes, log-normal trade sizes averaging
/// a notional of 1,000, now and then a very large ("whale") trade, price gaps and bursts of
/// large trades:
/// - a gap: at each boundary of the `slice_ms` grid that starts at `start_ns`, with
///   probability `gap_probability`, the log price jumps by `gap_sigma` x N(0,1) between the
///   last trade before the boundary and the first after it;
/// - a burst: with probability `burst_probability` per trade, that trade and the next
///   `burst_length - 1` of the symbol all have size whale_multiplier x the mean size
///   (notional whale_multiplier x 1,000) and the same aggressor side.
/// Each symbol draws from its own generator seeded from (seed, symbol index), and gaps sit
/// on a fixed time grid, so the trades of a symbol depend only on the seed and the time
/// span, not on how generation is sliced. No CAF; time is an argument.
class synthetic_market_state {
public:
  /// The price regime of one symbol.
  enum class regime : std::uint8_t { calm, volatile_, trending };

  synthetic_market_state() = default;
  /// Starts every symbol's trade schedule at `start_ns`. Symbol i draws and prices as
  /// symbol `first_index + i` of a larger market would, so that a market can be generated
  /// one symbol at a time.
  synthetic_market_state(const feed_config& cfg, std::vector<std::string> symbols,
                         std::int64_t start_ns, std::size_t first_index = 0);

  /// Generates every trade with a timestamp in [cursor, to_ns) and moves the cursor to
  /// `to_ns`. `out` gets one batch per symbol (index as in symbols()); batches are cleared
  /// first. Returns the number of trades generated.
  std::size_t generate_until(std::int64_t to_ns, std::vector<std::vector<trade_tick>>& out);

  /// Moves the cursor to `to_ns` without generating the trades in between (prices do
  /// not move): for a live feed restored from an old snapshot.
  void fast_forward(std::int64_t to_ns);

  const std::vector<std::string>& symbols() const { return symbols_; }
  std::int64_t cursor_ns() const { return cursor_ns_; }
  /// The current price of symbol `i`.
  double price(std::size_t i) const;
  regime current_regime(std::size_t i) const { return walks_.at(i).reg; }
  std::uint64_t whales_generated() const { return whales_; }
  /// Price gaps so far (over all symbols).
  std::uint64_t gaps_generated() const { return gaps_; }
  /// Bursts of large trades started so far (over all symbols).
  std::uint64_t bursts_generated() const { return bursts_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

private:
  struct walk {
    std::mt19937_64 rng;
    double log_price = 0;
    regime reg = regime::calm;
    double drift = 0;
    std::int64_t next_ns = 0;
    std::int64_t trade_id = 0;
    std::int64_t next_slice_ns = 0;  ///< The next boundary of the gap grid.
    int burst_left = 0;              ///< Trades of the current burst still to come.
    side burst_side = side::buy;

    template <class Archive>
    void save(Archive& ar) const;
    template <class Archive>
    void load(Archive& ar);
  };

  trade_tick next_trade(std::size_t i);
  void cross_slices(walk& w);

  feed_config cfg_;
  std::vector<std::string> symbols_;
  std::vector<walk> walks_;
  std::int64_t cursor_ns_ = 0;
  std::uint64_t whales_ = 0;
  std::uint64_t gaps_ = 0;
  std::uint64_t bursts_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::synthetic_market_state, 2);
