#include "actors/broker/binance_broker.hpp"

#include <cstdlib>
#include <stdexcept>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/broker/binance_signing.hpp"
#include "config/http_url.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"
#include "messages/errors.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<binance_broker_actor>*;

// The venue counts as lost after this long without an answer; a quiet adapter pings.
constexpr std::int64_t ping_after_ms = 1000;
constexpr std::int64_t answered_within_ms = 3000;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

void deliver(self_ptr self, std::vector<broker_event> events) {
  auto& st = self->state;
  for (auto& line : st.session->take_log())
    spdlog::info("{}", line);
  if (auto why = st.session->take_halt(); !why.empty())
    for (auto& r : st.risk.get())
      if (r) {
        control_command c;
        c.kind = control_kind::halt;
        c.issuer = st.name;
        c.reason = "start-up reconciliation: " + why;
        c.ts_ns = wall_ms() * 1'000'000;
        self->send(r, std::move(c));
      }
  for (auto& e : events)
    for (auto& c : st.clients.get())
      if (c)
        std::visit([&](auto& x) { self->send(c, x); }, e);
  if (auto trades = st.session->take_venue_trades(); !trades.empty())
    for (auto& c : st.clients.get())
      if (c)
        self->send(c, venue_trades_atom::value, trades);
}

// Exit groups are planned once the messages already queued are in (a flush_atom at the
// back of the mailbox): a bracket's stop and targets go out as one shape.
void plan_later(self_ptr self) {
  if (self->state.flush_queued)
    return;
  self->state.flush_queued = true;
  self->send(self, flush_atom::value);
}

void beat(self_ptr self, std::int64_t now_ms) {
  auto& st = self->state;
  if (st.auditor.size() == 0)
    return;
  const auto& s = st.session->stats();
  const bool venue_up = now_ms - s.last_answer_ms <= answered_within_ms;
  for (auto& a : st.auditor.get()) {
    if (!a)
      continue;
    if (venue_up)
      self->send(a, heartbeat{st.name, ++st.rest_beats, now_ms * 1'000'000});
    if (s.stream_up)
      self->send(a, heartbeat{st.name + "/stream", ++st.stream_beats, now_ms * 1'000'000});
  }
}

} // namespace

binance_broker_args binance_broker_args_of(const engine_config& cfg, std::shared_ptr<store> db) {
  binance_broker_args a;
  a.name = "broker:" + cfg.broker.name;
  std::string error;
  auto base = parse_http_url(cfg.broker.base_url, error);
  if (!base)
    throw std::invalid_argument("broker " + cfg.broker.name + ": base_url: " + error);
  const auto keys = binance_credentials(cfg.broker);
  // An Ed25519 API key's secret is its PEM private key; one that cannot sign fails here,
  // not at the first order.
  if (is_pem_key(keys.secret) && ed25519_sign_base64(keys.secret, "check").empty())
    throw std::invalid_argument("broker " + cfg.broker.name + ": the API secret is PEM text but not an "
                                "unencrypted Ed25519 private key (PKCS#8)");
  a.session.rest.base = *base;
  a.session.rest.api_key = keys.api_key;
  a.session.rest.secret = keys.secret;
  a.session.rest.recv_window_ms = cfg.broker.recv_window_ms;
  a.session.rest.timeout = std::chrono::milliseconds{cfg.broker.timeout_ms};
  a.session.symbols = cfg.market.symbols;
  a.session.tracker.poll_ms = cfg.broker.poll_ms;
  a.session.tracker.fee_rate = cfg.broker.taker_fee_bps / 10'000.0;
  a.session.client_id_prefix = cfg.orders.client_id_prefix;
  a.session.cancel_orphans = cfg.broker.on_unknown_orders == "cancel";
  a.session.halt_on_orphans = cfg.broker.on_unknown_orders == "halt";
  a.session.db = std::move(db);
  a.stream_url = cfg.broker.stream_url;
  a.clients = {"order_manager"};
  return a;
}

api_credentials binance_credentials(const broker_config& cfg) {
  api_credentials c;
  if (!cfg.key_file.empty()) {
    const char* pass = std::getenv("TICKLINE_KEYS_PASSPHRASE");
    if (!pass || !*pass)
      throw std::invalid_argument("broker " + cfg.name + ": key_file " + cfg.key_file +
                                  " needs its passphrase in TICKLINE_KEYS_PASSPHRASE");
    std::string error;
    auto ks = key_store::open(cfg.key_file, pass, error);
    if (!ks)
      throw std::invalid_argument("broker " + cfg.name + ": key_file " + cfg.key_file + ": " + error);
    auto entry = ks->get(cfg.key_name);
    if (!entry)
      throw std::invalid_argument("broker " + cfg.name + ": key_file " + cfg.key_file + " has no entry \"" +
                                  cfg.key_name + "\" (tickline keys list)");
    return *entry;
  }
  const char* key = std::getenv(cfg.api_key_env.c_str());
  const char* secret = std::getenv(cfg.api_secret_env.c_str());
  if (!key || !*key || !secret || !*secret)
    throw std::invalid_argument("broker " + cfg.name + ": set " + cfg.api_key_env + " and " + cfg.api_secret_env +
                                " (or key_file) to the venue's API key and secret");
  c.api_key = key;
  c.secret = secret;
  return c;
}

caf::behavior binance_broker(caf::stateful_actor<binance_broker_actor>* self, binance_broker_args args) {
  auto& st = self->state;
  st.name = args.name;
  args.session.name = args.name;
  st.clients = routes{args.registry, args.clients};
  if (!args.auditor.empty())
    st.auditor = routes{args.registry, {args.auditor}};
  if (!args.risk.empty())
    st.risk = routes{args.registry, {args.risk}};
  self->set_exception_handler(crashed_error);
  const auto rest = args.session.rest;
  st.session = std::make_unique<binance_session>(std::move(args.session));
  try {
    st.session->start(wall_ms());
  } catch (const std::exception& e) {
    spdlog::error("{}: cannot start: {}", args.name, e.what());
    self->quit(make_error(errc::crashed, e.what()));
    return {};
  }
  spdlog::info("{}: connected to {}:{} (clock offset {} ms)", args.name, rest.base.host, rest.base.port,
               st.session->stats().clock_offset_ms);
  if (!args.stream_url.empty()) {
    st.stream_events = std::make_shared<inbox<binance_stream_event>>();
    binance_user_stream_options so;
    so.url = args.stream_url;
    so.api_key = rest.api_key;
    so.secret = rest.secret;
    so.recv_window_ms = rest.recv_window_ms;
    // The session's offset is read on the actor's thread; a copy taken now serves the
    // stream's signatures (a subscription is valid for the whole recvWindow).
    const auto offset = st.session->stats().clock_offset_ms;
    so.now_ms = [offset] { return wall_ms() + offset; };
    caf::weak_actor_ptr weak = self->ctrl();
    auto events = st.stream_events;
    st.stream = std::make_unique<binance_user_stream>(so, [events, weak](binance_stream_event e) {
      if (events->push(std::move(e)))
        if (auto strong = caf::actor_cast<caf::actor>(weak))
          caf::anon_send(strong, frames_atom::value);
    });
  }
  self->set_exit_handler([self](caf::exit_msg& em) {
    self->state.stream.reset();
    self->quit(em.reason);
  });
  self->send(self, slice_atom::value);
  const auto tick = args.tick;
  return {
    [self](const order_request& r) {
      deliver(self, self->state.session->on_order(r, wall_ms()));
      plan_later(self);
    },
    [self](const order_cancel& c) {
      deliver(self, self->state.session->on_cancel(c, wall_ms()));
      plan_later(self);
    },
    [self](flush_atom) {
      self->state.flush_queued = false;
      deliver(self, self->state.session->on_flush(wall_ms()));
    },
    [self](const order_query& q) -> order_status {
      std::vector<broker_event> out;
      auto s = self->state.session->on_query(q, wall_ms(), out);
      deliver(self, std::move(out));
      return s;
    },
    [self](positions_atom) -> caf::result<std::vector<position>> {
      try {
        return self->state.session->positions(wall_ms());
      } catch (const std::exception& e) {
        return make_error(errc::crashed, e.what());
      }
    },
    [self](describe_atom) -> std::string { return self->state.session->describe().dump(-1, ' ', false, invalid_utf8); },
    [self](stats_atom) -> std::int64_t { return static_cast<std::int64_t>(self->mailbox().size()); },
    [self](frames_atom) {
      std::vector<binance_stream_event> events;
      self->state.stream_events->drain(events);
      for (const auto& e : events)
        deliver(self, self->state.session->on_stream(e, wall_ms()));
    },
    [self, tick](slice_atom) {
      auto& st = *self->state.session;
      const auto now = wall_ms();
      deliver(self, st.on_tick(now));
      if (now - st.stats().last_answer_ms >= ping_after_ms)
        st.ping(now);
      beat(self, now);
      self->delayed_send(self, tick, slice_atom::value);
    },
    [](crash_atom) { throw std::runtime_error("chaos: crashed on purpose"); },
  };
}

} // namespace tickline
