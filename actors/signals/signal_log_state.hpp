#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include <cereal/types/deque.hpp>

#include "messages/signals.hpp"

namespace tickline {

/// The most recent signals of a node, newest last, for logs and (later) the API.
class signal_log_state {
public:
  /// Keeps at most `capacity` signals. Default: 1000.
  explicit signal_log_state(std::size_t capacity = 1000) : capacity_(capacity) {}

  /// Records `s`; drops the oldest one when full.
  void add(const signal& s);

  const std::deque<signal>& recent() const { return recent_; }
  std::uint64_t total() const { return total_; }

  /// One log line: "whale large_trade BTCUSDT long strength=0.41 confidence=0.99 price=101.2
  /// z_score=5.1 ...".
  static std::string describe(const signal& s);

  /// A key that identifies `s` across restarts: source, name and event time.
  static std::string key(const signal& s);
  /// `s` as one line of JSON: kind, name, symbol, direction, strength, confidence, price,
  /// ts_ns, source, features.
  static std::string to_json(const signal& s);
  /// The signal to_json wrote; nullopt and `error` set when `line` is not one.
  static std::optional<signal> from_json(const std::string& line, std::string& error);

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) { ar(capacity_, recent_, total_); }

private:
  std::size_t capacity_;
  std::deque<signal> recent_;
  std::uint64_t total_ = 0;
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::signal_log_state, 1);
