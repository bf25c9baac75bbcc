#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tickline::cli {

/// Options of `tickline venue`, as typed.
struct venue_cli_options {
  std::string listen = "127.0.0.1:9000";
  std::vector<std::string> symbols = {"BTCUSDT", "ETHUSDT"};
  std::vector<std::string> balances = {"USDT=100000"};  ///< ASSET=AMOUNT each.
  double fee_bps = 10;
  unsigned long long seed = 42;
  double start_price = 100;
  double rate = 20;          ///< Market trades per second per symbol.
  std::string for_text;      ///< Run this long ("30s"); empty = until SIGINT/SIGTERM.
  std::string faults_path;   ///< A JSON file of faults armed from the start; empty = none.
  std::string ed25519_key;   ///< PEM public key of the account's Ed25519 API key; empty = HMAC.
};

/// Adds the `venue` subcommand, filling `o`; returns it.
CLI::App* add_venue_command(CLI::App& app, venue_cli_options& o);

/// Serves the local venue until stopped. The account's key and secret come from the
/// environment: TICKLINE_VENUE_API_KEY and TICKLINE_VENUE_API_SECRET. Prints
/// "venue: Binance spot API on http://HOST:PORT/api/v3 ..." to stderr when it listens, and
/// a JSON summary on stdout when it stops. Returns the exit status: 0, 1 when it cannot
/// listen, 2 for bad options or a missing key (named on stderr).
int run_venue(const venue_cli_options& o);

} // namespace tickline::cli
