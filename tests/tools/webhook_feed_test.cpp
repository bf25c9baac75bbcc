#include <catch2/catch.hpp>

#include <csignal>
#include <string>

#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "process.hpp"

using namespace tickline::test;
using namespace std::chrono_literals;

// TradingView-style alerts posted to a running node.

namespace {

const std::string tickline_bin = std::string{TICKLINE_BIN_DIR} + "/tickline";

} // namespace

TEST_CASE("a webhook feed turns signed alerts into journaled signals", "[webhook]") {
  temp_dir dir;
  const auto port = free_port();
  dir.write("node.toml", "[node]\ndata_dir = \"state\"\n[market]\nsymbols = [\"BTCUSDT\"]\n"
                         "[[feeds]]\nname = \"tv\"\nkind = \"webhook\"\nlisten = \"127.0.0.1:"
                         + std::to_string(port) + "\"\nsecret = \"s3cret\"\n");
  child node({tickline_bin, "run", "--config", "node.toml", "--for", "60s", "--summary", "s.json"},
             dir.path());
  REQUIRE(node.wait_for_stderr("feed:tv: taking alerts on http://127.0.0.1:", 20s));

  auto ok = http_call(port, "POST", "/webhook",
                      R"({"secret":"s3cret","symbol":"BINANCE:BTCUSDT","action":"buy","price":"42000.5","message":"breakout"})");
  CHECK(ok.status == 202);
  CHECK(ok.body.find("alert 1 accepted: breakout") != std::string::npos);
  // The secret may come in a header instead.
  CHECK(http_call(port, "POST", "/webhook", R"({"symbol":"BTCUSDT","action":"long","price":42100})",
                  {{"X-Tickline-Secret", "s3cret"}}).status == 202);
  // An exit alert would do nothing: refused, never 202.
  const auto exit = http_call(port, "POST", "/webhook",
                              R"({"secret":"s3cret","symbol":"BTCUSDT","action":"exit","price":42100})");
  CHECK(exit.status == 422);
  CHECK(exit.body.find("exit alerts (exit, close, flat) are not acted on") != std::string::npos);

  CHECK(http_call(port, "POST", "/webhook", R"({"secret":"wrong","symbol":"BTCUSDT","action":"buy","price":1})").status == 401);
  CHECK(http_call(port, "POST", "/webhook", R"({"symbol":"BTCUSDT","action":"buy","price":1})").status == 401);
  CHECK(http_call(port, "POST", "/webhook", "{not json").status == 400);
  CHECK(http_call(port, "POST", "/webhook", R"({"secret":"s3cret","symbol":"DOGEUSDT","action":"buy","price":1})").status == 422);
  CHECK(http_call(port, "POST", "/webhook", R"({"secret":"s3cret","symbol":"BTCUSDT","action":"hodl","price":1})").status == 422);
  CHECK(http_call(port, "POST", "/webhook", R"({"secret":"s3cret","symbol":"BTCUSDT","action":"buy","price":-5})").status == 422);
  CHECK(http_call(port, "GET", "/webhook").status == 405);
  CHECK(http_call(port, "POST", "/elsewhere", "{}").status == 404);
  CHECK(http_call(port, "POST", "/webhook", std::string(20000, 'x')).status == 413);
  CHECK(http_raw(port, "NONSENSE\r\n\r\n") == 400);
  // Still serving after all that.
  CHECK(http_call(port, "POST", "/webhook", R"({"secret":"s3cret","symbol":"BTCUSDT","action":"sell","price":41000})").status == 202);

  node.signal(SIGTERM);
  auto r = node.wait(30s);
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto s = nlohmann::json::parse(read_file(dir.path() + "/s.json"));
  auto f = s["feeds"]["feed:tv"];
  INFO(f.dump());
  CHECK(f["accepted"] == 3);
  CHECK(f["bad_secret"] == 2);
  CHECK(f["bad_json"] == 1);
  CHECK(f["unknown_symbol"] == 1);
  CHECK(f["bad_field"] == 3);
  CHECK(f["too_large"] == 1);  // refused by the server itself, counted all the same
  CHECK(f["malformed"] == 1);
  CHECK(s["signals"] == 3);
  CHECK(r.err.find("signal external tradingview BTCUSDT") != std::string::npos);
}

TEST_CASE("a webhook feed without a secret is refused before start", "[webhook]") {
  temp_dir dir;
  dir.write("node.toml", "[market]\nsymbols = [\"BTCUSDT\"]\n[[feeds]]\nname = \"tv\"\nkind = \"webhook\"\n");
  auto r = run({tickline_bin, "config", "check", "node.toml"}, dir.path(), 30s);
  CHECK(r.status == 2);
  CHECK(r.err.find("needs a shared secret") != std::string::npos);
}
