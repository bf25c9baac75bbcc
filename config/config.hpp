#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tickline {

// The typed configuration of a node. Every field has the default a user gets when the
// key is absent from the TOML file. See examples/demo.toml for the annotated form.

/// [node]: identity and resources of this process.
struct node_config {
  std::string name = "tickline";      ///< Default: "tickline".
  int threads = 0;                    ///< Scheduler threads; 0 = core count. Default: 0.
  std::string data_dir = "./tickline-data"; ///< RocksDB and tokens. Default: "./tickline-data".
};

/// [logging]
struct logging_config {
  std::string level = "info";  ///< trace|debug|info|warn|error|off. Default: "info".
  std::string file;            ///< Empty = stderr. Default: "".
};

/// [market]: the symbols this node scans.
struct market_config {
  std::vector<std::string> symbols; ///< Upper-case, unique, non-empty. Default: none.
};

/// [[feeds]]: one market-data source each.
struct feed_config {
  std::string name;                   ///< Unique, required.
  std::string kind = "synthetic";     ///< synthetic (csv, websocket, webhook later). Default: "synthetic".
  std::vector<std::string> symbols;   ///< Subset of market.symbols; empty = all. Default: all.
  // -- synthetic generator ------------------------------------------------------------
  std::uint64_t seed = 42;            ///< Default: 42.
  double ticks_per_second = 200;      ///< Per symbol, > 0. Default: 200.
  std::int64_t slice_ms = 50;         ///< Batch period, 1..10000. Default: 50.
  double start_price = 100;           ///< > 0. Default: 100.
  double volatility = 0.0005;         ///< Per-tick sigma of log returns, calm regime, (0, 0.1]. Default: 0.0005.
  double regime_switch_probability = 0.001; ///< Per tick, [0,1]. Default: 0.001.
  double whale_probability = 0.002;   ///< Per tick chance of a very large trade, [0,1]. Default: 0.002.
  double whale_multiplier = 50;       ///< Size of a whale trade vs. the mean, >= 1. Default: 50.
  /// Chance per slice_ms of simulated time of a price gap before the slice's first trade,
  /// [0,1]. Default: 0.0005.
  double gap_probability = 0.0005;
  double gap_sigma = 0.01;            ///< Sigma of a gap's log size (fraction of price), (0, 0.5]. Default: 0.01.
  double burst_probability = 0.0001;  ///< Per tick chance that a burst of large trades starts, [0,1]. Default: 0.0001.
  int burst_length = 5;               ///< Trades in a burst, each whale_multiplier x the mean size, 1..1000. Default: 5.
  // -- csv replay -----------------------------------------------------------------------
  /// A CSV file (feed of one symbol) or a directory holding one file per symbol, named
  /// starting with the symbol (e.g. BTCUSDT-1m-2024-01.csv). Required for kind csv.
  std::string path;
  double speed = 0;                   ///< Replay speed, multiple of real time; 0 = as fast as possible. Default: 0.
  /// The auditor reports the feed lost after this long without a heartbeat, 10..3600000.
  /// Default: 2000.
  std::int64_t stale_after_ms = 2000;
};

/// [scanner]: bars and indicators computed per symbol.
struct scanner_config {
  /// Bar timeframes as "1s", "1m", "5m", "1h", "1d". Default: ["1s", "1m"].
  std::vector<std::string> timeframes = {"1s", "1m"};
  /// Indicator specs: "sma(N)", "ema(N)", "rsi(N)", "atr(N)", "vwap(N)", "bbands(N[,K])",
  /// "macd([F,S,SIG])", "volz(N)", "rv(N)", "regime(N)" (see docs/indicators.md); no two
  /// may write the same column. Default: sma(20), ema(20), rsi(14).
  std::vector<std::string> indicators = {"sma(20)", "ema(20)", "rsi(14)"};
};

/// [detectors.whale]: outlier trades against the rolling size and notional distributions.
struct whale_detector_config {
  bool enabled = true;        ///< Default: true.
  int window = 500;           ///< Trades in the rolling window, 10..1000000. Default: 500.
  int min_samples = 50;       ///< Warm-up trades before any signal, >= 2. Default: 50.
  double z_threshold = 4.0;   ///< Size z-score that flags a whale, > 0. Default: 4.0.
  double min_notional = 0;    ///< Ignore trades below this notional, >= 0. Default: 0.
  /// A trade whose notional is at or above this percentile of the window's notionals is a
  /// whale too, [0.5, 1]; it needs at least 1 / (1 - p) trades in the window, so 1 turns
  /// the rule off. Default: 0.998 (the top two of a full 500-trade window).
  double percentile_threshold = 0.998;
  double cluster_z = 2.5;     ///< Size z-score of a "large" trade for clusters, > 0. Default: 2.5.
  std::int64_t cluster_window_ms = 10000; ///< Window of a cluster, >= 1. Default: 10000.
  int cluster_min = 3;        ///< Large trades in the window that make a cluster, >= 2. Default: 3.
  int imbalance_window = 200; ///< Trades behind the buy/sell imbalance, 10..1000000. Default: 200.
  double imbalance_threshold = 0.6; ///< |buy - sell| / total volume of a signal, (0, 1]. Default: 0.6.
};

/// [detectors.pattern]: chart patterns on the closed bars of one timeframe. `volume_z` and
/// `squeeze_quantile` are starting values: they can be tuned at run time, and a detector
/// restored from a snapshot keeps the values of its snapshot.
struct pattern_detector_config {
  bool enabled = true;              ///< Default: true.
  std::string timeframe;            ///< One of scanner.timeframes. Default: the longest one.
  int ema_fast = 9;                 ///< EMA crossover, fast period, 1..1000. Default: 9.
  int ema_slow = 21;                ///< Slow period, > ema_fast, ..1000. Default: 21.
  int breakout_lookback = 20;       ///< Bars whose range a close breaks out of, 2..1000. Default: 20.
  int volume_window = 20;           ///< Bars behind the volume z-score, 2..1000. Default: 20.
  double volume_z = 3.0;            ///< Volume z-score of a spike, > 0. Default: 3.0.
  int squeeze_period = 20;          ///< Bollinger period of the squeeze, 2..1000. Default: 20.
  int squeeze_lookback = 50;        ///< Bandwidths ranked for a squeeze, 5..1000. Default: 50.
  double squeeze_quantile = 0.2;    ///< A squeeze is a bandwidth in this lowest share, (0,1). Default: 0.2.
  int rsi_period = 14;              ///< RSI of the divergence check, 2..1000. Default: 14.
  int divergence_lookback = 20;     ///< Bars searched for the earlier extreme, 3..1000. Default: 20.
};

/// [detectors.volatility]: spikes of ATR % and realized volatility. `z_threshold` and
/// `rv_ratio` are starting values: they can be tuned at run time, and a detector restored
/// from a snapshot keeps the values of its snapshot.
struct volatility_detector_config {
  bool enabled = true;              ///< Default: true.
  std::string timeframe;            ///< One of scanner.timeframes. Default: the longest one.
  int atr_period = 14;              ///< 1..1000. Default: 14.
  int window = 100;                 ///< ATR% values behind the z-score, 10..100000. Default: 100.
  double z_threshold = 3.0;         ///< ATR% z-score of a spike, > 0. Default: 3.0.
  int rv_short = 10;                ///< Returns in the short realized volatility, 2..10000. Default: 10.
  int rv_long = 100;                ///< Returns in the long one, > rv_short. Default: 100.
  double rv_ratio = 2.0;            ///< Short/long ratio of a spike, > 1. Default: 2.0.
};

/// [detectors]
struct detectors_config {
  whale_detector_config whale;
  pattern_detector_config pattern;
  volatility_detector_config volatility;
};

/// [strategy]: turns signals into intents (trading issue).
struct strategy_config {
  bool enabled = false;          ///< Default: false.
  double min_confidence = 0.6;   ///< [0,1]. Default: 0.6.
  double risk_per_trade = 0.005; ///< Fraction of equity, (0, 0.1]. Default: 0.005.
};

/// [risk]: limits enforced by the risk supervisor (trading issue).
struct risk_config {
  int max_trades_per_day = 50;         ///< >= 0. Default: 50.
  double max_daily_loss = 1000;        ///< Account currency, >= 0. Default: 1000.
  double max_drawdown_pct = 10;        ///< (0, 100]. Default: 10.
  double max_position_notional = 10000; ///< > 0. Default: 10000.
};

/// [broker]
struct broker_config {
  std::string name = "paper";        ///< Default: "paper".
  std::string kind = "paper";        ///< paper. Default: "paper".
  double starting_balance = 100000;  ///< > 0. Default: 100000.
  double fee_bps = 10;               ///< [0, 1000]. Default: 10.
};

/// One supervisor's restart policy ([supervision.<subtree>]).
struct restart_policy_config {
  std::string strategy = "one_for_one"; ///< one_for_one|one_for_all|rest_for_one. Default: one_for_one.
  int intensity = 1;                    ///< Max restarts within period, >= 0. Default: 1 (OTP).
  double period_s = 5;                  ///< Seconds, > 0. Default: 5 (OTP).
  std::int64_t backoff_min_ms = 0;      ///< >= 0. Default: 0 (no backoff).
  std::int64_t backoff_max_ms = 0;      ///< >= backoff_min_ms. Default: 0.
};

/// [supervision]: per-subtree policies; absent tables keep their defaults.
struct supervision_config {
  restart_policy_config root;
  restart_policy_config market;
  restart_policy_config symbol{"rest_for_one", 1, 5, 0, 0};
  restart_policy_config trading{"rest_for_one", 1, 5, 0, 0};
  restart_policy_config learning;
  restart_policy_config ops;
};

/// [snapshots.<kind>]: when the actors of one kind write their state to RocksDB.
struct snapshot_policy_config {
  std::int64_t every_messages = 1000; ///< After this many messages; 0 = never, >= 0. Default: 1000.
  std::int64_t every_ms = 1000;       ///< After this much time; 0 = never, >= 0. Default: 1000.
  bool on_stop = true;                ///< When stopped gracefully. Default: true.
};

/// [snapshots]: policies per actor kind.
struct snapshots_config {
  snapshot_policy_config feed;
  snapshot_policy_config scanner;
  snapshot_policy_config detector;
  snapshot_policy_config signal_log;
};

/// [http]
struct http_config {
  bool enabled = true;                 ///< Default: true.
  std::string listen = "127.0.0.1:8080"; ///< host:port. Default: "127.0.0.1:8080".
  std::string token;                   ///< Control bearer token; empty = env or generated. Default: "".
};

/// The whole node configuration.
struct engine_config {
  node_config node;
  logging_config logging;
  market_config market;
  std::vector<feed_config> feeds;
  scanner_config scanner;
  detectors_config detectors;
  strategy_config strategy;
  risk_config risk;
  broker_config broker;
  supervision_config supervision;
  snapshots_config snapshots;
  http_config http;
  std::string source = "<default>";   ///< Where it was loaded from (file path or "<demo>").
};

} // namespace tickline
