#include "tools/bench/bench_ops.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <prometheus/histogram.h>

#include "runtime/counters.hpp"
#include "runtime/net/http_server.hpp"
#include "runtime/metrics.hpp"
#include "runtime/net/ws_client.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

using clock_type = std::chrono::steady_clock;

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

} // namespace

nlohmann::json run_metrics(const metrics_options& o) {
  auto counters = std::make_shared<node_counters>();
  node_metrics m{counters};
  counters->set_figure("equity", 10000);
  counters->set_label("risk_state", "active");
  std::vector<std::string> actors;
  for (int i = 0; i < o.symbols; ++i) {
    auto sym = "SYM" + std::to_string(i);
    m.add_ticks(sym, 1000 + static_cast<std::uint64_t>(i));
    for (const char* kind : {"whale", "pattern", "volatility"})
      m.add_signal(kind, sym);
    actors.push_back("scanner:" + sym);
    for (const char* d : {"whale", "pattern", "volatility"})
      actors.push_back(std::string("detector:") + d + ":" + sym);
  }
  for (auto& a : actors) {
    auto& h = m.handler_latency(a);
    h.Observe(0.00002);
    h.Observe(0.0003);
  }
  // What a scrape of a live node collects: every actor's mailbox and restarts.
  m.add_collector([&actors](node_metrics& x) {
    for (const auto& a : actors) {
      x.set_mailbox(a, 0);
      x.set_restarts(a, 0);
    }
  });
  std::vector<double> ms;
  std::size_t bytes = 0;
  for (int i = 0; i < o.renders; ++i) {
    auto t0 = clock_type::now();
    auto text = m.render();
    ms.push_back(ms_since(t0));
    bytes = text.size();
  }
  auto p = percentiles(ms);
  return {{"bench", "metrics"}, {"symbols", o.symbols}, {"actors", actors.size()},
          {"bytes", bytes}, {"render_ms", p}, {"target_ms", 10},
          {"meets_target", p.value("p50", 1e9) < 10}};
}

nlohmann::json run_ws(const ws_options& o) {
  http_server_options so;
  so.ws_path = "/api/v1/stream";
  so.ws_queue = static_cast<std::size_t>(o.queue);
  so.ws_origin_ok = [](const std::string& origin) { return origin == "http://bench"; };
  http_server server{so, [](http_request, http_reply reply) {
                       reply(http_response::error(404, "bench"));
                     }};
  std::atomic<std::uint64_t> delivered{0};
  std::vector<std::unique_ptr<ws_client>> clients;
  for (int i = 0; i < o.clients; ++i) {
    ws_client_options co;
    co.url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/api/v1/stream";
    co.origin = "http://bench";
    co.backoff_min = co.backoff_max = std::chrono::minutes{1};  // a dropped client stays away
    clients.push_back(std::make_unique<ws_client>(co, [&delivered](ws_client_event e) {
      if (e.what == ws_client_event::kind::text)
        delivered.fetch_add(1, std::memory_order_relaxed);
    }));
  }
  auto deadline = clock_type::now() + std::chrono::seconds{10};
  while (server.ws_clients() < static_cast<std::size_t>(o.clients) && clock_type::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  if (server.ws_clients() < static_cast<std::size_t>(o.clients))
    throw std::runtime_error("ws: only " + std::to_string(server.ws_clients()) + " of "
                             + std::to_string(o.clients) + " clients connected");
  // A signal-sized message (~250 bytes), published in 1 ms steps at the offered rate.
  const std::string body(200, 'x');
  const auto total = static_cast<std::uint64_t>(o.rate * o.seconds);
  const auto start = clock_type::now();
  std::uint64_t sent = 0;
  for (int step = 1; sent < total; ++step) {
    auto due = std::min<std::uint64_t>(total, static_cast<std::uint64_t>(o.rate * step / 1000.0));
    for (; sent < due; ++sent)
      server.publish(R"({"type":"signal","ts_ns":)" + std::to_string(sent) + R"(,"data":")" + body + "\"}");
    std::this_thread::sleep_until(start + std::chrono::milliseconds{step});
  }
  const double publish_s = ms_since(start) / 1000;
  const auto expected = sent * static_cast<std::uint64_t>(o.clients);
  // Until everything arrived, or nothing more arrives (dropped clients' share never will).
  deadline = clock_type::now() + std::chrono::seconds{10};
  auto last_change = clock_type::now();
  std::uint64_t seen = delivered.load();
  auto done_at = clock_type::now();
  while (seen < expected && clock_type::now() < deadline
         && clock_type::now() - last_change < std::chrono::milliseconds{300}) {
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
    if (auto now = delivered.load(); now != seen) {
      seen = now;
      last_change = done_at = clock_type::now();
    }
  }
  const double all_s = std::chrono::duration<double>(done_at - start).count();
  auto got = delivered.load();
  clients.clear();
  return {{"bench", "ws"}, {"clients", o.clients}, {"queue", o.queue}, {"offered_per_s", o.rate},
          {"published", sent}, {"publish_s", publish_s}, {"delivered", got},
          {"expected", expected}, {"delivered_per_s", static_cast<double>(got) / all_s},
          {"per_client_per_s", static_cast<double>(got) / all_s / o.clients},
          {"drain_s", all_s - publish_s}, {"dropped_clients", server.ws_dropped()},
          {"lost", expected - std::min(expected, got)}};
}

} // namespace tickline::bench
