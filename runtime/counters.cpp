#include "runtime/counters.hpp"

#include <nlohmann/json.hpp>

namespace tickline {

void node_counters::set_feed_counts(const std::string& feed,
                                    std::map<std::string, std::uint64_t> counts) {
  std::lock_guard<std::mutex> guard{feeds_mtx_};
  feeds_[feed] = std::move(counts);
}

std::map<std::string, std::map<std::string, std::uint64_t>> node_counters::feed_counts() const {
  std::lock_guard<std::mutex> guard{feeds_mtx_};
  return feeds_;
}

std::string summary_json(const node_counters& c, double duration_s,
                         const std::string& tree_json) {
  auto get = [](const std::atomic<std::uint64_t>& x) { return x.load(); };
  nlohmann::json j{
    {"ticks", get(c.ticks)},
    {"bars", get(c.bars)},
    {"signals", get(c.signals)},
    {"orders", get(c.orders)},
    {"fills", get(c.fills)},
    {"restarts", get(c.restarts)},
    {"escalations", get(c.escalations)},
    {"snapshots", get(c.snapshots)},
    {"snapshots_restored", get(c.snapshots_restored)},
    {"errors", get(c.errors)},
    {"duration_s", duration_s},
    {"feeds", c.feed_counts()},
    {"tree", nlohmann::json::parse(tree_json, nullptr, false)},
  };
  return j.dump(2) + "\n";
}

} // namespace tickline
