#include "actors/learning/learning_daemon.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "actors/learning/learning_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<learning_daemon_actor>*;

std::int64_t now_ns(self_ptr self) {
  const auto& clk = self->state.snap.env().clk;
  return clk ? clk->now_ns() : 0;
}

// Journals a change before it takes effect; a failed write stops the change (and says so).
bool journal_change(self_ptr self, const nlohmann::json& record) {
  auto& st = self->state;
  if (!st.changes)
    return true;
  try {
    st.changes->append(record.dump(-1, ' ', false, invalid_utf8));
    return true;
  } catch (const std::exception& e) {
    spdlog::error("learning daemon: the learning journal failed, change not applied: {}",
                  e.what());
    return false;
  }
}

// Sends the current version's thresholds to every pattern detector that has not had them:
// all of them after a new version, and each one that registers later (at a node's start
// the detectors come up after the daemon). Free once every one has them.
void sync_thresholds(self_ptr self) {
  auto& st = self->state;
  const auto& w = st.model.weights;
  if (!st.apply || w.version() == 0 || w.settings().thresholds.empty())
    return;
  if (st.thresholds_version != w.version()) {
    st.thresholds_version = w.version();
    st.thresholds_sent.clear();
  }
  if (st.thresholds_sent.size() >= st.detectors.size())
    return;
  caf::message msg;
  for (auto& h : st.detectors.get()) {
    if (!h || !st.thresholds_sent.insert(h.address()).second)
      continue;
    if (msg.empty())
      msg = caf::make_message(learned_thresholds{
        "pattern", w.thresholds(), w.version(),
        w.history().empty() ? std::string{} : w.history().back().reason, now_ns(self)});
    self->send(h, msg);
  }
}

void send_weights(self_ptr self) {
  auto& st = self->state;
  const auto& w = st.model.weights;
  if (!st.apply || w.version() == 0)
    return;
  learned_weights msg{w.weights(), w.version(),
                      w.history().empty() ? std::string{} : w.history().back().reason,
                      now_ns(self)};
  for (auto& h : st.strategy.get())
    if (h)
      self->send(h, msg);
  sync_thresholds(self);
}

// The version is journaled, then used. When the journal cannot take it the weights are
// frozen: nothing changes that the journal does not show.
bool publish(self_ptr self, const weight_version& v) {
  if (!journal_change(self, version_json(v))) {
    self->state.model.weights.freeze(true);
    return false;
  }
  self->state.model.weights.commit(v);
  spdlog::info("learning daemon: model {} ({}): {}", v.version, v.reason,
               weights_summary(v.weights));
  send_weights(self);
  return true;
}

// The daemon's figures as gauges (tickline_learning_*), when the node has metrics.
void report(self_ptr self) {
  const auto& counters = self->state.snap.env().counters;
  if (!counters)
    return;
  const auto& m = self->state.model;
  // Called on every bar: each gauge is published only when it changed (a lock and a map
  // write each, otherwise a few per cent of a backtest).
  static const std::array<std::string, 4> names{
    {"learning_pending", "learning_outcomes", "learning_model_version", "learning_frozen"}};
  const std::array<double, 4> now{{static_cast<double>(m.stats.pending()),
                                   static_cast<double>(m.stats.recorded()),
                                   static_cast<double>(m.weights.version()),
                                   m.weights.frozen() ? 1.0 : 0.0}};
  auto& last = self->state.reported;
  for (std::size_t i = 0; i < now.size(); ++i)
    if (now[i] != last[i]) {
      counters->set_figure(names[i], now[i]);
      last[i] = now[i];
    }
}

void follow_outcomes(self_ptr self) {
  auto& st = self->state;
  for (const auto& r : st.model.stats.take_recorded()) {
    if (r.horizon != st.feedback_horizon)
      continue;
    if (auto v = st.model.weights.on_outcome(weight_key(r.pooled), r.forward, r.ts_ns))
      publish(self, *v);
  }
}

void on_signals(self_ptr self, const std::vector<signal>& batch) {
  auto& st = self->state;
  for (const auto& s : batch) {
    // Read back from the journal at the start already: not counted twice.
    if (!st.recovered.empty() && st.recovered.erase(st.key(s)) > 0)
      continue;
    if (st.model.cursor_set)
      ++st.model.signal_cursor;
    st.model.stats.on_signal(s);
  }
}

// The signals journaled after the last one the snapshot accounted for.
void recover(self_ptr self, const learning_daemon_args& args) {
  auto& st = self->state;
  if (!args.signals || !args.decode || !args.key)
    return;
  const auto last = args.signals->last_seq();
  if (!st.model.cursor_set || st.model.signal_cursor > last) {
    // A first start (or a journal that was reset): what came before is not ours.
    st.model.cursor_set = true;
    st.model.signal_cursor = last;
    return;
  }
  std::size_t read = 0, bad = 0;
  for (const auto& e : args.signals->read_from(st.model.signal_cursor + 1)) {
    std::string error;
    auto s = args.decode(e.payload, error);
    st.model.signal_cursor = e.seq;
    if (!s) {
      ++bad;
      spdlog::warn("learning daemon: signals journal {}: {}", e.seq, error);
      continue;
    }
    st.recovered.insert(st.key(*s));
    st.model.stats.on_signal(*s);
    ++read;
  }
  st.model.signal_cursor = std::max(st.model.signal_cursor, last);
  if (read > 0 || bad > 0)
    spdlog::info("learning daemon: read back {} signals from the journal ({} unreadable)",
                 read, bad);
}

} // namespace

caf::behavior learning_daemon(caf::stateful_actor<learning_daemon_actor>* self,
                              learning_daemon_args args) {
  auto& st = self->state;
  st.model.stats = learning_state{args.settings};
  st.model.weights = weight_learner{args.weights};
  st.apply = args.apply;
  st.feedback_horizon = args.feedback_horizon;
  st.key = args.key;
  st.changes = args.changes;
  st.strategy = routes{args.env.registry, {args.strategy}};
  st.detectors = routes{args.env.registry, args.pattern_detectors};
  st.snap = snapshotter{args.name, "learning_model", args.env};
  if (!st.snap.restore(st.model) && args.start)
    st.model = *args.start;
  // Settings come from the config, the learned figures from the snapshot.
  st.model.weights.configure(args.weights);
  recover(self, args);
  send_weights(self);  // a strategy restored from an older snapshot catches up
  install_worker_exit(self);
  caf::message_handler own{
    [self](const std::vector<signal>& batch) {
      on_signals(self, batch);
      self->state.snap.after_message(self->state.model);
    },
    [self](const std::vector<bar>& bars) {
      for (const auto& b : bars)
        self->state.model.stats.on_bar(b);
      follow_outcomes(self);
      sync_thresholds(self);
      report(self);
      self->state.snap.after_message(self->state.model);
    },
    [self](const closed_trade& t) {
      self->state.model.stats.on_trade(t);
      self->state.snap.after_message(self->state.model);
    },
    // The portfolio's account reports: nothing to learn from them.
    [](const account_update&) {},
    [self](freeze_atom, bool frozen, const std::string& who) -> std::string {
      auto& st = self->state;
      if (!journal_change(self, nlohmann::json{{"type", frozen ? "freeze" : "unfreeze"},
                                                {"ts_ns", now_ns(self)},
                                                {"by", who},
                                                {"version", st.model.weights.version()}}))
        return "the learning journal failed";
      st.model.weights.freeze(frozen);
      report(self);
      spdlog::warn("learning daemon: weights {} by {}", frozen ? "frozen" : "unfrozen", who);
      st.snap.save(st.model);
      return {};
    },
    [self](rollback_atom, std::uint64_t version, const std::string& who) -> std::string {
      auto& st = self->state;
      std::string error;
      auto v = st.model.weights.rollback(version, now_ns(self), who, error);
      if (!v)
        return error;
      if (!publish(self, *v))
        return "the learning journal failed; weights frozen";
      st.snap.save(st.model);
      return {};
    },
    [self](query_atom, std::uint64_t) -> std::string {
      auto& st = self->state;
      return api_view_json(st.model, st.apply ? "apply" : "observe", st.feedback_horizon);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
