#include "runtime/metrics.hpp"

#include <array>
#include <utility>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "runtime/counters.hpp"
#include "runtime/prometheus_text.hpp"

namespace tickline {

namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// The risk states, as the risk supervisor's label spells them (to_string(trading_state)).
constexpr std::array<const char*, 4> risk_states{"active", "reducing", "paused", "halted"};

// The trading figures the portfolio and the order manager set, each its own gauge.
constexpr std::array<std::pair<const char*, const char*>, 12> figure_gauges{{
  {"equity", "Account equity: cash plus open positions at their last price."},
  {"pnl", "Profit and loss, realized plus unrealized."},
  {"realized_pnl", "Realized profit and loss."},
  {"cash", "Cash balance of the account."},
  {"fees", "Fees paid so far."},
  {"max_drawdown_pct", "Largest peak-to-trough fall of equity, in percent."},
  {"open_positions", "Symbols with an open position."},
  {"open_orders", "Orders that can still fill."},
  {"learning_pending", "Signals the learning daemon follows to their outcome."},
  {"learning_outcomes", "Signal outcomes the learning daemon has recorded."},
  {"learning_model_version", "The learning daemon's current weight version."},
  {"learning_frozen", "1 while the learning daemon's weights are frozen."},
}};

const std::vector<double>& write_buckets() {
  static const std::vector<double> b{0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                     0.05, 0.1, 0.25, 1.0};
  return b;
}

// Raises a counter to `value` (counters only go up; a lower value is ignored).
void mirror(prometheus::Counter& c, double value) {
  auto delta = value - c.Value();
  if (delta > 0)
    c.Increment(delta);
}

} // namespace

const std::vector<double>& handler_latency_buckets() {
  static const std::vector<double> b{0.000001, 0.00001, 0.0001, 0.001, 0.01, 0.1, 1.0};
  return b;
}

node_metrics::node_metrics(const std::shared_ptr<const node_counters>& counters)
  : counters_(counters), registry_(std::make_shared<prometheus::Registry>()) {
  auto& r = *registry_;
  ticks_ = &BuildCounter().Name("tickline_ticks_total")
              .Help("Market events (trades) received, by symbol.").Register(r);
  signals_ = &BuildCounter().Name("tickline_signals_total")
                .Help("Signals emitted by the detectors, by kind and symbol.").Register(r);
  orders_ = &BuildCounter().Name("tickline_orders_total")
               .Help("Orders sent to the broker, by symbol.").Register(r);
  fills_ = &BuildCounter().Name("tickline_fills_total")
              .Help("Fills booked, by symbol.").Register(r);
  rejects_ = &BuildCounter().Name("tickline_rejects_total")
                .Help("Orders rejected by the broker, by symbol.").Register(r);
  connection_ = &BuildGauge().Name("tickline_connection_up")
                   .Help("1 while a feed or broker is connected, 0 while it is not.").Register(r);
  latency_ = &BuildHistogram().Name("tickline_handler_latency_seconds")
                .Help("Time an actor spent handling one message, by actor.").Register(r);
  snapshot_write_ = &BuildHistogram().Name("tickline_snapshot_write_seconds")
                       .Help("Time of one snapshot write to RocksDB (one actor or one batch).")
                       .Register(r);
  journal_append_ = &BuildHistogram().Name("tickline_journal_append_seconds")
                       .Help("Time of one synced journal append, by journal.").Register(r);
  mailbox_ = &BuildGauge().Name("tickline_mailbox_size")
                .Help("Messages waiting in an actor's mailbox at scrape time; -1 = no answer.")
                .Register(r);
  actor_restarts_ = &BuildGauge().Name("tickline_actor_restarts")
                       .Help("Times the supervision tree restarted an actor.").Register(r);
  risk_state_ = &BuildGauge().Name("tickline_risk_state")
                   .Help("1 for the risk supervisor's current trading state, 0 for the others.")
                   .Register(r);
  snapshot_hist_ = &snapshot_write_->Add({}, write_buckets());
  auto total = [&](const char* name, const char* help, const std::atomic<std::uint64_t>* src) {
    auto& c = BuildCounter().Name(name).Help(help).Register(r).Add({});
    mirrors_.emplace_back(src, &c);
  };
  if (counters) {
    const auto& c = *counters;
    total("tickline_bars_total", "Bars closed by the scanners.", &c.bars);
    total("tickline_restarts_total", "Actor restarts by their supervisors.", &c.restarts);
    total("tickline_escalations_total", "Failures a supervisor passed up the tree.", &c.escalations);
    total("tickline_snapshots_total", "Snapshots written.", &c.snapshots);
    total("tickline_snapshots_restored_total", "Snapshots restored at actor start.",
          &c.snapshots_restored);
    total("tickline_errors_total", "Errors counted by the node.", &c.errors);
    for (const auto& [name, help] : figure_gauges)
      figures_.emplace_back(name, &BuildGauge().Name(std::string("tickline_") + name)
                                     .Help(help).Register(r).Add({}));
    for (const auto* s : risk_states)
      risk_state_->Add({{"state", s}});
  }
}

node_metrics::~node_metrics() = default;

void node_metrics::add_ticks(const std::string& symbol, std::uint64_t n) {
  ticks_->Add({{"symbol", symbol}}).Increment(static_cast<double>(n));
}

void node_metrics::add_signal(const std::string& kind, const std::string& symbol) {
  signals_->Add({{"kind", kind}, {"symbol", symbol}}).Increment();
}

void node_metrics::add_order(const std::string& symbol) { orders_->Add({{"symbol", symbol}}).Increment(); }
void node_metrics::add_fill(const std::string& symbol) { fills_->Add({{"symbol", symbol}}).Increment(); }
void node_metrics::add_reject(const std::string& symbol) { rejects_->Add({{"symbol", symbol}}).Increment(); }

void node_metrics::set_connection(const std::string& source, bool connected) {
  connection_->Add({{"source", source}}).Set(connected ? 1 : 0);
}

std::string latency_kind(const std::string& actor) {
  // One series per kind, not per actor: 1,000 symbols would otherwise be 4,000 histograms
  // of 9 series each, a page of megabytes on every scrape.
  for (const char* per_symbol : {"scanner:", "detector:"}) {
    const std::string p{per_symbol};
    if (actor.compare(0, p.size(), p) == 0) {
      const auto last = actor.rfind(':');
      return last >= p.size() ? actor.substr(0, last) : p.substr(0, p.size() - 1);
    }
  }
  return actor;
}

prometheus::Histogram& node_metrics::handler_latency(const std::string& actor) {
  return latency_->Add({{"kind", latency_kind(actor)}}, handler_latency_buckets());
}

void node_metrics::observe_snapshot_write(double seconds) { snapshot_hist_->Observe(seconds); }

void node_metrics::observe_journal_append(const std::string& name, double seconds) {
  journal_append_->Add({{"journal", name}}, write_buckets()).Observe(seconds);
}

prometheus::Gauge& node_metrics::actor_gauge(prometheus::Family<prometheus::Gauge>& family,
                                             const std::string& actor) {
  std::lock_guard<std::mutex> guard{actor_gauges_mtx_};
  auto [it, added] = actor_gauges_.try_emplace({&family, actor}, nullptr);
  if (added)
    it->second = &family.Add({{"actor", actor}});
  return *it->second;
}

void node_metrics::set_mailbox(const std::string& actor, double size) {
  actor_gauge(*mailbox_, actor).Set(size);
}

void node_metrics::set_restarts(const std::string& actor, double restarts) {
  actor_gauge(*actor_restarts_, actor).Set(restarts);
}

void node_metrics::add_collector(std::function<void(node_metrics&)> collect) {
  std::lock_guard<std::mutex> guard{collectors_mtx_};
  collectors_.push_back(std::move(collect));
}

void node_metrics::collect_counters() {
  auto counters = counters_.lock();
  if (!counters)
    return;
  for (auto& [src, c] : mirrors_)
    mirror(*c, static_cast<double>(src->load(std::memory_order_relaxed)));
  auto figures = counters->figures();
  for (auto& [name, g] : figures_) {
    auto i = figures.find(name);
    g->Set(i == figures.end() ? 0 : i->second);
  }
  auto labels = counters->labels();
  auto state = labels.find("risk_state");
  for (const auto* s : risk_states)
    risk_state_->Add({{"state", s}}).Set(state != labels.end() && state->second == s ? 1 : 0);
}

std::string node_metrics::render() {
  std::lock_guard<std::mutex> guard{render_mtx_};
  std::vector<std::function<void(node_metrics&)>> collectors;
  {
    std::lock_guard<std::mutex> g{collectors_mtx_};
    collectors = collectors_;
  }
  for (auto& c : collectors)
    c(*this);
  collect_counters();
  auto text = prometheus_text(registry_->Collect(), last_render_size_ + last_render_size_ / 8);
  last_render_size_ = text.size();
  return text;
}

std::function<std::string()> node_metrics::text() {
  return [this] { return render(); };
}

} // namespace tickline
