#include "actors/topology.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/scanner.hpp"
#include "actors/signal_log.hpp"
#include "actors/synthetic_feed.hpp"
#include "actors/whale_detector.hpp"
#include "messages/type_ids.hpp"

namespace tickline {

namespace {

const std::vector<std::string>& feed_symbols(const feed_config& f, const engine_config& cfg) {
  return f.symbols.empty() ? cfg.market.symbols : f.symbols;
}

} // namespace

topology topology::start(caf::actor_system& sys, const engine_config& cfg, clock_ptr clk,
                         std::shared_ptr<node_counters> counters, bool self_timed_feeds) {
  topology t;
  auto settings = scanner_settings::from_config(cfg.scanner);
  const auto& symbols = cfg.market.symbols;
  bool whales = cfg.detectors.whale.enabled;

  t.sink = sys.spawn(signal_log, whales ? std::max<int>(symbols.size(), 1) : 1);
  if (!whales || symbols.empty())
    t.unfed.push_back(t.sink);

  // How many feeds serve each symbol: a scanner waits for that many end_atoms.
  std::map<std::string, int> upstream;
  for (const auto& f : cfg.feeds)
    for (const auto& s : feed_symbols(f, cfg))
      ++upstream[s];

  std::map<std::string, caf::actor> scanner_of;
  for (const auto& sym : symbols) {
    std::vector<caf::actor> detectors;
    if (whales) {
      auto d = sys.spawn(whale_detector, whale_detector_args{sym, cfg.detectors.whale, {t.sink}, counters});
      t.detectors.push_back(d);
      detectors.push_back(d);
    }
    auto s = sys.spawn(scanner, scanner_args{sym, settings, detectors, std::max(upstream[sym], 1), counters});
    t.scanners.push_back(s);
    scanner_of[sym] = s;
    if (upstream[sym] == 0)
      t.unfed.push_back(s);
  }

  for (const auto& f : cfg.feeds) {
    if (f.kind != "synthetic")
      throw std::invalid_argument("feed " + f.name + ": kind " + f.kind + " is not supported");
    synthetic_feed_args a{f, feed_symbols(f, cfg), {}, clk, counters, self_timed_feeds};
    for (const auto& s : a.symbols)
      a.scanners.push_back(scanner_of.at(s));
    t.feeds.push_back(sys.spawn(synthetic_feed, std::move(a)));
  }
  spdlog::info("topology: {} feed(s), {} scanner(s), {} detector(s)", t.feeds.size(),
               t.scanners.size(), t.detectors.size());
  return t;
}

std::vector<caf::actor> topology::all() const {
  std::vector<caf::actor> xs{sink};
  xs.insert(xs.end(), detectors.begin(), detectors.end());
  xs.insert(xs.end(), scanners.begin(), scanners.end());
  xs.insert(xs.end(), feeds.begin(), feeds.end());
  return xs;
}

bool topology::stop(caf::actor_system& sys, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{sys};
  auto actors = all();
  for (auto& a : actors)
    self->monitor(a);
  for (auto& f : feeds)
    self->send(f, stop_atom::value);
  // Actors that no upstream actor will end get their end_atom from here.
  for (auto& a : unfed)
    self->send(a, end_atom::value);
  std::size_t remaining = actors.size();
  bool clean = true;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (remaining > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      clean = false;
      break;
    }
    self->receive([&](const caf::down_msg&) { --remaining; },
                  caf::after(left) >> [&] { clean = false; });
    if (!clean)
      break;
  }
  if (!clean) {
    spdlog::warn("topology: {} actor(s) did not stop within {} ms; killing them", remaining,
                 timeout.count());
    for (auto& a : actors)
      self->send_exit(a, caf::exit_reason::kill);
  }
  return clean;
}

} // namespace tickline
