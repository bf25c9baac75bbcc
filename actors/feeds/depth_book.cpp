#include "actors/feeds/depth_book.hpp"

#include <algorithm>

namespace tickline {

namespace {

template <class Levels>
void set_levels(Levels& book, const depth_levels& levels) {
  for (const auto& [price, qty] : levels) {
    if (qty == 0)
      book.erase(price);  // removing a level the book does not hold is normal
    else
      book[price] = qty;
  }
}

} // namespace

depth_book::diff_result depth_book::on_diff(depth_diff d) {
  ts_ns_ = std::max(ts_ns_, d.ts_ns);
  if (!synced_) {
    if (buffer_.size() >= max_buffered)
      buffer_.pop_front();
    buffer_.push_back(std::move(d));
    want_ = !asked_;
    return diff_result::buffered;
  }
  if (d.last <= update_id_)
    return diff_result::old;
  if (d.first > update_id_ + 1) {
    unsync();
    buffer_.push_back(std::move(d));
    return diff_result::gap;
  }
  apply(d);
  return diff_result::applied;
}

depth_book::snapshot_result depth_book::on_snapshot(const depth_snapshot& s) {
  asked_ = false;
  bids_.clear();
  asks_.clear();
  set_levels(bids_, s.bids);
  set_levels(asks_, s.asks);
  update_id_ = s.last_update;
  while (!buffer_.empty() && buffer_.front().last <= update_id_)
    buffer_.pop_front();
  if (!buffer_.empty() && buffer_.front().first > update_id_ + 1) {
    // Diffs between the snapshot and the first buffered one are missing.
    bids_.clear();
    asks_.clear();
    update_id_ = 0;
    want_ = true;
    return snapshot_result::too_old;
  }
  synced_ = true;
  return drain_buffer();
}

depth_book::snapshot_result depth_book::drain_buffer() {
  while (!buffer_.empty()) {
    auto& d = buffer_.front();
    if (d.last > update_id_) {
      if (d.first > update_id_ + 1) {
        auto rest = std::move(buffer_);
        unsync();
        buffer_ = std::move(rest);
        return snapshot_result::gap;
      }
      apply(d);
    }
    buffer_.pop_front();
  }
  return snapshot_result::applied;
}

void depth_book::apply(const depth_diff& d) {
  set_levels(bids_, d.bids);
  set_levels(asks_, d.asks);
  update_id_ = d.last;
}

void depth_book::unsync() {
  bids_.clear();
  asks_.clear();
  buffer_.clear();
  update_id_ = 0;
  synced_ = false;
  want_ = !asked_;
}

void depth_book::restart() {
  unsync();
  want_ = false;  // the next diff asks
  top_bid_ = top_ask_ = 0;
}

bool depth_book::take_snapshot_request() {
  if (!want_ || asked_)
    return false;
  want_ = false;
  asked_ = true;
  return true;
}

void depth_book::snapshot_failed() {
  asked_ = false;
  want_ = !synced_;
}

bool depth_book::take_changed_top(double& bid, double& bid_qty, double& ask, double& ask_qty) {
  if (!synced_ || bids_.empty() || asks_.empty())
    return false;
  const auto& [b, bq] = *bids_.begin();
  const auto& [a, aq] = *asks_.begin();
  if (b == top_bid_ && a == top_ask_)
    return false;
  top_bid_ = bid = b;
  top_ask_ = ask = a;
  bid_qty = bq;
  ask_qty = aq;
  return true;
}

} // namespace tickline
