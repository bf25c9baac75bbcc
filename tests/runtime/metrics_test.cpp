#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include <prometheus/histogram.h>

#include "runtime/counters.hpp"
#include "runtime/metrics.hpp"

using namespace tickline;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

} // namespace

TEST_CASE("pushed metrics render with their labels and summed values", "[metrics]") {
  node_metrics m;
  m.add_ticks("BTCUSDT", 5);
  m.add_ticks("BTCUSDT", 7);  // 5 + 7
  m.add_ticks("ETHUSDT", 1);
  m.add_signal("whale", "BTCUSDT");
  m.add_signal("whale", "BTCUSDT");
  m.add_signal("pattern", "ETHUSDT");
  m.add_order("BTCUSDT");
  m.add_fill("BTCUSDT");
  m.add_reject("ETHUSDT");
  m.set_connection("feed:syn", true);
  m.set_connection("feed:ws", false);
  auto text = m.render();
  CHECK(has_line(text, R"(tickline_ticks_total{symbol="BTCUSDT"} 12)"));
  CHECK(has_line(text, R"(tickline_ticks_total{symbol="ETHUSDT"} 1)"));
  CHECK(has_line(text, R"(tickline_signals_total{kind="whale",symbol="BTCUSDT"} 2)"));
  CHECK(has_line(text, R"(tickline_signals_total{kind="pattern",symbol="ETHUSDT"} 1)"));
  CHECK(has_line(text, R"(tickline_orders_total{symbol="BTCUSDT"} 1)"));
  CHECK(has_line(text, R"(tickline_fills_total{symbol="BTCUSDT"} 1)"));
  CHECK(has_line(text, R"(tickline_rejects_total{symbol="ETHUSDT"} 1)"));
  CHECK(has_line(text, R"(tickline_connection_up{source="feed:syn"} 1)"));
  CHECK(has_line(text, R"(tickline_connection_up{source="feed:ws"} 0)"));
  CHECK(text.find("# TYPE tickline_ticks_total counter") != std::string::npos);
}

TEST_CASE("handler latency lands in the bucket of its duration", "[metrics]") {
  node_metrics m;
  auto& h = m.handler_latency("scanner:AAA");
  CHECK(&h == &m.handler_latency("scanner:BBB"));  // one histogram per kind
  CHECK(latency_kind("detector:whale:AAA") == "detector:whale");
  CHECK(latency_kind("risk_supervisor") == "risk_supervisor");
  CHECK(latency_kind("scanner:") == "scanner");
  h.Observe(0.0000005);  // 0.5 µs: every bucket from 1 µs up
  h.Observe(0.00005);    // 50 µs: from 100 µs up
  h.Observe(2.0);        // over 1 s: +Inf only
  m.observe_snapshot_write(0.002);
  m.observe_journal_append("orders", 0.0003);
  auto text = m.render();
  CHECK(has_line(text, R"(tickline_handler_latency_seconds_count{kind="scanner"} 3)"));
  CHECK(has_line(text, R"(tickline_handler_latency_seconds_bucket{kind="scanner",le="1e-06"} 1)"));
  CHECK(has_line(text, R"(tickline_handler_latency_seconds_bucket{kind="scanner",le="1e-05"} 1)"));
  CHECK(has_line(text, R"(tickline_handler_latency_seconds_bucket{kind="scanner",le="0.0001"} 2)"));
  CHECK(has_line(text, R"(tickline_handler_latency_seconds_bucket{kind="scanner",le="1"} 2)"));
  CHECK(has_line(text, R"(tickline_handler_latency_seconds_bucket{kind="scanner",le="+Inf"} 3)"));
  CHECK(has_line(text, R"(tickline_snapshot_write_seconds_count 1)"));
  CHECK(has_line(text, R"(tickline_journal_append_seconds_count{journal="orders"} 1)"));
  // 0.3 ms is over the 0.1 ms bucket and within the 0.5 ms one.
  CHECK(has_line(text, R"(tickline_journal_append_seconds_bucket{journal="orders",le="0.0001"} 0)"));
  CHECK(has_line(text, R"(tickline_journal_append_seconds_bucket{journal="orders",le="0.0005"} 1)"));
}

TEST_CASE("node counters, figures and the risk state are collected at render", "[metrics]") {
  auto c = std::make_shared<node_counters>();
  node_metrics m{c};
  node_counters::add(c->restarts, 3);
  node_counters::add(c->escalations);
  c->set_figure("equity", 10250.5);
  c->set_figure("pnl", 250.5);
  c->set_label("risk_state", "paused");
  auto text = m.render();
  CHECK(has_line(text, "tickline_restarts_total 3"));
  CHECK(has_line(text, "tickline_escalations_total 1"));
  CHECK(has_line(text, "tickline_equity 10250.5"));
  CHECK(has_line(text, "tickline_pnl 250.5"));
  CHECK(has_line(text, R"(tickline_risk_state{state="paused"} 1)"));
  CHECK(has_line(text, R"(tickline_risk_state{state="active"} 0)"));
  // Counters follow the node's totals, never go down.
  node_counters::add(c->restarts, 2);
  c->set_label("risk_state", "halted");
  text = m.render();
  CHECK(has_line(text, "tickline_restarts_total 5"));
  CHECK(has_line(text, R"(tickline_risk_state{state="paused"} 0)"));
  CHECK(has_line(text, R"(tickline_risk_state{state="halted"} 1)"));
}

TEST_CASE("collectors run at each render and set mailboxes and restarts", "[metrics]") {
  node_metrics m;
  int runs = 0;
  m.add_collector([&runs](node_metrics& x) {
    ++runs;
    x.set_mailbox("scanner:AAA", 4 * runs);
    x.set_restarts("scanner:AAA", 1);
  });
  auto text = m.text()();
  CHECK(runs == 1);
  CHECK(has_line(text, R"(tickline_mailbox_size{actor="scanner:AAA"} 4)"));
  CHECK(has_line(text, R"(tickline_actor_restarts{actor="scanner:AAA"} 1)"));
  text = m.render();
  CHECK(runs == 2);
  CHECK(has_line(text, R"(tickline_mailbox_size{actor="scanner:AAA"} 8)"));
}
