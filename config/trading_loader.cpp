#include "config/trading_loader.hpp"

#include <filesystem>

#include "config/blackout_file.hpp"
#include "config/civil_time.hpp"
#include "config/durations.hpp"
#include "config/http_url.hpp"
#include "config/time_zone.hpp"

namespace tickline {

std::string check_weight_key(const std::string& key) {
  const auto dot = key.find('.');
  const auto kind = key.substr(0, dot);
  const bool known = kind == "whale" || kind == "pattern" || kind == "volatility" ||
                     kind == "external";
  if (!known || (dot != std::string::npos && dot + 1 == key.size()))
    return "expected \"<kind>\" or \"<kind>.<name>\" with kind whale, pattern, volatility or "
           "external, got \"" + key + "\"";
  return {};
}

} // namespace tickline

namespace tickline::detail {

namespace {

void read_calendar(table_reader r, calendar_config& c) {
  r.get("timezone", c.timezone, [](const std::string& name) {
    std::string error;
    return time_zone::load(name, error) ? std::string() : error;
  });
  std::set<std::string> days;
  r.get("weekdays", c.weekdays, [&days](const std::string& d) -> std::string {
    if (!parse_weekday(d))
      return "expected one of mon, tue, wed, thu, fri, sat, sun, got \"" + d + "\"";
    return days.insert(d).second ? "" : "duplicate weekday \"" + d + "\"";
  }, false);
  r.get("hours", c.hours, [](const std::string& h) -> std::string {
    if (parse_day_window(h))
      return {};
    return "expected \"HH:MM-HH:MM\" with start < end <= 24:00 (split a window past "
           "midnight in two), got \"" + h + "\"";
  }, false);
  r.get("holidays", c.holidays, [](const std::string& d) -> std::string {
    return parse_date(d) ? "" : "expected a date \"YYYY-MM-DD\", got \"" + d + "\"";
  });
  r.finish();
}

void read_sectors(table_reader r, sectors_config& c, const std::set<std::string>& symbols) {
  auto map = r.table("symbols");
  std::set<std::string> sectors;
  for (const auto& symbol : map.keys()) {
    std::string sector;
    map.get(symbol, sector, non_empty());
    if (symbols.count(symbol) == 0)
      map.report(symbol, "expected a symbol listed in market.symbols, got \"" + symbol + "\"");
    else if (!sector.empty())
      sectors.insert(c.symbols[symbol] = sector);
  }
  map.finish();
  auto caps = r.table("caps");
  for (const auto& sector : caps.keys()) {
    double cap = 0;
    caps.get(sector, cap, above(0));
    if (sectors.count(sector) == 0)
      caps.report(sector, "no symbol is in sector \"" + sector + "\" (see risk.sectors.symbols)");
    else if (cap > 0)
      c.caps[sector] = cap;
  }
  caps.finish();
  r.finish();
}

} // namespace

void read_strategy(table_reader r, strategy_config& c, const std::vector<std::string>& timeframes) {
  r.get("enabled", c.enabled);
  r.get("min_confidence", c.min_confidence, between(0, 1));
  r.get("risk_per_trade", c.risk_per_trade, above_up_to(0, 0.1));
  r.get("timeframe", c.timeframe, one_of(timeframes));
  auto weights = r.table("weights");
  for (const auto& key : weights.keys()) {
    double w = -1;
    weights.get(key, w, between(0, 10));
    if (auto problem = check_weight_key(key); !problem.empty())
      weights.report(key, problem);
    else if (w >= 0)
      c.weights[key] = w;
  }
  weights.finish();
  r.get("signal_window_ms", c.signal_window_ms, between(1, 86400000));
  r.get("atr_period", c.atr_period, between(1, 1000));
  r.get("stop_atr_multiple", c.stop_atr_multiple, above_up_to(0, 100));
  r.get("take_profit_r", c.take_profit_r, above_up_to(0, 100));
  for (std::size_t i = 1; i < c.take_profit_r.size(); ++i)
    if (c.take_profit_r[i] <= c.take_profit_r[i - 1]) {
      r.report("take_profit_r", "expected ascending multiples, got " +
                                    format_number(c.take_profit_r[i]) + " after " +
                                    format_number(c.take_profit_r[i - 1]));
      break;
    }
  r.get("kelly_cap", c.kelly_cap, above_up_to(0, 1));
  r.get("kelly_min_trades", c.kelly_min_trades, at_least(1));
  r.get("calibration_min_trades", c.calibration_min_trades, at_least(0));
  r.get("vol_target", c.vol_target, at_least(0));
  r.get("vol_window", c.vol_window, between(2, 10000));
  r.get("max_qty", c.max_qty, at_least(0));
  r.finish();
}

void read_risk(table_reader r, risk_config& c, const std::set<std::string>& symbols,
               const std::vector<std::string>& timeframes, const std::string& base_dir) {
  r.get("max_trades_per_day", c.max_trades_per_day, at_least(0));
  r.get("max_daily_loss", c.max_daily_loss, at_least(0));
  r.get("max_drawdown_pct", c.max_drawdown_pct, above_up_to(0, 100));
  r.get("max_position_notional", c.max_position_notional, above(0));
  r.get("max_gross_exposure", c.max_gross_exposure, at_least(0));
  r.get("max_net_exposure", c.max_net_exposure, at_least(0));
  r.get("max_consecutive_losses", c.max_consecutive_losses, at_least(0));
  r.get("resume", c.resume, [](const std::string& t) -> std::string {
    if (t == "next_day" || t == "manual" || parse_duration_ns(t))
      return {};
    return "expected \"next_day\", \"manual\" or a duration such as \"2h\", got \"" + t + "\"";
  });
  c.resume_after_ns = 0;
  if (c.resume != "next_day" && c.resume != "manual")
    if (const auto ns = parse_duration_ns(c.resume))
      c.resume_after_ns = *ns;
  r.get("cooldown_ms", c.cooldown_ms, at_least(0));
  r.get("max_atr_pct", c.max_atr_pct, at_least(0));
  r.get("timeframe", c.timeframe, one_of(timeframes));
  r.get("atr_period", c.atr_period, between(1, 1000));
  r.get("correlation_threshold", c.correlation_threshold, {0, 1, true, true});
  r.get("correlation_window", c.correlation_window, between(3, 100000));
  r.get("max_correlated_positions", c.max_correlated_positions, at_least(0));
  r.get("blackout_file", c.blackout_file);
  if (!c.blackout_file.empty()) {
    // Like a feed's path, relative to the config file.
    if (!base_dir.empty() && std::filesystem::path{c.blackout_file}.is_relative())
      c.blackout_file =
        (std::filesystem::path{base_dir} / c.blackout_file).lexically_normal().string();
    for (const auto& p : load_blackout_file(c.blackout_file).problems)
      r.report("blackout_file", p.to_string());
  }
  r.get("flatten_on_disconnect", c.flatten_on_disconnect);
  r.get("decision_log_size", c.decision_log_size, between(1, 1000000));
  read_calendar(r.table("calendar"), c.calendar);
  read_sectors(r.table("sectors"), c.sectors, symbols);
  r.finish();
}

namespace {

std::string check_currency(const std::string& code) {
  const bool valid = !code.empty() &&
    code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos;
  if (!valid)
    return "expected an upper-case currency code [A-Z0-9]+, got \"" + code + "\"";
  return {};
}

} // namespace

void read_broker(table_reader r, broker_config& c) {
  r.get("name", c.name, non_empty());
  r.get("kind", c.kind, one_of({"paper", "binance"}));
  r.get("quote_currency", c.quote_currency, check_currency);
  r.get("starting_balance", c.starting_balance, above(0));
  r.get("maker_fee_bps", c.maker_fee_bps, between(0, 1000));
  r.get("taker_fee_bps", c.taker_fee_bps, between(0, 1000));
  r.get("latency_ms", c.latency_ms, between(0, 60000));
  r.get("slippage_bps", c.slippage_bps, between(0, 1000));
  r.get("max_participation", c.max_participation, above_up_to(0, 1));
  r.get("allow_short", c.allow_short);
  r.get("base_url", c.base_url, [](const std::string& url) -> std::string {
    std::string error;
    return parse_http_url(url, error) ? "" : error;
  });
  r.get("stream_url", c.stream_url, [](const std::string& url) -> std::string {
    if (url.empty())
      return {};
    if (url.rfind("ws://", 0) != 0 && url.rfind("wss://", 0) != 0)
      return "expected a ws:// or wss:// URL (or \"\" for none), got \"" + url + "\"";
    return url.find_first_of(" \t\r\n") == std::string::npos ? "" : "a URL has no spaces";
  });
  r.get("recv_window_ms", c.recv_window_ms, between(1, 60000));
  r.get("timeout_ms", c.timeout_ms, between(100, 60000));
  r.get("poll_ms", c.poll_ms, between(50, 60000));
  r.get("api_key_env", c.api_key_env, non_empty());
  r.get("api_secret_env", c.api_secret_env, non_empty());
  r.get("key_file", c.key_file);
  r.get("key_name", c.key_name, non_empty());
  r.get("on_unknown_orders", c.on_unknown_orders, one_of({"cancel", "keep", "halt"}));
  r.finish();
}

} // namespace tickline::detail
