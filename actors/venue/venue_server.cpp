#include "actors/venue/venue_server.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "actors/market_data/synthetic_market_state.hpp"
#include "actors/venue/venue_json.hpp"
#include "messages/json_text.hpp"

namespace tickline {

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace

std::optional<std::pair<std::string, std::string>> split_symbol(const std::string& symbol) {
  for (const char* q : {"USDT", "USDC", "FDUSD", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY"}) {
    const std::string quote{q};
    if (symbol.size() > quote.size() && symbol.compare(symbol.size() - quote.size(), quote.size(), quote) == 0)
      return std::pair{symbol.substr(0, symbol.size() - quote.size()), quote};
  }
  return std::nullopt;
}

symbol_filters default_filters(const std::string& symbol, const std::string& base, const std::string& quote) {
  symbol_filters f;
  f.symbol = symbol;
  f.base = base;
  f.quote = quote;
  f.min_price = *decimal8::parse("0.01");
  f.max_price = *decimal8::parse("1000000");
  f.tick_size = *decimal8::parse("0.01");
  f.min_qty = *decimal8::parse("0.00001");
  f.max_qty = *decimal8::parse("9000");
  f.step_size = *decimal8::parse("0.00001");
  f.min_notional = *decimal8::parse("5");
  f.max_notional = *decimal8::parse("9000000");
  return f;
}

venue_server::venue_server(venue_options opts) : opts_(std::move(opts)) {
  std::vector<symbol_filters> symbols;
  for (const auto& s : opts_.symbols) {
    auto parts = split_symbol(s);
    if (!parts)
      throw std::invalid_argument("venue: symbol " + s + " does not end in a known quote asset "
                                  "(USDT, USDC, FDUSD, BUSD, TUSD, BTC, ETH, BNB, EUR, TRY)");
    symbols.push_back(default_filters(s, parts->first, parts->second));
  }
  state_ = std::make_unique<venue_state>(std::move(symbols), opts_.balances, opts_.fee_rate);
  api_ = std::make_unique<venue_api>(*state_, opts_.credentials, wall_ms);
  api_->set_faults(opts_.faults, wall_ms());
  http_server_options ho;
  ho.listen = opts_.listen;
  // The WebSocket API (user data stream): any client may connect; it subscribes signed.
  ho.ws_path = "/ws-api/v3";
  ho.ws_more_paths = {"/ws/", "/stream"};
  ho.ws_origin_ok = [](const std::string&) { return true; };
  ho.ws_max_message = 16 * 1024;
  // A market-data client names its streams in the upgrade's target; a bad name gets one
  // error frame (Binance closes such a connection) and nothing else.
  ho.ws_on_open = [this](std::uint64_t client, const std::string& target) {
    if (target.rfind("/ws-api/", 0) == 0)
      return;
    std::string why;
    auto req = parse_stream_target(target, opts_.symbols, why);
    if (!req) {
      http_->send_to(client, nlohmann::json{{"error", {{"code", -1121}, {"msg", why}}}}.dump(-1, ' ', false, invalid_utf8));
      return;
    }
    std::lock_guard<std::mutex> lock{mutex_};
    market_clients_[client] = std::move(*req);
  };
  ho.ws_on_message = [this](std::uint64_t client, std::string text) {
    std::lock_guard<std::mutex> lock{mutex_};
    // Market-data clients only listen (SUBSCRIBE and the like are not served).
    if (market_clients_.count(client))
      return;
    std::int64_t sub = -1;
    auto answer = api_->handle_ws(text, sub);
    if (sub > 0)
      subscribers_[client] = sub;
    else if (sub == 0)
      subscribers_.erase(client);
    http_->send_to(client, std::move(answer));
  };
  ho.ws_on_close = [this](std::uint64_t client) {
    std::lock_guard<std::mutex> lock{mutex_};
    subscribers_.erase(client);
    market_clients_.erase(client);
  };
  http_ = std::make_unique<http_server>(ho, [this](http_request req, http_reply reply) {
    http_response r;
    std::int64_t hold = 0;
    bool drop = false;
    {
      std::lock_guard<std::mutex> lock{mutex_};
      r = api_->handle(req);
      hold = api_->hold_ms();
      drop = api_->take_drop_streams();
      publish_events();
    }
    if (drop)
      http_->close_ws_clients();
    if (hold <= 0)
      return reply(std::move(r));
    // An answer held back (fault injection): sent later from a thread of its own.
    std::thread{[r = std::move(r), reply = std::move(reply), hold]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds{hold});
      reply(std::move(r));
    }}.detach();
  });
  market_ = std::thread{[this] { run_market(); }};
}

venue_server::~venue_server() {
  stop_ = true;
  if (market_.joinable())
    market_.join();
  http_.reset();
}

std::uint16_t venue_server::port() const { return http_->port(); }

void venue_server::run_market() {
  feed_config fc;
  fc.seed = opts_.seed;
  fc.ticks_per_second = opts_.trades_per_second;
  fc.start_price = opts_.start_price;
  const auto start_ns = wall_ms() * 1'000'000;
  synthetic_market_state market{fc, opts_.symbols, start_ns};
  std::vector<std::vector<trade_tick>> batches;
  // The first prices at once, so that market orders can fill from the start.
  {
    std::lock_guard<std::mutex> lock{mutex_};
    for (std::size_t i = 0; i < opts_.symbols.size(); ++i)
      state_->on_trade(opts_.symbols[i], market.price(i), wall_ms());
  }
  while (!stop_) {
    std::this_thread::sleep_for(opts_.tick);
    const auto now_ms = wall_ms();
    bool drop = false;
    {
      std::lock_guard<std::mutex> lock{mutex_};
      api_->rearm(now_ms);  // a standing fault schedule
      drop = api_->take_drop_streams();
    }
    if (drop)
      http_->close_ws_clients();
    market.generate_until(now_ms * 1'000'000, batches);
    std::lock_guard<std::mutex> lock{mutex_};
    for (std::size_t i = 0; i < batches.size(); ++i)
      for (const auto& t : batches[i]) {
        state_->on_trade(opts_.symbols[i], t.price, now_ms);
        ++market_trades_;
        for (const auto& [client, req] : market_clients_)
          for (auto& frame : stream_frames(req, t, now_ms))
            http_->send_to(client, std::move(frame));
      }
    publish_events();
    // Reports held back by the delay_reports fault, in order, once due.
    while (!delayed_.empty() && delayed_.front().due_ms <= now_ms) {
      http_->send_to(delayed_.front().client, std::move(delayed_.front().text));
      delayed_.erase(delayed_.begin());
    }
  }
}

void venue_server::publish_events() {
  auto events = state_->take_events();
  if (events.empty() || subscribers_.empty())
    return;
  for (const auto& e : events) {
    const auto report = execution_report_json(e);
    const auto late = api_->take_report_delay();
    for (const auto& [client, sub] : subscribers_) {
      auto text = nlohmann::ordered_json{{"subscriptionId", sub}, {"event", report}}.dump(
        -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      if (late <= 0) {
        http_->send_to(client, std::move(text));
        continue;
      }
      // A delayed report (fault injection): sent by the market loop once due.
      delayed_.push_back({wall_ms() + late, client, std::move(text)});
    }
  }
}

std::string venue_server::stats_json() const {
  std::lock_guard<std::mutex> lock{mutex_};
  std::size_t open = 0;
  for (const auto& s : opts_.symbols)
    open += state_->open_orders(s).size();
  return nlohmann::json{{"requests", api_->requests()},
                        {"auth_failures", api_->auth_failures()},
                        {"open_orders", open},
                        {"fills", state_->fills().size()},
                        {"market_trades", market_trades_}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
