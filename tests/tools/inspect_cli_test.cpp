#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "actors/trading/portfolio/portfolio_state.hpp"
#include "http_client.hpp"
#include "process.hpp"
#include "runtime/net/http_server.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "../actors/snapshot.hpp"

using namespace tickline;
using namespace tickline::test;
using namespace std::chrono_literals;
using nlohmann::json;

// End to end: tickline-inspect against a stopped node's data directory (written by a real
// `tickline run`, or by hand for the broken cases) and against an HTTP server serving the
// #7 JSON API contract (the node's own API is built separately).

namespace {

const std::string inspect_bin = std::string{TICKLINE_BIN_DIR} + "/tickline-inspect";
const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

// Every file under `dir` with its bytes: equal maps mean nothing was changed.
std::map<std::string, std::string> contents(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out[e.path().string()] = read_file(e.path().string());
  return out;
}

process_result inspect(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> all{inspect_bin};
  all.insert(all.end(), args.begin(), args.end());
  return run(all, cwd, 60s);
}

// The demo config, keeping its state in `data` under the working directory.
std::string node_config() {
  auto text = read_file(std::string(TICKLINE_SOURCE_DIR) + "/examples/demo.toml");
  const std::string from = "data_dir = \"./tickline-data\"";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "data_dir = \"data\"");
  const std::string listen = "listen = \"127.0.0.1:8080\"";
  if (auto at = text.find(listen); at != std::string::npos)
    text.replace(at, listen.size(), "listen = \"127.0.0.1:" + std::to_string(free_port()) + "\"");
  return text;
}

} // namespace

TEST_CASE("inspect reads a stopped node's data directory without changing it", "[cli][inspect]") {
  temp_dir dir;
  dir.write("node.toml", node_config());
  auto node = run({tickline_bin, "run", "--config", "node.toml", "--for", "3s"}, dir.path(), 120s);
  INFO(node.err);
  REQUIRE(node.status == 0);
  const auto before = contents(dir.path() + "/data");
  REQUIRE_FALSE(before.empty());

  auto snaps = inspect({"snapshots", "--data-dir", "data", "--json"}, dir.path());
  INFO(snaps.err);
  REQUIRE(snaps.status == 0);
  auto listed = json::parse(snaps.out);

  auto table = inspect({"snapshots", "--data-dir", "data"}, dir.path());
  REQUIRE(table.status == 0);
  CHECK(table.out.rfind("ACTOR", 0) == 0);
  CHECK(table.out.find(std::to_string(listed.size()) + " snapshot(s)") != std::string::npos);

  auto shown = inspect({"show", "portfolio", "--data-dir", "data", "--json"}, dir.path());
  INFO(shown.err);
  REQUIRE(shown.status == 0);
  auto portfolio = json::parse(shown.out);

  auto signals = inspect({"journal", "--name", "signals", "--data-dir", "data", "--json"}, dir.path());
  REQUIRE(signals.status == 0);
  auto since = inspect({"journal", "--name", "signals", "--since", "3", "--data-dir", "data", "--json"},
                       dir.path());
  REQUIRE(since.status == 0);
  auto verified = inspect({"verify", "--data-dir", "data"}, dir.path());
  INFO(verified.out);
  CHECK(verified.status == 0);
  CHECK(verified.out.rfind("ok: ", 0) == 0);

  // Not a byte changed by any of the above.
  CHECK(contents(dir.path() + "/data") == before);

  // The same facts read here with the storage classes directly.
  auto db = store::open(dir.path() + "/data/db", true);
  const auto stored = snapshot_store{db}.list();
  REQUIRE(listed.size() == stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    INFO(stored[i].record->name);
    CHECK(listed[i]["actor"] == stored[i].record->name);
    CHECK(listed[i]["seq"] == stored[i].record->seq);
    CHECK(listed[i]["size"] == stored[i].record->payload.size());
    CHECK(listed[i]["type"] == stored[i].record->type);
  }
  auto rec = snapshot_store{db}.get("portfolio").record;
  REQUIRE(rec);
  portfolio_state book;
  load_state(rec->payload, book);
  CHECK(portfolio["type"] == "portfolio_state");
  CHECK(portfolio["seq"] == rec->seq);
  CHECK(portfolio["state"]["cash"].get<double>() == book.cash());
  CHECK(portfolio["state"]["equity"].get<double>() == book.equity());
  CHECK(portfolio["state"]["holdings"].size() == book.holdings().size());

  journal sj{db, "signals"};
  const auto last = sj.last_seq();
  REQUIRE(last >= 3);  // three seconds of the demo market raise signals
  auto all = json::parse(signals.out);
  REQUIRE(all.size() == last);
  CHECK(all[0]["seq"] == 1);
  CHECK(all[0]["journal"] == "signals");
  CHECK(all[0]["entry"] == json::parse(sj.read_from(1, 1).at(0).payload));
  CHECK(json::parse(since.out).size() == last - 2);  // 3..last
}

TEST_CASE("inspect verify lists a corrupt snapshot and a journal gap", "[cli][inspect]") {
  temp_dir dir;
  std::filesystem::create_directories(dir.path() + "/data");
  {
    auto db = store::open(dir.path() + "/data/db");
    snapshot_record good;
    good.name = "portfolio";
    good.seq = 4;
    good.type = "portfolio_state";
    good.version = 2;
    good.payload = save_state(portfolio_state{5000});
    auto bad = good;
    bad.name = "risk_supervisor";
    bad.type = "risk_state";
    bad.version = 1;
    bad.payload = "\x01garbage";
    snapshot_store{db}.put_all({good, bad});
    journal orders{db, "orders"};
    orders.append("{\"n\":1}");
    orders.append("{\"n\":2}");
    // Entry 5 written past 3 and 4, as a damaged database might hold it.
    store::batch b;
    b.put(column::journal, std::string("orders") + '\0' + std::string("\0\0\0\0\0\0\0\x05", 8), "{}");
    db->write(b, true);
  }
  auto r = inspect({"verify", "--data-dir", "data"}, dir.path());
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("PROBLEM snapshot risk_supervisor: risk_state does not decode") != std::string::npos);
  CHECK(r.out.find("PROBLEM journal orders: gap, sequence 3..4 missing before 5") != std::string::npos);
  // Entry 5 came without its link: the chain breaks there.
  CHECK(r.out.find("PROBLEM journal orders: entry 5: its link is missing") != std::string::npos);
  CHECK(r.out.find("PROBLEM snapshot portfolio") == std::string::npos);
  // The journal's records are no order records: the books check says so too.
  CHECK(r.out.find("PROBLEM books: orders journal 1: does not apply") != std::string::npos);
  CHECK(r.out.find("FAILED: 2 snapshot(s), 1 journal(s), ") != std::string::npos);

  auto good = inspect({"show", "portfolio", "--data-dir", "data", "--json"}, dir.path());
  REQUIRE(good.status == 0);
  CHECK(json::parse(good.out)["state"]["cash"] == 5000);
  auto bad = inspect({"show", "risk_supervisor", "--data-dir", "data"}, dir.path());
  CHECK(bad.status == 1);
  CHECK(bad.err.find("risk_state does not decode") != std::string::npos);
  auto unknown = inspect({"show", "nobody", "--data-dir", "data"}, dir.path());
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("no snapshot of \"nobody\"") != std::string::npos);
}

TEST_CASE("inspect verify finds an order record changed after it was written", "[cli][inspect][chain]") {
  temp_dir dir;
  std::filesystem::create_directories(dir.path() + "/data");
  {
    auto db = store::open(dir.path() + "/data/db");
    journal orders{db, "orders"};
    for (int i = 1; i <= 4; ++i)
      orders.append("{\"n\":" + std::to_string(i) + "}");
  }
  auto clean = inspect({"verify", "--data-dir", "data", "--json"}, dir.path());
  INFO(clean.out);
  const auto j = json::parse(clean.out);
  CHECK(j["journals"]["orders"]["chained"] == 4);
  CHECK(j["journals"]["orders"]["broken_at"] == 0);
  {
    auto db = store::open(dir.path() + "/data/db");
    store::batch b;
    b.put(column::journal, std::string("orders") + '\0' + std::string("\0\0\0\0\0\0\0\x03", 8), "{\"n\":30}");
    db->write(b, true);
  }
  auto r = inspect({"verify", "--data-dir", "data"}, dir.path());
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("PROBLEM journal orders: entry 3: its link does not match its content and the entry before "
                   "it (changed after it was written?)") != std::string::npos);
}

TEST_CASE("inspect refuses bad usage and unreadable directories with status 2", "[cli][inspect]") {
  temp_dir dir;
  CHECK(inspect({}, dir.path()).status == 2);
  CHECK(inspect({"snapshots"}, dir.path()).status == 2);  // --data-dir is required
  CHECK(inspect({"journal", "--data-dir", ".", "--name", "fills"}, dir.path()).status == 2);
  auto missing = inspect({"snapshots", "--data-dir", "nowhere"}, dir.path());
  CHECK(missing.status == 2);
  CHECK(missing.err.find("no tickline database in nowhere (expected nowhere/db)") != std::string::npos);
  CHECK(inspect({"control", "explode"}, dir.path()).status == 2);
}

namespace {

// Serves the #7 API contract's shapes; control needs the token "s3cret".
http_response contract(const http_request& req) {
  const auto path = req.path();
  if (path.rfind("/broken/", 0) == 0)
    return {200, "text/html", "<html>not json</html>", {}};
  if (path == "/api/v1/tree")
    return {200, "application/json", json::array({
      {{"name", "root"}, {"kind", "supervisor"}, {"parent", ""}, {"strategy", "one_for_one"},
       {"status", "running"}, {"restarts", 0}, {"snapshot_seq", 0}, {"snapshot_ts_ns", 0}, {"mailbox", 0}},
      {{"name", "market"}, {"kind", "supervisor"}, {"parent", "root"}, {"strategy", "one_for_one"},
       {"status", "running"}, {"restarts", 1}, {"snapshot_seq", 0}, {"snapshot_ts_ns", 0}, {"mailbox", 2}},
      {{"name", "scanner:BTCUSDT"}, {"kind", "scanner"}, {"parent", "market"}, {"strategy", ""},
       {"status", "running"}, {"restarts", 3}, {"snapshot_seq", 17}, {"snapshot_ts_ns", 1}, {"mailbox", 40}},
    }).dump(), {}};
  if (path == "/api/v1/positions")
    return {200, "application/json", json::array({
      {{"symbol", "BTCUSDT"}, {"qty", 0.5}, {"avg_price", 60000}, {"last_price", 60100.25},
       {"unrealized_pnl", 50.125}, {"realized_pnl", -3}}}).dump(), {}};
  if (path == "/api/v1/actors/portfolio")
    return {200, "application/json", json{{"cash", 1000.5}}.dump(), {}};
  if (path.rfind("/api/v1/actors/", 0) == 0)
    return http_response::error(404, "no actor named " + path.substr(15));
  if (path.rfind("/api/v1/control/", 0) == 0) {
    if (req.method != "POST")
      return http_response::error(405, "use POST");
    if (req.header("authorization") != "Bearer s3cret") {
      auto r = http_response::error(401, "missing or wrong bearer token");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
    return {200, "application/json",
            json{{"ok", true}, {"action", path.substr(16)}, {"risk_state", "PAUSED"}}.dump(), {}};
  }
  return http_response::error(404, "unknown path");
}

} // namespace

TEST_CASE("inspect renders the node's API as tables and JSON", "[cli][inspect][online]") {
  http_server server{http_server_options{}, [](http_request req, http_reply reply) {
                       reply(contract(req));
                     }};
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  temp_dir dir;
  auto tree = inspect({"tree", "--url", url}, dir.path());
  INFO(tree.err);
  REQUIRE(tree.status == 0);
  // Children indented two spaces per level; numeric columns right-aligned (a Python
  // rendering of the same rows gave these lines).
  CHECK(tree.out == "NAME                 KIND        STATUS   RESTARTS  MAILBOX  SNAPSHOT\n"
                    "root                 supervisor  running         0        0         0\n"
                    "  market             supervisor  running         1        2         0\n"
                    "    scanner:BTCUSDT  scanner     running         3       40        17\n");

  auto restarts = inspect({"restarts", "--url", url}, dir.path());
  REQUIRE(restarts.status == 0);
  CHECK(restarts.out == "NAME             KIND        STATUS   RESTARTS\n"
                        "scanner:BTCUSDT  scanner     running         3\n"
                        "market           supervisor  running         1\n");
  auto mailboxes = inspect({"mailboxes", "--url", url, "--json"}, dir.path());
  REQUIRE(mailboxes.status == 0);
  auto mj = json::parse(mailboxes.out);
  REQUIRE(mj.size() == 3);
  CHECK(mj[0]["name"] == "scanner:BTCUSDT");
  CHECK(mj[2]["mailbox"] == 0);

  auto positions = inspect({"positions", "--url", url}, dir.path());
  REQUIRE(positions.status == 0);
  CHECK(positions.out == "SYMBOL   QTY  AVG PRICE      LAST  UNREALIZED  REALIZED\n"
                         "BTCUSDT  0.5      60000  60100.25      50.125        -3\n");
  auto actor = inspect({"actor", "portfolio", "--url", url, "--json"}, dir.path());
  REQUIRE(actor.status == 0);
  CHECK(json::parse(actor.out)["cash"] == 1000.5);
  auto nobody = inspect({"actor", "nobody", "--url", url}, dir.path());
  CHECK(nobody.status == 1);
  CHECK(nobody.err.find("refused with 404: no actor named nobody") != std::string::npos);

  auto no_token = inspect({"control", "pause", "--url", url}, dir.path());
  CHECK(no_token.status == 1);
  CHECK(no_token.err.find("refused with 401: missing or wrong bearer token (give --token or set "
                          "TICKLINE_API_TOKEN)") != std::string::npos);
  auto wrong = inspect({"control", "halt", "--url", url, "--token", "guess"}, dir.path());
  CHECK(wrong.status == 1);
  auto ok = inspect({"control", "pause", "--url", url, "--token", "s3cret"}, dir.path());
  INFO(ok.err);
  REQUIRE(ok.status == 0);
  CHECK(ok.out == "ok: pause (risk state PAUSED)\n");
  ::setenv("TICKLINE_API_TOKEN", "s3cret", 1);
  auto from_env = inspect({"control", "emergency-stop", "--url", url}, dir.path());
  ::unsetenv("TICKLINE_API_TOKEN");
  CHECK(from_env.status == 0);
  CHECK(from_env.out == "ok: emergency-stop (risk state PAUSED)\n");

  auto broken = inspect({"tree", "--url", url + "/broken"}, dir.path());
  CHECK(broken.status == 2);
  CHECK(broken.err.find("the answer is not JSON: <html>not json</html>") != std::string::npos);
}

TEST_CASE("inspect says when the node cannot be reached", "[cli][inspect][online]") {
  temp_dir dir;
  const auto port = free_port();
  auto r = inspect({"tree", "--url", "http://127.0.0.1:" + std::to_string(port)}, dir.path());
  CHECK(r.status == 1);
  CHECK(r.err.find("cannot reach the node at http://127.0.0.1:" + std::to_string(port)
                   + ": connection refused") != std::string::npos);
  auto bad_url = inspect({"tree", "--url", "ftp://127.0.0.1:1"}, dir.path());
  CHECK(bad_url.status == 2);
  CHECK(bad_url.err.find("(http:// or https://)") != std::string::npos);
}
