#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>

namespace tickline {

/// Rolling correlation of the bar returns of several symbols. Each symbol keeps its last
/// `window` log returns keyed by bar end time; two symbols are compared on the times they
/// have in common, so a missed bar does not shift one series against the other.
class return_correlation {
public:
  /// Keeps `window` (>= 3) returns per symbol.
  explicit return_correlation(int window = 60);

  /// Feeds the close of `symbol`'s bar ending at `close_ns`; a bar not later than the
  /// symbol's previous one, or a close <= 0, is ignored.
  void on_close(const std::string& symbol, std::int64_t close_ns, double close);

  /// Pearson correlation of the returns of `a` and `b` at their common bar times; nullopt
  /// when they share fewer than max(3, window / 2) times or either series is constant.
  std::optional<double> correlation(const std::string& a, const std::string& b) const;

  /// The series only: the window stays the configured one.
  template <class Archive>
  void serialize(Archive& ar) { ar(series_); }

private:
  /// One symbol's last close and its (bar end, log return) pairs, oldest first.
  struct series {
    std::int64_t last_ns = 0;
    double last_close = 0;
    std::deque<std::pair<std::int64_t, double>> returns;
    template <class Archive>
    void serialize(Archive& ar) { ar(last_ns, last_close, returns); }
  };

  std::size_t window_;
  std::map<std::string, series> series_;
};

/// Pearson correlation of the equally long samples `x` and `y`; nullopt when shorter
/// than 2 or either has no variance.
std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y);

} // namespace tickline
