#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <dirent.h>

#include <nlohmann/json.hpp>

#include "actors/broker/binance_rest.hpp"
#include "http_client.hpp"
#include "process.hpp"
#include "../actors/broker/ed25519_keys.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;

// A real node (`tickline run`, broker kind "binance") trading against a real `tickline
// venue` in another process, both on loopback: the node's market data is the venue's
// trade stream, its orders the venue's REST API, its fills the venue's user data stream.
// The venue's books are the ground truth: every order it holds came from the node once
// (no client id twice), the node's positions equal the venue's balances, live exit
// orders never sell more than is held, and the secret is nowhere the node writes or
// answers. The crash test SIGKILLs the node 20 times while it trades and checks the same
// after every restart's reconciliation.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";
const std::string secret = "venue-node-test-secret-4f9d2c77a1";
const std::string api_key = "venue-node-test-key";

std::string read_text(const std::string& path) {
  std::ifstream in{path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

std::string node_config(std::uint16_t venue_port, std::uint16_t node_port) {
  auto toml = read_text(std::string{TICKLINE_SOURCE_DIR} + "/examples/venue-live.toml");
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto at = toml.find(from); at != std::string::npos; at = toml.find(from, at + to.size()))
      toml.replace(at, from.size(), to);
  };
  replace_all("127.0.0.1:9000", "127.0.0.1:" + std::to_string(venue_port));
  replace_all("127.0.0.1:8081", "127.0.0.1:" + std::to_string(node_port));
  replace_all("./tickline-data/venue-live", "./data");
  // Entries closer together: more of the crash test's kills find orders working.
  replace_all("cooldown_ms = 5000", "cooldown_ms = 1000");
  // Targets further off: positions (and their OCOs) stay open longer, so more of the
  // crash test's kills find exits working at the venue.
  replace_all("take_profit_r = [1, 2]", "take_profit_r = [3, 6]");
  // A random market loses as often as not: no pause for losses in a row, or for the day.
  replace_all("[risk]\n", "[risk]\nmax_consecutive_losses = 0\nmax_daily_loss = 0\nmax_drawdown_pct = 50\n");
  return toml;
}

struct venue_process {
  std::uint16_t port = free_port();
  std::unique_ptr<child> proc;
  binance_endpoint ep;

  explicit venue_process(const std::string& dir, const std::vector<std::string>& more = {}) {
    ::setenv("TICKLINE_VENUE_API_KEY", api_key.c_str(), 1);
    ::setenv("TICKLINE_VENUE_API_SECRET", secret.c_str(), 1);
    std::vector<std::string> args{tickline_bin, "venue", "--listen", "127.0.0.1:" + std::to_string(port), "--symbols",
                                  "BTCUSDT,ETHUSDT", "--balance", "USDT=100000", "--rate", "60", "--seed", "7"};
    args.insert(args.end(), more.begin(), more.end());
    proc = std::make_unique<child>(args, dir);
    REQUIRE(proc->wait_for_stderr("Binance spot API on", 20s));
    ep.base.host = "127.0.0.1";
    ep.base.port = port;
    ep.api_key = api_key;
    ep.secret = secret;
    ep.timeout = 3000ms;
  }

  nlohmann::json get(const std::string& path, std::vector<std::pair<std::string, std::string>> params = {}) {
    auto r = binance_call(ep, "GET", path, std::move(params), true, now_ms());
    INFO(path << ": " << r.status << " " << r.msg);
    REQUIRE(r.outcome == rest_outcome::ok);
    return r.body;
  }

  std::map<std::string, double> base_balances() {
    std::map<std::string, double> out;
    const auto account = get("/api/v3/account");  // kept: the loop walks a part of it
    for (const auto& b : account["balances"])
      out[b["asset"].get<std::string>()] =
        std::stod(b["free"].get<std::string>()) + std::stod(b["locked"].get<std::string>());
    return out;
  }
};

// What the node's portfolio holds, per symbol.
std::map<std::string, double> node_positions(std::uint16_t port) {
  std::map<std::string, double> out;
  auto r = http_call(port, "GET", "/api/v1/positions");
  if (r.status != 200)
    return out;
  for (const auto& p : nlohmann::json::parse(r.body))
    out[p["symbol"].get<std::string>()] = p["qty"].get<double>();
  return out;
}

// Symbols whose strategy holds an open entry with nothing live behind it: no open order
// at the venue, no position at the node. Such a symbol would never trade again.
std::set<std::string> unbacked_entries(venue_process& v, std::uint16_t port) {
  std::set<std::string> out;
  auto r = http_call(port, "GET", "/api/v1/actors/strategy");
  if (r.status != 200)
    return out;
  const auto positions = node_positions(port);
  const auto symbols = nlohmann::json::parse(r.body)["state"]["symbols"];
  for (const auto& [symbol, book] : symbols.items()) {
    if (book["open_intent"].get<std::string>().empty())
      continue;
    const auto held = positions.find(symbol);
    if (held != positions.end() && held->second != 0)
      continue;
    if (v.get("/api/v3/openOrders", {{"symbol", symbol}}).empty())
      out.insert(symbol + " (" + book["open_intent"].get<std::string>() + ")");
  }
  return out;
}

struct venue_books {
  std::size_t trades = 0;
  std::set<std::string> client_ids;   ///< Of every order that traded.
  std::size_t duplicate_ids = 0;      ///< Client ids with two venue orders.
  std::map<std::string, double> live_sells, live_buys;  ///< Open exits per symbol (an OCO once).
  nlohmann::json open = nlohmann::json::array();        ///< Every open order, as the venue says.
};

venue_books read_venue(venue_process& v) {
  venue_books b;
  std::map<std::string, std::set<std::int64_t>> orders_of;
  for (const std::string sym : {"BTCUSDT", "ETHUSDT"}) {
    for (const auto& t : v.get("/api/v3/myTrades", {{"symbol", sym}})) {
      ++b.trades;
      auto o = v.get("/api/v3/order", {{"symbol", sym}, {"orderId", std::to_string(t["orderId"].get<std::int64_t>())}});
      const auto cid = o["clientOrderId"].get<std::string>();
      b.client_ids.insert(cid);
      orders_of[cid].insert(o["orderId"].get<std::int64_t>());
    }
    std::set<std::int64_t> lists;
    for (const auto& o : v.get("/api/v3/openOrders", {{"symbol", sym}})) {
      b.open.push_back(o);
      const auto list = o.value("orderListId", std::int64_t{-1});
      if (list >= 0 && !lists.insert(list).second)
        continue;  // the other half of an OCO holds the same quantity
      const double left = std::stod(o["origQty"].get<std::string>()) - std::stod(o["executedQty"].get<std::string>());
      (o["side"] == "SELL" ? b.live_sells : b.live_buys)[sym] += left;
    }
  }
  for (const auto& [cid, ids] : orders_of)
    if (ids.size() > 1)
      ++b.duplicate_ids;
  return b;
}

// The node and the venue agree once nothing moves: the same reading of the node on both
// sides of one of the venue's.
bool books_agree(venue_process& v, std::uint16_t node_port, std::string& why) {
  for (int attempt = 0; attempt < 40; ++attempt) {
    auto before = node_positions(node_port);
    auto held = v.base_balances();
    auto after = node_positions(node_port);
    if (before != after) {
      std::this_thread::sleep_for(250ms);
      continue;
    }
    why.clear();
    for (const auto& [sym, base] : std::map<std::string, std::string>{{"BTCUSDT", "BTC"}, {"ETHUSDT", "ETH"}}) {
      const double mine = after.count(sym) ? after[sym] : 0.0;
      const double theirs = held.count(base) ? held[base] : 0.0;
      if (std::fabs(mine - theirs) > 1e-6)
        why += sym + ": node " + std::to_string(mine) + ", venue " + std::to_string(theirs) + "; ";
    }
    if (why.empty())
      return true;
    std::this_thread::sleep_for(250ms);
  }
  return false;
}

// No file under `dir`, no output and no API answer holds the secret.
void check_secret_absent(const std::string& dir, const std::vector<std::string>& answers) {
  std::vector<std::string> stack{dir};
  std::size_t files = 0;
  while (!stack.empty()) {
    auto d = stack.back();
    stack.pop_back();
    DIR* h = ::opendir(d.c_str());
    if (!h)
      continue;
    while (auto* e = ::readdir(h)) {
      std::string name = e->d_name;
      if (name == "." || name == "..")
        continue;
      const auto path = d + "/" + name;
      if (e->d_type == DT_DIR) {
        stack.push_back(path);
      } else {
        ++files;
        INFO(path);
        CHECK(read_text(path).find(secret) == std::string::npos);
      }
    }
    ::closedir(h);
  }
  CHECK(files > 3);
  for (const auto& a : answers)
    CHECK(a.find(secret) == std::string::npos);
}

void check_books(venue_process& venue, std::uint16_t node_port) {
  auto books = read_venue(venue);
  CHECK(books.duplicate_ids == 0);
  for (const auto& id : books.client_ids)
    CHECK(id.rfind("tl-", 0) == 0);
  // The open orders and the balances read while nothing moved: the same balances on
  // both sides of one reading of the open orders.
  std::map<std::string, double> held;
  for (int attempt = 0; attempt < 40; ++attempt) {
    held = venue.base_balances();
    books = read_venue(venue);
    if (venue.base_balances() == held)
      break;
    std::this_thread::sleep_for(250ms);
  }
  INFO("open at the venue: " << books.open.dump());
  INFO("account: " << venue.get("/api/v3/account").dump());
  INFO("node orders: " << http_call(node_port, "GET", "/api/v1/orders").body);
  CHECK(books.live_sells["BTCUSDT"] <= held["BTC"] + 1e-9);
  CHECK(books.live_sells["ETHUSDT"] <= held["ETH"] + 1e-9);
  std::string why;
  const bool agree = books_agree(venue, node_port, why);
  INFO(why);
  CHECK(agree);
}

} // namespace

TEST_CASE("tickline venue --faults: a standing fault schedule from a file, or a refusal naming it",
          "[venue-node][faults]") {
  temp_dir dir;
  ::setenv("TICKLINE_VENUE_API_KEY", api_key.c_str(), 1);
  ::setenv("TICKLINE_VENUE_API_SECRET", secret.c_str(), 1);
  const auto bad = dir.write("bad.json", R"({"throttle": 1, "evry_s": 1})");
  auto refused = run({tickline_bin, "venue", "--listen", "127.0.0.1:0", "--faults", bad}, dir.path(), 20s);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("--faults " + bad + ": unknown fault \"evry_s\"") != std::string::npos);
  const auto broken = dir.write("broken.json", "{\"throttle\": ");
  refused = run({tickline_bin, "venue", "--listen", "127.0.0.1:0", "--faults", broken}, dir.path(), 20s);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("--faults " + broken + ": not JSON") != std::string::npos);

  // One request in each second is answered 429 with Retry-After 3, the others as usual.
  const auto schedule = dir.write("faults.json", R"({"throttle": 1, "retry_after_s": 3, "every_s": 1})");
  venue_process venue{dir.path(), {"--faults", schedule}};
  int throttled = 0, ok = 0;
  const auto until = std::chrono::steady_clock::now() + 3500ms;
  while (std::chrono::steady_clock::now() < until) {
    auto r = binance_call(venue.ep, "GET", "/api/v3/ping", {}, false, now_ms());
    if (r.outcome == rest_outcome::throttled) {
      ++throttled;
      CHECK(r.status == 429);
      CHECK(r.retry_after_s == 3);
    } else {
      CHECK(r.outcome == rest_outcome::ok);
      ++ok;
    }
    std::this_thread::sleep_for(50ms);
  }
  INFO("throttled " << throttled << ", ok " << ok);
  CHECK(throttled >= 3);
  CHECK(throttled <= 5);
  CHECK(ok >= 30);
}

TEST_CASE("tickline venue --ed25519-public-key: an Ed25519 account, or a refusal naming the file",
          "[venue-node][ed25519]") {
  temp_dir dir;
  ::setenv("TICKLINE_VENUE_API_KEY", api_key.c_str(), 1);
  const auto keys = test::ed25519_random();
  const auto bad = dir.write("bad.pem", keys.private_key);  // a private key is not a public one
  auto refused = run({tickline_bin, "venue", "--listen", "127.0.0.1:0", "--ed25519-public-key", bad}, dir.path(), 20s);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("--ed25519-public-key " + bad + ": not a PEM Ed25519 public key") != std::string::npos);
  CHECK(refused.err.find("PRIVATE KEY") == std::string::npos);
  venue_process venue{dir.path(), {"--ed25519-public-key", dir.write("key.pub.pem", keys.public_key)}};
  auto ep = venue.ep;
  ep.secret = keys.private_key;
  auto placed = binance_call(ep, "POST", "/api/v3/order",
                             {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "MARKET"}, {"quantity", "1"},
                              {"newClientOrderId", "ed-1"}},
                             true, now_ms());
  INFO(placed.msg);
  CHECK(placed.outcome == rest_outcome::ok);
  // The HMAC secret the other tests use does not sign for this account.
  CHECK(binance_call(venue.ep, "GET", "/api/v3/account", {}, true, now_ms()).code == -1022);
}

TEST_CASE("a node trades against tickline venue: the venue's books and the node's agree", "[venue-node]") {
  temp_dir dir;
  venue_process venue{dir.path()};
  const auto port = free_port();
  dir.write("node.toml", node_config(venue.port, port));
  ::setenv("TICKLINE_BINANCE_API_KEY", api_key.c_str(), 1);
  ::setenv("TICKLINE_BINANCE_API_SECRET", secret.c_str(), 1);
  ::setenv("TICKLINE_API_TOKEN", "venue-node-token", 1);
  // Two resting orders no journal knows: one with this engine's client ids (an orphan,
  // cancelled 30 s after the start) and a person's (left alone).
  for (const std::string id : {"tl-99-1", "manual-1"}) {
    auto r = binance_call(venue.ep, "POST", "/api/v3/order",
                          {{"symbol", "BTCUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
                           {"quantity", "0.1"}, {"price", "50"}, {"newClientOrderId", id}},
                          true, now_ms());
    REQUIRE(r.outcome == rest_outcome::ok);
  }
  child node({tickline_bin, "run", "--config", "node.toml"}, dir.path());
  REQUIRE(node.wait_for_stderr("broker:venue: connected to", 30s));
  // Trades, with exits: at least one take-profit or stop filled at the venue.
  bool exited = false;
  for (int i = 0; i < 120 && !exited; ++i) {
    std::this_thread::sleep_for(1s);
    auto r = http_call(port, "GET", "/api/v1/trades");
    exited = r.status == 200 && nlohmann::json::parse(r.body).size() > 0;
  }
  REQUIRE(exited);
  auto books = read_venue(venue);
  CHECK(books.trades >= 2);
  // Every fault the venue can inject, while the node goes on trading: lost answers to
  // accepted orders, answers later than the node's timeout, throttling, dropped streams.
  const auto trades_before = books.trades;
  for (const auto* fault : {R"({"error_after_accept": 2})", R"({"drop_streams": true})",
                            R"({"delay_after_accept": 2, "delay_ms": 4000})",
                            R"({"throttle": 3, "retry_after_s": 1})", R"({"drop_streams": true})",
                            R"({"delay_reports": 6, "delay_ms": 3000})"}) {
    auto r = http_call(venue.port, "POST", "/venue/faults", fault, {{"X-MBX-APIKEY", api_key}});
    INFO(fault << ": " << r.body);
    CHECK(r.status == 200);
    std::this_thread::sleep_for(6s);
  }
  std::this_thread::sleep_for(5s);  // unknown outcomes asked about and settled
  books = read_venue(venue);
  CHECK(books.trades > trades_before);
  auto broker = nlohmann::json::parse(http_call(port, "GET", "/api/v1/actors/broker:venue").body)["state"];
  INFO(broker.dump());
  CHECK(broker["unknown_outcomes"].get<int>() >= 1);
  CHECK(broker["stream_drops"].get<int>() >= 1);
  CHECK(broker["stream_up"].get<bool>());
  CHECK(broker["unknown_orders"].get<int>() == 0);
  CHECK(broker["orphans_found"] == 1);
  CHECK(broker["orphans_cancelled"] == 1);
  auto status_of = [&](const std::string& id) {
    return venue.get("/api/v3/order", {{"symbol", "BTCUSDT"}, {"origClientOrderId", id}})["status"].get<std::string>();
  };
  CHECK(status_of("tl-99-1") == "CANCELED");
  CHECK(status_of("manual-1") == "NEW");
  // Pause new entries, then the books must agree.
  auto pause = http_call(port, "POST", "/api/v1/control/pause", "",
                         {{"Authorization", "Bearer venue-node-token"}});
  CHECK(pause.status == 200);
  check_books(venue, port);
  std::vector<std::string> answers;
  for (const auto* path : {"/api/v1/actors/broker:venue", "/metrics", "/api/v1/status", "/api/v1/orders"})
    answers.push_back(http_call(port, "GET", path).body);
  CHECK(answers[0].find("\"kind\":\"binance\"") != std::string::npos);
  node.signal(SIGTERM);
  auto done = node.wait(30s);
  CHECK(done.status == 0);
  // Every trade at the venue was the node's own (exit group legs included).
  CHECK(done.err.find("trade(s) of the last day are on journaled orders") != std::string::npos);
  CHECK(done.err.find("no journal holds") == std::string::npos);
  answers.push_back(done.out + done.err);
  check_secret_absent(dir.path(), answers);
}

TEST_CASE("a node SIGKILLed 20 times while trading on tickline venue recovers to the venue's books",
          "[venue-crash]") {
  temp_dir dir;
  venue_process venue{dir.path()};
  const auto port = free_port();
  dir.write("node.toml", node_config(venue.port, port));
  ::setenv("TICKLINE_BINANCE_API_KEY", api_key.c_str(), 1);
  ::setenv("TICKLINE_BINANCE_API_SECRET", secret.c_str(), 1);
  ::setenv("TICKLINE_API_TOKEN", "venue-node-token", 1);
  std::mt19937 rng{20261204};
  std::uniform_int_distribution<int> life_ms{2000, 7000};
  const int kills = 20;
  int mismatches = 0, kills_with_open_orders = 0, freed = 0;
  auto count_freed = [&](const std::string& err) {
    for (auto at = err.find("forgotten: no news of it"); at != std::string::npos;
         at = err.find("forgotten: no news of it", at + 1))
      ++freed;
  };
  for (int k = 0; k < kills; ++k) {
    child node({tickline_bin, "run", "--config", "node.toml"}, dir.path());
    REQUIRE(node.wait_for_stderr("broker:venue: connected to", 30s));
    // The first life is long enough to warm up and trade.
    std::this_thread::sleep_for(k == 0 ? 25s : std::chrono::milliseconds{life_ms(rng)});
    node.signal(SIGKILL);
    // Kills that left orders working at the venue (exits, or an entry in flight).
    if (!venue.get("/api/v3/openOrders").empty())
      ++kills_with_open_orders;
    auto r = node.wait(10s);
    if (r.err.find("the books disagree") != std::string::npos)
      ++mismatches;
    count_freed(r.err);
  }
  // The last life: reconciles, pauses, and the books must agree.
  child node({tickline_bin, "run", "--config", "node.toml"}, dir.path());
  REQUIRE(node.wait_for_stderr("broker:venue: connected to", 30s));
  CHECK(node.wait_for_stderr("the broker's positions match the journal's", 60s));
  // No symbol is left blocked by an entry whose news a kill lost: the strategy asks the
  // order manager about entries 30 s without news, so 45 s on, each open entry has an
  // order or a position behind it (three readings 2 s apart, so that an entry caught
  // between its send and its fill does not count).
  std::this_thread::sleep_for(45s);
  auto blocked = unbacked_entries(venue, port);
  for (int i = 0; i < 2 && !blocked.empty(); ++i) {
    std::this_thread::sleep_for(2s);
    std::set<std::string> still;
    for (const auto& b : unbacked_entries(venue, port))
      if (blocked.count(b))
        still.insert(b);
    blocked = std::move(still);
  }
  CHECK(blocked == std::set<std::string>{});
  auto pause = http_call(port, "POST", "/api/v1/control/pause", "",
                         {{"Authorization", "Bearer venue-node-token"}});
  CHECK(pause.status == 200);
  auto books = read_venue(venue);
  INFO("venue trades " << books.trades);
  CHECK(books.trades >= 4);
  INFO("kills with orders working at the venue: " << kills_with_open_orders);
  CHECK(kills_with_open_orders >= 2);
  check_books(venue, port);
  CHECK(mismatches == 0);
  node.signal(SIGTERM);
  auto last = node.wait(30s);
  CHECK(last.status == 0);
  count_freed(last.err);
  std::cerr << "venue crash test: " << kills_with_open_orders << " of " << kills
            << " kills with orders working at the venue; " << freed
            << " entries freed on the order manager's word\n";
}

TEST_CASE("on_unknown_orders = \"halt\": an orphan at the venue is kept and the node halts, naming it; "
          "a trade no journal holds is named",
          "[venue-node][orphans]") {
  temp_dir dir;
  venue_process venue{dir.path()};
  const auto port = free_port();
  auto toml = node_config(venue.port, port);
  const auto broker_at = toml.find("[broker]\n");
  REQUIRE(broker_at != std::string::npos);
  toml.insert(broker_at + 9, "on_unknown_orders = \"halt\"\n");
  dir.write("node.toml", toml);
  ::setenv("TICKLINE_BINANCE_API_KEY", api_key.c_str(), 1);
  ::setenv("TICKLINE_BINANCE_API_SECRET", secret.c_str(), 1);
  auto r = binance_call(venue.ep, "POST", "/api/v3/order",
                        {{"symbol", "ETHUSDT"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
                         {"quantity", "0.1"}, {"price", "50"}, {"newClientOrderId", "tl-98-7"}},
                        true, now_ms());
  REQUIRE(r.outcome == rest_outcome::ok);
  // And a trade no journal explains: a filled order with this engine's client ids.
  r = binance_call(venue.ep, "POST", "/api/v3/order",
                   {{"symbol", "ETHUSDT"}, {"side", "BUY"}, {"type", "MARKET"}, {"quantity", "0.5"},
                    {"newClientOrderId", "tl-97-3"}},
                   true, now_ms());
  REQUIRE(r.outcome == rest_outcome::ok);
  child node({tickline_bin, "run", "--config", "node.toml"}, dir.path());
  REQUIRE(node.wait_for_stderr("broker:venue: connected to", 30s));
  nlohmann::json risk;
  for (int i = 0; i < 60; ++i) {
    std::this_thread::sleep_for(1s);
    auto answer = http_call(port, "GET", "/api/v1/risk");
    if (answer.status != 200)
      continue;
    risk = nlohmann::json::parse(answer.body);
    if (risk["state"] == "HALTED")
      break;
  }
  INFO(risk.dump());
  REQUIRE(risk["state"] == "HALTED");
  const auto reason = risk["reason"].get<std::string>();
  CHECK(reason.find("broker:venue") != std::string::npos);
  CHECK(reason.find("tl-98-7 (ETHUSDT)") != std::string::npos);
  CHECK(venue.get("/api/v3/order", {{"symbol", "ETHUSDT"}, {"origClientOrderId", "tl-98-7"}})["status"] == "NEW");
  // The venue's trades of the last day were compared with the journal: the one on an
  // order no journal holds is named.
  CHECK(node.wait_for_stderr("trades at the venue on order(s) no journal holds: tl-97-3 (ETHUSDT, 1 trade(s), "
                             "bought 0.500000, sold 0.000000)",
                             15s));
  node.signal(SIGTERM);
  auto done = node.wait(30s);
  CHECK(done.status == 0);
  CHECK(done.err.find("tl-98-7 (ETHUSDT)") != std::string::npos);
}
