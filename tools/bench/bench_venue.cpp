#include "tools/bench/bench_venue.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "actors/venue/venue_server.hpp"
#include "runtime/net/http_client.hpp"
#include "tools/bench/bench_chain.hpp"
#include "tools/bench/bench_scratch.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

const std::string bench_key = "bench-key";
const std::string bench_secret = "bench-secret";

std::vector<std::string> venue_symbols(int n) {
  auto out = names("V", n);
  for (auto& s : out)
    s += "USDT";
  return out;
}

binance_broker_args broker_args(std::uint16_t port, const std::vector<std::string>& symbols) {
  binance_broker_args a;
  a.session.rest.base.host = "127.0.0.1";
  a.session.rest.base.port = port;
  a.session.rest.api_key = bench_key;
  a.session.rest.secret = bench_secret;
  a.session.rest.timeout = std::chrono::milliseconds{5000};
  a.session.symbols = symbols;
  a.stream_url = "ws://127.0.0.1:" + std::to_string(port) + "/ws-api/v3";
  return a;
}

// One signal at a time: from its send to its entry's ack at the probe; then its stop's ack.
nlohmann::json signal_to_ack(chain& c, const std::vector<std::string>& symbols) {
  c.prime(symbols);
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  std::vector<double> us;
  tally t;
  for (const auto& s : symbols) {
    const int before = t.acks;
    const auto start = steady::now();
    c.signal_long({s});
    await(c, t, [&](const tally& x) { return x.acks > before; }, "signal -> ack");
    us.push_back(us_since(start));
    await(c, t, [&](const tally& x) { return x.acks > before + 1; }, "the entry's stop");
  }
  return percentiles(us);
}

// The venue counts orders in fixed 10 s windows of its wall clock, as Binance does. The
// burst starts just after a window opens, so that it fits in one window even on a slow
// (sanitized) build; started anywhere else, a window boundary inside it resets the count.
void await_fresh_order_window() {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::this_thread::sleep_for(milliseconds{10'000 - ms % 10'000 + 20});
}

nlohmann::json burst(chain& c, const std::string& symbol, int n) {
  tally t;
  const auto start = steady::now();
  for (int i = 0; i < n; ++i) {
    order_request r;
    r.client_order_id = "bench-burst-" + std::to_string(i);
    r.symbol = symbol;
    r.sd = side::buy;
    r.type = order_type::limit;
    r.qty = 1;
    r.limit_price = 50;  // rests: far below the market
    c.probe->send(c.get("broker:paper"), r);
  }
  await(c, t, [&](const tally& x) { return x.acks + x.rejects >= n; }, "burst answers");
  const double s = us_since(start) / 1e6;
  return {{"orders", n},
          {"acknowledged", t.acks},
          {"refused_by_budget", t.rejects},
          {"last_refusal", t.last_reject},
          {"seconds", s},
          {"acknowledged_per_s", t.acks / s}};
}

nlohmann::json stream_drops(chain& c, std::uint16_t port, int drops) {
  std::vector<double> ms;
  auto state = [&] {
    std::string view;
    c.probe->request(c.get("broker:paper"), std::chrono::seconds{10}, describe_atom::value)
      .receive([&](const std::string& v) { view = v; }, [](const caf::error&) {});
    return nlohmann::json::parse(view.empty() ? "{}" : view);
  };
  for (int d = 0; d < drops; ++d) {
    const auto before = state().value("stream_drops", 0);
    http_client_request r;
    r.method = "POST";
    r.target = "/venue/faults";
    r.body = R"({"drop_streams": true})";
    r.headers.emplace_back("X-MBX-APIKEY", bench_key);
    const auto start = steady::now();
    http_url base;
    base.host = "127.0.0.1";
    base.port = port;
    http_fetch(base, r, std::chrono::milliseconds{2000});
    for (;;) {
      auto s = state();
      if (s.value("stream_drops", 0) > before && s.value("stream_up", false))
        break;
      if (us_since(start) > 30e6)
        throw std::runtime_error("the user data stream did not come back within 30 s");
      std::this_thread::sleep_for(std::chrono::milliseconds{2});
    }
    ms.push_back(us_since(start) / 1000);
  }
  return percentiles(ms);
}

} // namespace

nlohmann::json run_venue(const venue_bench_options& o) {
  spdlog::set_level(spdlog::level::err);
  scratch dir{o.dir};
  const auto symbols = venue_symbols(o.signals);
  venue_options vo;
  vo.listen = "127.0.0.1:0";
  vo.symbols = symbols;
  vo.balances = {{"USDT", 1e9}};
  vo.credentials = {bench_key, bench_secret};
  vo.trades_per_second = 1;
  venue_server venue{vo};
  auto args = broker_args(venue.port(), symbols);
  nlohmann::json out{{"bench", "venue"}, {"threads", resolve_threads(o.threads)}, {"signals", o.signals}};
  chain c{o.threads, dir.path + "/node", true, &args};
  out["signal_to_ack_us"] = signal_to_ack(c, symbols);
  await_fresh_order_window();
  out["burst"] = burst(c, symbols.front(), o.burst);
  out["stream_drop_to_resubscribed_ms"] = stream_drops(c, venue.port(), o.drops);
  return out;
}

} // namespace tickline::bench
