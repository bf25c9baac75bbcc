#include "runtime/counters.hpp"
#include "messages/json_text.hpp"

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

void node_counters::set_figure(const std::string& name, double value) {
  std::lock_guard<std::mutex> guard{feeds_mtx_};
  figures_[name] = value;
}

void node_counters::set_label(const std::string& name, std::string value) {
  std::lock_guard<std::mutex> guard{feeds_mtx_};
  labels_[name] = std::move(value);
}

std::map<std::string, double> node_counters::figures() const {
  std::lock_guard<std::mutex> guard{feeds_mtx_};
  return figures_;
}

std::map<std::string, std::string> node_counters::labels() const {
  std::lock_guard<std::mutex> guard{feeds_mtx_};
  return labels_;
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
    {"rejects", get(c.rejects)},
    {"exit_rejects", get(c.exit_rejects)},
    {"restarts", get(c.restarts)},
    {"escalations", get(c.escalations)},
    {"snapshots", get(c.snapshots)},
    {"snapshots_restored", get(c.snapshots_restored)},
    {"errors", get(c.errors)},
    {"duration_s", duration_s},
    {"feeds", c.feed_counts()},
    {"tree", nlohmann::json::parse(tree_json, nullptr, false)},
  };
  for (const auto& [k, v] : c.figures())
    j[k] = v;
  for (const auto& [k, v] : c.labels())
    j[k] = v;
  return j.dump(2, ' ', false, invalid_utf8) + "\n";
}

} // namespace tickline
