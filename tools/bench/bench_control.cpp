#include "tools/bench/bench_control.hpp"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "storage/store.hpp"
#include "tools/bench/bench_scratch.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using steady = std::chrono::steady_clock;

constexpr std::int64_t start_ns = 1'700'000'000'000'000'000;
constexpr std::int64_t slice_ns = 50'000'000;
const std::string token = "bench-token-0123456789abcdef";

std::uint16_t free_port() {
  net::io_context ioc;
  tcp::acceptor a{ioc, {net::ip::make_address("127.0.0.1"), 0}};
  return a.local_endpoint().port();
}

// Sends slices of simulated time as fast as the actors take them, until `stop`: after
// every 4 slices it waits for the feed and then the risk supervisor to answer, so that
// the backlog stays bounded instead of growing without end.
void replay(caf::actor_system& sys, const topology& graph, std::shared_ptr<sim_clock> clk,
            const std::atomic<bool>& stop) {
  caf::scoped_actor self{sys};
  auto feed = graph.feed(0);
  for (std::int64_t i = 1; !stop.load(); ++i) {
    auto to = start_ns + i * slice_ns;
    clk->set_ns(to);
    self->send(feed, slice_atom::value, to);
    if (i % 4 != 0)
      continue;
    for (const auto& name : {"scanner:SYM0", "risk_supervisor"})
      if (auto h = graph.registry->get(name))
        self->request(h, std::chrono::seconds{10}, stats_atom::value)
          .receive([](std::int64_t) {}, [](const caf::error&) {});
  }
}

} // namespace

nlohmann::json run_control(const control_options& o) {
  spdlog::set_level(spdlog::level::err);
  auto cfg = load_demo_config().config;
  cfg.market.symbols.clear();
  for (int i = 0; i < o.symbols; ++i)
    cfg.market.symbols.push_back("SYM" + std::to_string(i));
  cfg.feeds.resize(1);
  cfg.feeds[0].symbols.clear();
  scratch dir{""};
  auto db = store::open(dir.path + "/db");
  const auto port = free_port();
  auto api = std::make_shared<http_api_options>();
  api->http = cfg.http;
  api->http.listen = "127.0.0.1:" + std::to_string(port);
  api->token = token;
  api->symbols = cfg.market.symbols;
  api->audit = std::make_shared<journal>(db, "audit");

  auto counters = std::make_shared<node_counters>();
  auto clk = std::make_shared<sim_clock>(start_ns);
  node_system_config sys_cfg{o.threads};
  caf::actor_system sys{sys_cfg};
  topology_options topts;
  topts.self_timed_feeds = false;
  topts.orders_journal = std::make_shared<journal>(db, "orders");
  topts.http = api;
  auto graph = topology::start(sys, cfg, clk, counters, topts);
  if (!graph.wait_running(sys, std::chrono::seconds{30}))
    throw std::runtime_error("the actor tree did not start");
  std::atomic<bool> stop{false};
  std::thread driver{[&] { replay(sys, graph, clk, stop); }};

  net::io_context ioc;
  tcp::socket sock{ioc};
  sock.connect({net::ip::make_address("127.0.0.1"), port});
  std::vector<double> all, gets, posts;
  boost::beast::flat_buffer buf;
  const auto ticks_before = counters->ticks.load();
  const auto begin = steady::now();
  for (int i = 0; i < o.requests; ++i) {
    const bool post = i % 2 == 1;
    const std::string target = post ? (i % 4 == 1 ? "/api/v1/control/pause" : "/api/v1/control/resume")
                                    : "/api/v1/status";
    http::request<http::string_body> req{post ? http::verb::post : http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    if (post)
      req.set(http::field::authorization, "Bearer " + token);
    req.keep_alive(true);
    req.prepare_payload();
    http::response<http::string_body> res;
    auto t0 = steady::now();
    http::write(sock, req);
    http::read(sock, buf, res);
    double us = std::chrono::duration<double, std::micro>(steady::now() - t0).count();
    if (res.result_int() != 200)
      throw std::runtime_error(target + " answered " + std::to_string(res.result_int()) + ": " + res.body());
    all.push_back(us);
    (post ? posts : gets).push_back(us);
  }
  const double elapsed = std::chrono::duration<double>(steady::now() - begin).count();
  const auto ticks = counters->ticks.load() - ticks_before;
  stop = true;
  driver.join();
  graph.stop(sys, std::chrono::minutes{1});
  return {{"bench", "control"},
          {"symbols", o.symbols},
          {"threads", resolve_threads(o.threads)},
          {"requests", o.requests},
          {"audited", api->audit->last_seq()},
          {"replayed_ticks_per_s", static_cast<double>(ticks) / elapsed},
          {"latency_us", percentiles(all)},
          {"get_status_us", percentiles(gets)},
          {"post_control_us", percentiles(posts)}};
}

} // namespace tickline::bench
