#pragma once

#include <mutex>
#include <utility>
#include <vector>

namespace tickline {

/// Hands items from a foreign thread (a network client, an HTTP server) to an actor:
/// the producer pushes, and wakes the actor only when the inbox was empty, so a busy
/// stream costs one actor message per drained batch, not one per item.
template <class T>
class inbox {
public:
  /// Adds `x`; returns true when the inbox was empty (the consumer must be woken).
  bool push(T x) {
    std::lock_guard<std::mutex> guard{mtx_};
    items_.push_back(std::move(x));
    return items_.size() == 1;
  }

  /// Moves every item into `out` (cleared first), oldest first.
  void drain(std::vector<T>& out) {
    out.clear();
    std::lock_guard<std::mutex> guard{mtx_};
    out.swap(items_);
  }

private:
  std::mutex mtx_;
  std::vector<T> items_;
};

} // namespace tickline
