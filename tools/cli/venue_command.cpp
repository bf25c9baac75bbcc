#include "tools/cli/venue_command.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include "actors/broker/binance_signing.hpp"
#include "actors/venue/venue_server.hpp"
#include "config/durations.hpp"
#include "runtime/shutdown.hpp"

namespace tickline::cli {

namespace {

constexpr int exit_bad_input = 2;

int bad(const std::string& why) {
  std::cerr << "tickline venue: " << why << "\n";
  return exit_bad_input;
}

// The whole of the file at `path` into `out`; false when it cannot be read.
bool read_whole(const std::string& path, std::string& out) {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  out = text.str();
  return static_cast<bool>(in);
}

} // namespace

CLI::App* add_venue_command(CLI::App& app, venue_cli_options& o) {
  auto* c = app.add_subcommand("venue", "A local Binance-compatible spot exchange (REST) over a synthetic market; "
                                        "key and secret from TICKLINE_VENUE_API_KEY and TICKLINE_VENUE_API_SECRET");
  c->add_option("--listen", o.listen, "host:port of the REST API (port 0: any)")->capture_default_str();
  c->add_option("--symbols", o.symbols, "Symbols traded, e.g. BTCUSDT ETHUSDT")->delimiter(',');
  c->add_option("--balance", o.balances, "Starting balances, ASSET=AMOUNT (repeatable)")->delimiter(',');
  c->add_option("--fee-bps", o.fee_bps, "Fee of each fill, basis points of its quote amount")
    ->check(CLI::Range(0.0, 1000.0));
  c->add_option("--seed", o.seed, "Seed of the synthetic market");
  c->add_option("--start-price", o.start_price, "Every symbol's first price")->check(CLI::PositiveNumber);
  c->add_option("--rate", o.rate, "Market trades per second per symbol")->check(CLI::Range(0.1, 10000.0));
  c->add_option("--faults", o.faults_path,
                "A JSON file of faults armed from the start, as POST /venue/faults takes them "
                "(\"every_s\": N arms them again every N seconds)");
  c->add_option("--ed25519-public-key", o.ed25519_key,
                "The account's API key is an Ed25519 key: its PEM public key file (signatures in base64; "
                "TICKLINE_VENUE_API_SECRET is not needed then)");
  c->add_option("--for", o.for_text, "Run this long, e.g. 30s (default: until SIGINT or SIGTERM)");
  return c;
}

int run_venue(const venue_cli_options& o) {
  venue_options v;
  v.listen = o.listen;
  v.symbols = o.symbols;
  v.fee_rate = o.fee_bps / 10000;
  v.seed = o.seed;
  v.start_price = o.start_price;
  v.trades_per_second = o.rate;
  v.balances.clear();
  for (const auto& b : o.balances) {
    const auto eq = b.find('=');
    char* end = nullptr;
    const double amount = eq == std::string::npos ? -1 : std::strtod(b.c_str() + eq + 1, &end);
    if (eq == std::string::npos || eq == 0 || !end || *end != '\0' || !(amount >= 0))
      return bad("--balance " + b + ": expected ASSET=AMOUNT with an amount >= 0");
    v.balances[b.substr(0, eq)] = amount;
  }
  if (!o.faults_path.empty()) {
    std::string text;
    if (!read_whole(o.faults_path, text))
      return bad("--faults " + o.faults_path + ": cannot be read");
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded())
      return bad("--faults " + o.faults_path + ": not JSON");
    if (auto problem = parse_venue_faults(j, v.faults); !problem.empty())
      return bad("--faults " + o.faults_path + ": " + problem);
  }
  const char* key = std::getenv("TICKLINE_VENUE_API_KEY");
  const char* secret = std::getenv("TICKLINE_VENUE_API_SECRET");
  std::string public_pem;
  if (!o.ed25519_key.empty()) {
    if (!read_whole(o.ed25519_key, public_pem) || !is_ed25519_public_key(public_pem))
      return bad("--ed25519-public-key " + o.ed25519_key + ": not a PEM Ed25519 public key");
  }
  if (!key || !*key || (public_pem.empty() && (!secret || !*secret)))
    return bad("set TICKLINE_VENUE_API_KEY and TICKLINE_VENUE_API_SECRET: the one account's key and "
               "HMAC secret (the secret is never printed), or the key and --ed25519-public-key");
  v.credentials = {key, public_pem.empty() ? std::string{secret} : public_pem};
  std::optional<std::chrono::nanoseconds> limit;
  if (!o.for_text.empty()) {
    auto ns = parse_duration_ns(o.for_text);
    if (!ns || *ns <= 0)
      return bad("--for " + o.for_text + ": expected a positive duration such as 30s");
    limit = std::chrono::nanoseconds{*ns};
  }
  block_stop_signals();
  std::unique_ptr<venue_server> server;
  try {
    server = std::make_unique<venue_server>(v);
  } catch (const std::invalid_argument& e) {
    return bad(e.what());
  } catch (const std::exception& e) {
    std::cerr << "tickline venue: " << e.what() << "\n";
    return 1;
  }
  std::string host = o.listen.substr(0, o.listen.rfind(':'));
  std::cerr << "venue: Binance spot API on http://" << host << ":" << server->port() << "/api/v3 ("
            << v.symbols.size() << " symbol(s))" << std::endl;
  wait_for_stop(limit);
  std::cout << server->stats_json() << std::endl;
  return 0;
}

} // namespace tickline::cli
