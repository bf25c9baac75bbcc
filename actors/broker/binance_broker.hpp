#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/broker/binance_session.hpp"
#include "actors/broker/binance_user_stream.hpp"
#include "config/config.hpp"
#include "runtime/inbox.hpp"
#include "runtime/key_store.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of the Binance broker.
struct binance_broker_actor {
  std::unique_ptr<binance_session> session;
  std::unique_ptr<binance_user_stream> stream;
  std::shared_ptr<inbox<binance_stream_event>> stream_events;
  routes clients;                   ///< Get acks, rejects, fills and statuses (the order manager).
  routes auditor;                   ///< Gets the REST and stream heartbeats; empty = none.
  routes risk;                      ///< Gets a halt for an operator; empty = none.
  std::string name;
  std::uint64_t rest_beats = 0, stream_beats = 0;
  bool flush_queued = false;        ///< A flush_atom (plan the exit groups) is in the mailbox.
  static inline const char* name_ = "broker";
};

/// Spawn arguments of the Binance broker.
struct binance_broker_args {
  std::string name = "broker:binance";
  binance_session_options session;  ///< Its name is set from `name`.
  std::string stream_url;           ///< The WebSocket API; "" = none (polls only).
  std::vector<std::string> clients; ///< e.g. {"order_manager"}.
  std::shared_ptr<const actor_registry> registry;
  std::string auditor;              ///< Gets "<name>" and "<name>/stream" heartbeats.
  std::string risk;                 ///< Gets a halt when start-up finds what needs an operator.
  std::chrono::milliseconds tick{100};
};

/// Binance spot behind the messages the paper broker answers (`order_request`,
/// `order_cancel`, `order_query` answered with an `order_status`, `positions_atom`,
/// `describe_atom`), through a binance_session. Spawn it detached: its REST calls block
/// its own thread, never a scheduler's. It starts by reading the venue (time,
/// exchangeInfo, its stored exit groups, whose legs it asks about before anything new);
/// a venue that does not answer fails the start, and its supervisor retries with backoff.
/// Heartbeats go to the auditor as "<name>" while the venue answers and "<name>/stream"
/// while the user data stream is subscribed, so that a lost venue is seen as a lost
/// connection.
caf::behavior binance_broker(caf::stateful_actor<binance_broker_actor>* self, binance_broker_args args);

/// The Binance broker's spawn arguments from a node's config (kind binance): its name,
/// base URL, keys (binance_credentials), windows, symbols, order manager and client id
/// prefix, with `db` for its exit groups; registry and auditor are left to the caller.
/// Throws std::invalid_argument naming the key that is wrong.
binance_broker_args binance_broker_args_of(const engine_config& cfg, std::shared_ptr<store> db);

/// The API key and secret for `cfg` (kind binance): from its key file (passphrase in
/// TICKLINE_KEYS_PASSPHRASE) when one is set, else from the environment variables it
/// names. Throws std::invalid_argument naming what is missing; never puts a secret in
/// the message.
api_credentials binance_credentials(const broker_config& cfg);

} // namespace tickline
