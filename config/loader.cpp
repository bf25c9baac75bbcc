#include "config/loader.hpp"

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "config/alerts_loader.hpp"
#include "config/demo_config.hpp"
#include "config/feed_files.hpp"
#include "config/http_url.hpp"
#include "config/durations.hpp"
#include "config/parameters.hpp"
#include "config/indicator_spec.hpp"
#include "config/reader.hpp"
#include "config/trading_loader.hpp"

namespace tickline {

namespace {

using detail::above;
using detail::above_up_to;
using detail::at_least;
using detail::between;
using detail::non_empty;
using detail::one_of;
using detail::read_duration;
using detail::table_reader;

/// A feed source the config knows; `supported` turns true as each implementation lands.
struct feed_kind {
  std::string_view name;
  bool supported;
};

constexpr feed_kind feed_kinds[] = {
  {"synthetic", true}, {"csv", true}, {"websocket", true}, {"webhook", true},
};

std::string check_feed_kind(const std::string& kind) {
  std::string names;
  for (const auto& k : feed_kinds) {
    if (k.name == kind)
      return k.supported ? "" : "feed kind \"" + kind + "\" is not supported yet";
    names += (names.empty() ? "" : ", ") + std::string(k.name);
  }
  return "expected one of " + names + ", got \"" + kind + "\"";
}

bool valid_symbol(const std::string& s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return false;
  return true;
}

std::string check_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  const auto port = colon == std::string::npos ? std::string() : listen.substr(colon + 1);
  const bool digits = !port.empty() && port.size() <= 5 &&
                      port.find_first_not_of("0123456789") == std::string::npos;
  if (colon == 0 || !digits || std::stoi(port) < 1 || std::stoi(port) > 65535)
    return "expected host:port with port 1..65535, got \"" + listen + "\"";
  return {};
}

void read_node(table_reader r, node_config& c) {
  r.get("name", c.name, non_empty());
  r.get("threads", c.threads, between(0, 256));
  r.get("data_dir", c.data_dir, non_empty());
  r.finish();
}

void read_logging(table_reader r, logging_config& c) {
  r.get("level", c.level, one_of({"trace", "debug", "info", "warn", "error", "off"}));
  r.get("file", c.file);
  r.finish();
}

// Returns the valid symbols, which feeds may then name.
std::set<std::string> read_market(table_reader r, market_config& c) {
  std::set<std::string> seen;
  if (r.require("symbols")) {
    r.get("symbols", c.symbols, [&seen](const std::string& s) -> std::string {
      if (!valid_symbol(s))
        return "expected a symbol matching [A-Z0-9._-]+, got \"" + s + "\"";
      if (!seen.insert(s).second)
        return "duplicate symbol \"" + s + "\"";
      return {};
    }, false);
  }
  r.finish();
  return seen;
}

// Keys of the websocket and webhook kinds.
void read_network_feed(table_reader& r, feed_config& f) {
  if (f.kind == "websocket")
    r.require("url");
  r.get("url", f.url, [](const std::string& url) -> std::string {
    if (url.rfind("ws://", 0) != 0 && url.rfind("wss://", 0) != 0)
      return "expected a ws:// or wss:// URL, got \"" + url + "\"";
    if (url.find_first_of(" \t\r\n") != std::string::npos)
      return "a URL has no spaces";
    return {};
  });
  r.get("streams", f.streams, [](const std::string& s) -> std::string {
    if (s.empty() || s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@") != std::string::npos)
      return "expected a stream kind such as \"aggTrade\", \"kline_1m\" or \"depth@100ms\", got \"" + s + "\"";
    return {};
  });
  // Bars are built from the trades: klines of the same symbols would close each minute a
  // second time and count its volume twice, and reach the paper broker as well.
  const auto has = [&f](auto pred) { return std::any_of(f.streams.begin(), f.streams.end(), pred); };
  if (has([](const std::string& s) { return s == "aggTrade" || s == "trade"; })
      && has([](const std::string& s) { return s.rfind("kline_", 0) == 0; }))
    r.report("streams", "trades and klines of the same symbols cannot be combined (the bars "
                        "are built from the trades; klines would repeat them): keep one");
  // Binance's diffs only make a book on top of its REST snapshot.
  const bool depth = has([](const std::string& s) { return s.rfind("depth", 0) == 0; })
                     || f.url.find("@depth") != std::string::npos;
  bool rest_refused = false;
  r.get("rest_url", f.rest_url, [&rest_refused](const std::string& url) -> std::string {
    std::string error;
    rest_refused = !parse_http_url(url, error);
    return error;
  });
  if (depth && f.rest_url.empty() && !rest_refused)
    r.report("rest_url", "a depth stream needs rest_url, the REST API its book takes its "
                         "snapshot from (e.g. \"https://api.binance.com\")");
  r.get("depth_limit", f.depth_limit, between(1, 5000));
  r.get("reconnect_min_ms", f.reconnect_min_ms, between(1, 600000));
  r.get("reconnect_max_ms", f.reconnect_max_ms, between(f.reconnect_min_ms, 600000));
  r.get("listen", f.listen, check_listen);
  r.get("endpoint", f.endpoint, [](const std::string& p) -> std::string {
    return !p.empty() && p.front() == '/' ? "" : "expected a path starting with /";
  });
  r.get("secret", f.secret);
  if (f.kind == "webhook" && f.secret.empty() && !std::getenv("TICKLINE_WEBHOOK_SECRET"))
    r.report("secret", "kind webhook needs a shared secret: set secret or TICKLINE_WEBHOOK_SECRET");
}

void read_feed(table_reader r, feed_config& f, const std::set<std::string>& market,
               std::set<std::string>& names, const std::string& base_dir,
               const load_options& options) {
  if (r.require("name")) {
    r.get("name", f.name, [&names](const std::string& name) -> std::string {
      if (name.empty())
        return "expected a non-empty string";
      if (!names.insert(name).second)
        return "duplicate feed name \"" + name + "\"";
      return {};
    });
  }
  r.get("kind", f.kind, check_feed_kind);
  std::set<std::string> own;
  r.get("symbols", f.symbols, [&](const std::string& s) -> std::string {
    if (market.count(s) == 0)
      return "expected a symbol listed in market.symbols, got \"" + s + "\"";
    if (!own.insert(s).second)
      return "duplicate symbol \"" + s + "\"";
    return {};
  });
  r.get("seed", f.seed, at_least(0));
  r.get("ticks_per_second", f.ticks_per_second, above(0));
  r.get("slice_ms", f.slice_ms, between(1, 10000));
  r.get("start_price", f.start_price, above(0));
  r.get("volatility", f.volatility, above_up_to(0, 0.1));
  r.get("regime_switch_probability", f.regime_switch_probability, between(0, 1));
  r.get("whale_probability", f.whale_probability, between(0, 1));
  r.get("whale_multiplier", f.whale_multiplier, at_least(1));
  r.get("gap_probability", f.gap_probability, between(0, 1));
  r.get("gap_sigma", f.gap_sigma, above_up_to(0, 0.5));
  r.get("burst_probability", f.burst_probability, between(0, 1));
  r.get("burst_length", f.burst_length, between(1, 1000));
  r.get("path", f.path);
  // A relative data path is relative to the config file, not to the working directory.
  if (!f.path.empty() && !base_dir.empty() && std::filesystem::path{f.path}.is_relative())
    f.path = (std::filesystem::path{base_dir} / f.path).lexically_normal().string();
  r.get("speed", f.speed, at_least(0));
  r.get("stale_after_ms", f.stale_after_ms, between(10, 3600000));
  if (f.kind == "csv" && options.check_data_files) {
    // A data file that is missing or matches no symbol is an error before anything starts.
    std::string error;
    std::vector<std::string> syms = f.symbols.empty()
      ? std::vector<std::string>(market.begin(), market.end()) : f.symbols;
    if (csv_feed_files(f.path, syms, error).empty())
      r.report("path", error);
  }
  read_network_feed(r, f);
  r.finish();
}

void read_scanner(table_reader r, scanner_config& c) {
  std::map<std::int64_t, std::string> timeframes;
  r.get("timeframes", c.timeframes, [&timeframes](const std::string& t) -> std::string {
    const auto ns = parse_duration_ns(t);
    if (!ns)
      return "expected a duration such as \"1s\", \"5m\" or \"1h\", got \"" + t + "\"";
    // Bars are cut on whole seconds (actors/scanner_state rejects anything finer).
    if (*ns % 1'000'000'000 != 0)
      return "expected a whole number of seconds, got \"" + t + "\"";
    const auto [it, inserted] = timeframes.emplace(*ns, t);
    if (!inserted)
      return "duplicate timeframe \"" + t + "\"" +
             (it->second == t ? "" : " (same as \"" + it->second + "\")");
    return {};
  });
  // Two indicators writing the same column (macd twice, bbands(20,2) and bbands(20,3))
  // would overwrite each other's values.
  std::map<std::string, std::string> columns;
  r.get("indicators", c.indicators, [&columns](const std::string& text) -> std::string {
    std::string error;
    const auto spec = parse_indicator_spec(text, &error);
    if (!spec)
      return error;
    for (const auto& column : indicator_columns(*spec)) {
      const auto [it, inserted] = columns.emplace(column, text);
      if (!inserted)
        return "column \"" + column + "\" is already produced by \"" + it->second + "\"";
    }
    return {};
  });
  r.finish();
}

void read_detectors(table_reader r, detectors_config& c, const std::vector<std::string>& timeframes) {
  auto known_timeframe = [&timeframes](const std::string& tf) -> std::string {
    for (const auto& t : timeframes)
      if (t == tf)
        return {};
    std::string names;
    for (const auto& t : timeframes)
      names += (names.empty() ? "" : ", ") + t;
    return "expected one of scanner.timeframes (" + names + "), got \"" + tf + "\"";
  };
  auto w = r.table("whale");
  w.get("enabled", c.whale.enabled);
  w.get("window", c.whale.window, between(10, 1000000));
  w.get("min_samples", c.whale.min_samples, at_least(2));
  w.get("z_threshold", c.whale.z_threshold, above(0));
  w.get("min_notional", c.whale.min_notional, at_least(0));
  w.get("percentile_threshold", c.whale.percentile_threshold, between(0.5, 1));
  w.get("cluster_z", c.whale.cluster_z, above(0));
  w.get("cluster_window_ms", c.whale.cluster_window_ms, at_least(1));
  w.get("cluster_min", c.whale.cluster_min, at_least(2));
  w.get("imbalance_window", c.whale.imbalance_window, between(10, 1000000));
  w.get("imbalance_threshold", c.whale.imbalance_threshold, above_up_to(0, 1));
  w.finish();
  auto p = r.table("pattern");
  auto& pc = c.pattern;
  p.get("enabled", pc.enabled);
  p.get("timeframe", pc.timeframe, known_timeframe);
  p.get("ema_fast", pc.ema_fast, between(1, 1000));
  p.get("ema_slow", pc.ema_slow, between(2, 1000));
  if (pc.ema_slow <= pc.ema_fast)
    p.report("ema_slow", "expected > ema_fast (" + std::to_string(pc.ema_fast) + "), got "
                           + std::to_string(pc.ema_slow));
  p.get("breakout_lookback", pc.breakout_lookback, between(2, 1000));
  p.get("volume_window", pc.volume_window, between(2, 1000));
  p.get("volume_z", pc.volume_z, above(0));
  p.get("squeeze_period", pc.squeeze_period, between(2, 1000));
  p.get("squeeze_lookback", pc.squeeze_lookback, between(5, 1000));
  p.get("squeeze_quantile", pc.squeeze_quantile, above_up_to(0, 0.999));
  p.get("rsi_period", pc.rsi_period, between(2, 1000));
  p.get("divergence_lookback", pc.divergence_lookback, between(3, 1000));
  p.finish();
  auto v = r.table("volatility");
  auto& vc = c.volatility;
  v.get("enabled", vc.enabled);
  v.get("timeframe", vc.timeframe, known_timeframe);
  v.get("atr_period", vc.atr_period, between(1, 1000));
  v.get("window", vc.window, between(10, 100000));
  v.get("z_threshold", vc.z_threshold, above(0));
  v.get("rv_short", vc.rv_short, between(2, 10000));
  v.get("rv_long", vc.rv_long, between(3, 100000));
  if (vc.rv_long <= vc.rv_short)
    v.report("rv_long", "expected > rv_short (" + std::to_string(vc.rv_short) + "), got "
                          + std::to_string(vc.rv_long));
  v.get("rv_ratio", vc.rv_ratio, above(1));
  v.finish();
  r.finish();
}

void read_orders(table_reader r, orders_config& c) {
  r.get("client_id_prefix", c.client_id_prefix, [](const std::string& p) -> std::string {
    constexpr const char* allowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    // '-' separates the prefix from the session and sequence numbers.
    if (p.empty() || p.size() > 16 || p.find_first_not_of(allowed) != std::string::npos)
      return "expected 1..16 characters of [A-Za-z0-9_], got \"" + p + "\"";
    return {};
  });
  r.get("take_profit_fractions", c.take_profit_fractions, above_up_to(0, 1), false);
  double sum = 0;
  bool each_valid = true;
  for (double f : c.take_profit_fractions) {
    sum += f;
    each_valid = each_valid && f > 0 && f <= 1;
  }
  if (each_valid && sum > 1 + 1e-9)
    r.report("take_profit_fractions", "expected fractions summing to at most 1, got " +
                                          detail::format_number(sum));
  r.get("trailing_atr_multiple", c.trailing_atr_multiple, between(0, 100));
  r.get("trailing_atr_multiple_volatile", c.trailing_atr_multiple_volatile, between(0, 100));
  const auto k = c.trailing_atr_multiple;
  const auto kv = c.trailing_atr_multiple_volatile;
  if (k > 0 && (kv <= 0 || kv > k))
    r.report("trailing_atr_multiple_volatile",
             "expected > 0 and <= trailing_atr_multiple (" + detail::format_number(k) +
                 "), got " + detail::format_number(kv));
  read_duration(r, "max_holding", c.max_holding_ns);
  read_duration(r, "reconcile_timeout", c.reconcile_timeout_ns);
  read_duration(r, "exit_update_interval", c.exit_update_interval_ns);
  r.get("on_mismatch", c.on_mismatch, one_of({"reduce_only", "halt"}));
  r.get("checkpoint_every", c.checkpoint_every, between(0, 100'000'000));
  if (c.checkpoint_every > 0 && c.checkpoint_every < 1000)
    r.report("checkpoint_every", "expected 0 (never) or 1000..100000000 records, got " +
                                     std::to_string(c.checkpoint_every));
  r.finish();
}

// [learning.thresholds]: step, and [min, max] per threshold the daemon may move, inside
// the range the detector itself accepts.
void read_threshold_bounds(table_reader r, learning_config& c) {
  r.get("step", c.threshold_step, above_up_to(0, 0.5));
  struct known_threshold {
    const char* name;
    detail::bounds range;
  };
  const known_threshold known[] = {{"volume_z", above(0)}, {"squeeze_quantile", above_up_to(0, 0.999)}};
  for (const auto& k : known) {
    std::vector<double> b;
    r.get(k.name, b, k.range, false);
    if (b.empty())
      continue;
    if (b.size() != 2 || b[0] > b[1]) {
      r.report(k.name, "expected [min, max] with min <= max");
      continue;
    }
    c.threshold_bounds[k.name] = {b[0], b[1]};
  }
  for (const char* key : {"z_threshold", "rv_ratio"}) {
    std::vector<double> ignored;
    r.get(key, ignored, at_least(0));  // known, so that it is reported once, as below
    if (!ignored.empty())
      r.report(key, "volatility thresholds are not learned: volatility signals have no direction, "
                    "so their outcomes say nothing about them");
  }
  r.finish();
}

void read_learning(table_reader r, learning_config& c) {
  r.get("mode", c.mode, [](const std::string& m) -> std::string {
    if (m == "off" || m == "observe" || m == "apply")
      return {};
    return "expected one of off, observe, apply, got \"" + m + "\"";
  });
  std::vector<double> horizons(c.horizons.begin(), c.horizons.end());
  r.get("horizons", horizons, between(1, 10000), false);
  bool whole = horizons.size() <= 8;
  for (std::size_t i = 0; i < horizons.size(); ++i)
    whole = whole && horizons[i] == static_cast<int>(horizons[i]) && (i == 0 || horizons[i] > horizons[i - 1]);
  if (!whole)
    r.report("horizons", "expected at most 8 whole numbers of bars in ascending order");
  else
    c.horizons.assign(horizons.begin(), horizons.end());
  read_duration(r, "default_timeframe", c.default_timeframe_ns);
  if (c.default_timeframe_ns < 1'000'000'000 || c.default_timeframe_ns % 1'000'000'000 != 0)
    r.report("default_timeframe", "expected a whole number of seconds, at least 1 s");
  r.get("pool_weight", c.pool_weight, above(0));
  r.get("drift_delta", c.drift_delta, at_least(0));
  r.get("drift_lambda", c.drift_lambda, above(0));
  r.get("drift_keep", c.drift_keep, between(0, 1));
  r.get("max_pending", c.max_pending, between(1, 100'000'000));
  c.feedback_horizon = c.horizons.empty() ? 0 : c.horizons.front();
  double feedback = c.feedback_horizon;
  r.get("feedback_horizon", feedback, between(1, 10000));
  if (std::find(c.horizons.begin(), c.horizons.end(), feedback) == c.horizons.end())
    r.report("feedback_horizon", "expected one of the horizons, got " + detail::format_number(feedback));
  else
    c.feedback_horizon = static_cast<int>(feedback);
  r.get("round_outcomes", c.round_outcomes, between(1, 1'000'000));
  r.get("min_outcomes", c.min_outcomes, between(2, 1'000'000));
  r.get("learning_rate", c.learning_rate, above_up_to(0, 10));
  r.get("z_min", c.z_min, at_least(0));
  r.get("z_cap", c.z_cap, above(0));
  if (c.z_cap < c.z_min)
    r.report("z_cap", "expected at least z_min (" + detail::format_number(c.z_min) + "), got "
                          + detail::format_number(c.z_cap));
  r.get("max_step", c.max_step, above_up_to(0, 1));
  r.get("decay", c.decay, between(0, 0.99));
  r.get("min_weight", c.min_weight, above_up_to(0, 1));
  r.get("max_weight", c.max_weight, between(1, 10));
  r.get("history", c.history, between(1, 10'000));
  read_threshold_bounds(r.table("thresholds"), c);
  r.finish();
}

void read_policy(table_reader r, restart_policy_config& p) {
  r.get("strategy", p.strategy, one_of({"one_for_one", "one_for_all", "rest_for_one"}));
  r.get("intensity", p.intensity, at_least(0));
  r.get("period_s", p.period_s, above(0));
  r.get("backoff_min_ms", p.backoff_min_ms, at_least(0));
  r.get("backoff_max_ms", p.backoff_max_ms, at_least(0));
  if (p.backoff_max_ms < p.backoff_min_ms)
    r.report("backoff_max_ms", "expected >= backoff_min_ms (" +
                                   std::to_string(p.backoff_min_ms) + "), got " +
                                   std::to_string(p.backoff_max_ms));
  r.finish();
}

void read_supervision(table_reader r, supervision_config& c) {
  read_policy(r.table("root"), c.root);
  read_policy(r.table("market"), c.market);
  read_policy(r.table("symbol"), c.symbol);
  read_policy(r.table("trading"), c.trading);
  read_policy(r.table("learning"), c.learning);
  read_policy(r.table("ops"), c.ops);
  r.finish();
}

void read_snapshot_policy(table_reader r, snapshot_policy_config& p) {
  r.get("every_messages", p.every_messages, at_least(0));
  r.get("every_ms", p.every_ms, at_least(0));
  r.get("on_stop", p.on_stop);
  r.finish();
}

void read_snapshots(table_reader r, snapshots_config& c) {
  read_snapshot_policy(r.table("feed"), c.feed);
  read_snapshot_policy(r.table("scanner"), c.scanner);
  read_snapshot_policy(r.table("detector"), c.detector);
  read_snapshot_policy(r.table("signal_log"), c.signal_log);
  r.finish();
}

void read_http(table_reader r, http_config& c, const std::string& base_dir) {
  r.get("enabled", c.enabled);
  r.get("listen", c.listen, check_listen);
  r.get("token", c.token, [](const std::string& t) -> std::string {
    return t.find_first_of(" \t\r\n") == std::string::npos ? "" : "expected a token without whitespace";
  });
  r.get("allowed_hosts", c.allowed_hosts, [](const std::string& h) -> std::string {
    return !h.empty() && h.find_first_of(" \t\r\n/") == std::string::npos
             ? "" : "expected host or host:port, got \"" + h + "\"";
  });
  r.get("allowed_origins", c.allowed_origins, [](const std::string& o) -> std::string {
    bool scheme = o.rfind("http://", 0) == 0 || o.rfind("https://", 0) == 0;
    return scheme && o.back() != '/' ? "" : "expected scheme://host[:port] without a path, got \"" + o + "\"";
  });
  r.get("static_dir", c.static_dir);
  if (!c.static_dir.empty() && !base_dir.empty() && std::filesystem::path{c.static_dir}.is_relative())
    c.static_dir = (std::filesystem::path{base_dir} / c.static_dir).lexically_normal().string();
  r.get("request_timeout_ms", c.request_timeout_ms, between(10, 60'000));
  r.finish();
}

void read_backtest(table_reader r, backtest_config& c, const engine_config& whole) {
  r.get("monte_carlo_runs", c.monte_carlo_runs, between(0, 1'000'000));
  r.get("seed", c.seed, at_least(0));
  r.get("ruin_level", c.ruin_level, above_up_to(0, 1));
  r.get("risk_free_rate", c.risk_free_rate, between(0, 0.999999));
  auto wf = r.table("walk_forward");
  wf.get("enabled", c.walk_forward.enabled);
  read_duration(wf, "in_sample", c.walk_forward.in_sample_ns);
  read_duration(wf, "out_of_sample", c.walk_forward.out_of_sample_ns);
  wf.get("objective", c.walk_forward.objective,
         one_of({"sharpe", "sortino", "calmar", "total_return", "profit_factor"}));
  wf.finish();
  auto grid = r.table("grid");
  for (const auto& name : grid.keys()) {
    std::vector<double> values;
    grid.get(name, values, between(-1e300, 1e300), false);
    engine_config probe = whole;
    for (double v : values)
      if (auto why = set_parameter(probe, name, v); !why.empty()) {
        grid.report(name, why);
        break;
      }
    c.grid.emplace_back(name, std::move(values));
  }
  grid.finish();
  r.finish();
}

void read_engine(table_reader root, engine_config& c, const std::string& base_dir,
                 const load_options& options) {
  read_node(root.table("node"), c.node);
  read_logging(root.table("logging"), c.logging);
  const auto symbols = read_market(root.table("market"), c.market);
  std::set<std::string> feed_names;
  if (auto feeds = root.tables("feeds")) {
    for (auto& feed : *feeds)
      read_feed(feed, c.feeds.emplace_back(), symbols, feed_names, base_dir, options);
    if (feeds->empty())
      root.report("feeds", "expected at least one [[feeds]] table");
  }
  read_scanner(root.table("scanner"), c.scanner);
  read_detectors(root.table("detectors"), c.detectors, c.scanner.timeframes);
  detail::read_strategy(root.table("strategy"), c.strategy, c.scanner.timeframes);
  detail::read_risk(root.table("risk"), c.risk, symbols, c.scanner.timeframes, base_dir);
  detail::read_broker(root.table("broker"), c.broker);
  read_orders(root.table("orders"), c.orders);
  read_learning(root.table("learning"), c.learning);
  read_supervision(root.table("supervision"), c.supervision);
  read_snapshots(root.table("snapshots"), c.snapshots);
  read_http(root.table("http"), c.http, base_dir);
  detail::read_alerts(root.table("alerts"), c.alerts);
  read_backtest(root.table("backtest"), c.backtest, c);
  root.finish();
}

} // namespace

std::string config_problem::to_string() const {
  std::string out = file;
  if (line != 0) {
    out += ":" + std::to_string(line);
    if (column != 0)
      out += ":" + std::to_string(column);
  }
  if (!key.empty())
    out += ": " + key;
  return out + ": " + message;
}

namespace {

config_load_result load(std::string_view toml_text, std::string source_name,
                        const std::string& base_dir, const load_options& options) {
  config_load_result result;
  detail::problem_list problems(source_name);
  try {
    const toml::table root = toml::parse(toml_text, std::string_view(source_name));
    read_engine(table_reader(&root, "", root.source().begin, problems), result.config, base_dir,
                options);
  } catch (const toml::parse_error& e) {
    problems.add(e.source().begin, "", std::string(e.description()));
  } catch (const std::exception& e) {
    problems.add({}, "", std::string("internal error while loading: ") + e.what());
  }
  result.problems = problems.take();
  // A config with problems is not half-used by accident: callers get the defaults.
  if (!result.ok())
    result.config = engine_config{};
  result.config.source = std::move(source_name);
  return result;
}

} // namespace

config_load_result load_config_string(std::string_view toml_text, std::string source_name) {
  return load(toml_text, std::move(source_name), "", load_options{});
}

config_load_result load_config_file(const std::string& path, const load_options& options) {
  std::string failure;
  if (auto text = detail::read_text_file(path, "config file", failure))
    return load(*text, path, std::filesystem::path{path}.parent_path().string(), options);
  config_load_result result;
  result.config.source = path;
  result.problems.push_back({path, 0, 0, "", std::move(failure)});
  return result;
}

config_load_result load_demo_config() {
  return load_config_string(demo_config_toml(), "<demo>");
}

} // namespace tickline
