#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/scanner_state.hpp"
#include "runtime/counters.hpp"

namespace tickline {

/// Actor state of a scanner: its bars and indicators plus its downstream detectors.
struct scanner_actor {
  scanner_state scanner;
  std::vector<caf::actor> detectors;
  std::vector<bar> closed;          ///< Reused between batches.
  int upstream = 1;                 ///< Feeds that will each send end_atom.
  int ended = 0;
  static inline const char* name = "scanner";
};

/// Spawn arguments of a scanner.
struct scanner_args {
  std::string symbol;
  scanner_settings settings;
  std::vector<caf::actor> detectors;
  int upstream = 1;
  std::shared_ptr<node_counters> counters;
};

/// The scanner of one symbol. Takes batches of trades (`std::vector<trade_tick>`), builds
/// bars and indicators, and passes the batch and any closed bars (`std::vector<bar>`) on
/// to every detector. `end_atom` from each upstream feed: pass it on and quit.
caf::behavior scanner(caf::stateful_actor<scanner_actor>* self, scanner_args args);

} // namespace tickline
