#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/venue/venue_api.hpp"
#include "actors/venue/venue_state.hpp"
#include "actors/venue/venue_streams.hpp"
#include "runtime/net/http_server.hpp"

namespace tickline {

/// What `tickline venue` serves.
struct venue_options {
  std::string listen = "127.0.0.1:9000";         ///< host:port of the REST API; port 0 = any.
  std::vector<std::string> symbols = {"BTCUSDT", "ETHUSDT"};
  std::map<std::string, double> balances = {{"USDT", 100000}};
  double fee_rate = 0.001;                       ///< Of the quote amount, both sides.
  venue_credentials credentials;
  std::uint64_t seed = 42;                       ///< Of the synthetic market.
  double start_price = 100;                      ///< Every symbol's first price.
  double trades_per_second = 20;                 ///< Per symbol.
  std::chrono::milliseconds tick{50};            ///< How often the market moves.
  /// Faults armed from the start (`tickline venue --faults FILE`), again every
  /// `faults.every_s` when that is set; POST /venue/faults replaces them.
  venue_faults faults;
};

/// `symbol`'s base and quote assets, split at a known quote asset suffix (USDT, USDC,
/// FDUSD, BUSD, TUSD, BTC, ETH, BNB, EUR, TRY); nullopt when none fits.
std::optional<std::pair<std::string, std::string>> split_symbol(const std::string& symbol);

/// The default filters of a venue symbol: tick 0.01, step 0.00001 (minimum too), at most
/// 9000 a order, a notional of at least 5.
symbol_filters default_filters(const std::string& symbol, const std::string& base, const std::string& quote);

/// A local Binance-compatible spot exchange: venue_api over one venue_state on an HTTP
/// server of its own (REST under /api/v3, the WebSocket API's user data stream at
/// /ws-api/v3, every order change sent to each subscriber as an executionReport), the
/// market's trades as Binance's market streams (`/ws/<symbol>@trade`, `/stream?streams=`,
/// trade and aggTrade), and a synthetic market (synthetic_market_state, in wall time)
/// whose trades move the prices and fill the orders. The API and the market take turns under
/// one lock.
class venue_server {
public:
  /// Binds and starts; throws std::invalid_argument for a symbol without a known quote
  /// asset and std::runtime_error naming `listen` when it cannot bind.
  explicit venue_server(venue_options opts);
  ~venue_server();
  venue_server(const venue_server&) = delete;
  venue_server& operator=(const venue_server&) = delete;

  std::uint16_t port() const;
  /// Requests answered, orders, fills, and trades of the market so far, as JSON.
  std::string stats_json() const;

private:
  void run_market();
  /// Sends the state's new executions to every subscribed stream client (under mutex_).
  void publish_events();

  venue_options opts_;
  mutable std::mutex mutex_;
  std::unique_ptr<venue_state> state_;
  std::unique_ptr<venue_api> api_;
  std::unique_ptr<http_server> http_;
  std::atomic<bool> stop_{false};
  std::uint64_t market_trades_ = 0;
  std::map<std::uint64_t, std::int64_t> subscribers_;  ///< Stream client -> subscription id.
  std::map<std::uint64_t, venue_stream_request> market_clients_;  ///< Market-data stream clients.
  struct delayed_report {
    std::int64_t due_ms;
    std::uint64_t client;
    std::string text;
  };
  std::vector<delayed_report> delayed_;  ///< executionReports held back (a fault), oldest first.
  std::thread market_;
};

} // namespace tickline
