#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
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
  std::string kind = "synthetic";     ///< synthetic|csv|websocket|webhook. Default: "synthetic".
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
  // -- websocket (Binance market streams) ------------------------------------------------
  /// ws:// or wss:// URL. With `streams`, the base of Binance's combined stream (e.g.
  /// "wss://stream.binance.com:9443"); without, the complete stream URL. Required for
  /// kind websocket.
  std::string url;
  /// Stream kinds subscribed for every symbol of the feed: trade, aggTrade, kline_<tf>,
  /// depth, depth@100ms. Default: none (url names the streams).
  std::vector<std::string> streams;
  /// Base of Binance's REST API (http:// or https://, e.g. "https://api.binance.com"),
  /// where a depth book takes its snapshot (GET /api/v3/depth) before it applies diffs.
  /// Required when a depth stream is subscribed. Default: "".
  std::string rest_url;
  int depth_limit = 1000;  ///< Levels of each depth snapshot, 1..5000. Default: 1000.
  std::int64_t reconnect_min_ms = 500;    ///< First reconnect delay, 1..600000. Default: 500.
  std::int64_t reconnect_max_ms = 30000;  ///< Cap of the delay, reconnect_min_ms..600000. Default: 30000.
  // -- webhook (TradingView-style alerts) ------------------------------------------------
  std::string listen = "127.0.0.1:8090";  ///< host:port of the alert endpoint. Default: "127.0.0.1:8090".
  std::string endpoint = "/webhook";      ///< Path that takes POSTed alerts. Default: "/webhook".
  /// Shared secret every alert must carry; required for kind webhook unless the
  /// TICKLINE_WEBHOOK_SECRET environment variable is set. Default: "".
  std::string secret;
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

/// [strategy]: turns signals into intents, sized by config/position sizing.
struct strategy_config {
  bool enabled = false;          ///< Default: false.
  double min_confidence = 0.6;   ///< Combined confidence an entry needs, [0,1]. Default: 0.6.
  double risk_per_trade = 0.005; ///< Fraction of equity risked per trade, (0, 0.1]. Default: 0.005.
  std::string timeframe;         ///< Bars of ATR and volatility; one of scanner.timeframes. Default: the longest one.
  /// Weight of a signal by "kind" (whale, pattern, volatility, external) or "kind.name"
  /// ("pattern.ema_cross", which wins over "pattern"), 0..10; unlisted = 1. Default: none.
  std::map<std::string, double> weights;
  std::int64_t signal_window_ms = 300000; ///< Signals older than this are forgotten, 1..86400000. Default: 300000.
  int atr_period = 14;           ///< ATR of the stop distance, 1..1000. Default: 14.
  double stop_atr_multiple = 2;  ///< Stop loss at this many ATRs from the entry, (0, 100]. Default: 2.
  /// Take-profit targets as multiples of the stop distance (R), each in (0, 100], ascending;
  /// empty = none. Default: [1, 2].
  std::vector<double> take_profit_r = {1, 2};
  double kelly_cap = 0.25;       ///< Cap of the Kelly fraction, (0, 1]. Default: 0.25.
  int kelly_min_trades = 20;     ///< Closed trades before Kelly applies, >= 1. Default: 20.
  /// Closed entries a signal must have voted for before its record calibrates its votes
  /// (fewer: calibration 1), >= 0. Default: 20.
  int calibration_min_trades = 20;
  double vol_target = 0;         ///< Annualized volatility target, >= 0; 0 = off. Default: 0.
  int vol_window = 30;           ///< Bar returns of the realized volatility, 2..10000. Default: 30.
  double max_qty = 0;            ///< Largest order quantity, >= 0; 0 = no cap. Default: 0.
};

/// [risk.calendar]: when new positions may be opened, in the calendar's time zone.
struct calendar_config {
  std::string timezone = "UTC";  ///< IANA name ("America/New_York"). Default: "UTC".
  /// Trading days among mon, tue, wed, thu, fri, sat, sun; non-empty. Default: all seven.
  std::vector<std::string> weekdays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  /// Local trading hours "HH:MM-HH:MM" (end exclusive, up to 24:00), non-empty.
  /// Default: ["00:00-24:00"].
  std::vector<std::string> hours = {"00:00-24:00"};
  std::vector<std::string> holidays; ///< Closed local dates "YYYY-MM-DD". Default: none.
};

/// [risk.sectors]: sector (or asset class) of each symbol and caps per sector.
struct sectors_config {
  std::map<std::string, std::string> symbols; ///< Symbol (of market.symbols) -> sector. Default: none.
  std::map<std::string, double> caps;         ///< Sector -> max gross notional, > 0. Default: none.
};

/// [risk]: limits enforced by the risk supervisor. A limit of 0 is "no limit" where noted.
struct risk_config {
  int max_trades_per_day = 50;         ///< Entries per calendar day, >= 0; 0 = no limit. Default: 50.
  double max_daily_loss = 1000;        ///< Realized + unrealized, account currency, >= 0; 0 = no limit. Default: 1000.
  double max_drawdown_pct = 10;        ///< From peak equity, then HALTED, (0, 100]. Default: 10.
  double max_position_notional = 10000; ///< Per symbol, > 0. Default: 10000.
  double max_gross_exposure = 50000;   ///< Sum of |notional|, >= 0; 0 = no limit. Default: 50000.
  double max_net_exposure = 30000;     ///< |Sum of signed notional|, >= 0; 0 = no limit. Default: 30000.
  int max_consecutive_losses = 5;      ///< Then PAUSED, >= 0; 0 = no limit. Default: 5.
  /// When a loss-streak pause (max_consecutive_losses) or a daily-loss REDUCING state
  /// ends by itself: "next_day" (the next trading day of the calendar), a duration such
  /// as "2h" after it began, or "manual" (an operator's resume only). HALTED (drawdown,
  /// emergency stop) always waits for an operator. Default: "next_day".
  std::string resume = "next_day";
  std::int64_t resume_after_ns = 0;    ///< The duration when `resume` is one; else 0.
  std::int64_t cooldown_ms = 60000;    ///< Between entries in one symbol, >= 0. Default: 60000.
  double max_atr_pct = 5;              ///< Deny entries when ATR % of price is above, >= 0; 0 = off. Default: 5.
  std::string timeframe;               ///< Bars of ATR and correlation; one of scanner.timeframes. Default: the longest one.
  int atr_period = 14;                 ///< 1..1000. Default: 14.
  double correlation_threshold = 0.8;  ///< Positions correlated above this count together, (0, 1). Default: 0.8.
  int correlation_window = 60;         ///< Bar returns of the rolling correlation, 3..100000. Default: 60.
  int max_correlated_positions = 2;    ///< Open positions correlated with an entry, >= 0; 0 = no limit. Default: 2.
  /// CSV of blackout windows `start,end,reason` (ISO-8601 UTC); relative to the config
  /// file; empty = none. Default: "".
  std::string blackout_file;
  bool flatten_on_disconnect = true;   ///< Flatten when the broker or a symbol's feed is lost. Default: true.
  int decision_log_size = 1000;        ///< Decisions kept in memory, 1..1000000. Default: 1000.
  calendar_config calendar;
  sectors_config sectors;
};

/// [broker]: the paper broker's account and its execution model (actors/paper_broker_state).
struct broker_config {
  std::string name = "paper";        ///< Default: "paper".
  /// "paper" (a simulated venue fed by the node's market data) or "binance" (Binance spot,
  /// or any venue speaking its API, such as `tickline venue`). Default: "paper".
  std::string kind = "paper";
  /// Currency of cash, prices and fees, [A-Z0-9]+. Default: "USDT".
  std::string quote_currency = "USDT";
  double starting_balance = 100000;  ///< Cash in quote_currency, > 0. Default: 100000.
  double maker_fee_bps = 10;         ///< Fee of limit fills, of the notional, 0..1000. Default: 10.
  double taker_fee_bps = 10;         ///< Fee of market and stop fills, 0..1000. Default: 10.
  /// Time from receiving an order until it can fill, 0..60000; fills come only from market
  /// data stamped after it. Default: 50.
  std::int64_t latency_ms = 50;
  double slippage_bps = 2;           ///< Price penalty of market and stop fills, 0..1000. Default: 2.
  /// Share of each market event's quantity (trade, bar volume, quoted size) that this
  /// broker's orders on one side may take; the rest waits for later events, (0, 1].
  /// Default: 0.1.
  double max_participation = 0.1;
  bool allow_short = false;          ///< Sell more than is held (no margin model). Default: false.
  // -- kind = "binance" (docs/venue.md) ------------------------------------------------
  /// The REST API's base, http:// or https://. Default: "https://api.binance.com".
  std::string base_url = "https://api.binance.com";
  /// The WebSocket API (user data stream), ws:// or wss://; "" = none (orders are
  /// polled). Default: "wss://ws-api.binance.com:443/ws-api/v3".
  std::string stream_url = "wss://ws-api.binance.com:443/ws-api/v3";
  /// recvWindow signed into every request, 1..60000. Default: 5000.
  std::int64_t recv_window_ms = 5000;
  /// A REST request without an answer after this long has an unknown outcome, 100..60000.
  /// Default: 5000.
  std::int64_t timeout_ms = 5000;
  /// Open orders are queried this often for fills the stream may have missed, 50..60000.
  /// Default: 1000.
  std::int64_t poll_ms = 1000;
  /// Environment variables holding the API key and secret. Default:
  /// "TICKLINE_BINANCE_API_KEY", "TICKLINE_BINANCE_API_SECRET".
  std::string api_key_env = "TICKLINE_BINANCE_API_KEY";
  std::string api_secret_env = "TICKLINE_BINANCE_API_SECRET";
  /// An encrypted key file (`tickline keys add`) read instead of the environment when set;
  /// its passphrase comes from TICKLINE_KEYS_PASSPHRASE. Default: "".
  std::string key_file;
  /// The entry of key_file to use. Default: "binance".
  std::string key_name = "binance";
  /// Open orders found at the venue at start with this engine's client ids that no
  /// journal claims within 30 s: "cancel" or "keep" (logged either way; orders with other
  /// ids are always left alone). Default: "cancel".
  std::string on_unknown_orders = "cancel";
};

/// [orders]: the order manager: client order ids, bracket exits, recovery.
struct orders_config {
  /// Start of every client order id, "<prefix>-<session>-<seq>"; [A-Za-z0-9_], 1..16
  /// characters. Default: "tl".
  std::string client_id_prefix = "tl";
  /// Shares of a bracket's filled quantity given to its take-profit targets, in target
  /// order, when an intent has exactly this many targets (otherwise equal shares); each in
  /// (0, 1], sum <= 1 (the rest rides on the stop). Default: [0.5, 0.5].
  std::vector<double> take_profit_fractions = {0.5, 0.5};
  /// The stop trails the best price since entry by this many ATRs; 0 = no trailing,
  /// 0..100. Default: 3.
  double trailing_atr_multiple = 3;
  /// The tighter multiple used while the regime is volatile (as the scanner's regime(N)
  /// indicator finds the bars of the strategy's timeframe; without regime(N) among
  /// scanner.indicators it is never used); (0, trailing_atr_multiple], unused when
  /// trailing is off. Default: 2.
  double trailing_atr_multiple_volatile = 2;
  /// A position held this long is closed at market ("max_holding", a duration such as
  /// "4h"). Default: 4h.
  std::int64_t max_holding_ns = 4 * 3'600'000'000'000LL;
  /// Wait this long for an order_status before asking a broker again, and before sending
  /// again a close the broker refused ("reconcile_timeout", a duration such as "10s").
  /// Default: 10s.
  std::int64_t reconcile_timeout_ns = 10'000'000'000LL;
  /// While an entry is still filling, its stop and targets grow with it at most once per
  /// this interval, and at once when the entry completes ("exit_update_interval", a
  /// positive duration). The first fill gets its stop at once. Default: 1s.
  std::int64_t exit_update_interval_ns = 1'000'000'000LL;
  /// After a restart has reconciled every open order, the order manager compares its
  /// net positions with the broker's, symbol by symbol. On a difference it cannot
  /// explain, trading goes "reduce_only" (PAUSED: no entries, exits and closes go on) or
  /// "halt" (HALTED: nothing new until an operator resumes). Default: "reduce_only".
  std::string on_mismatch = "reduce_only";
  /// Every this many order journal records, the order manager writes a checkpoint (its
  /// state and the ledger of booked fills) and deletes the records it covers; a start
  /// replays only the records after the latest checkpoint. 0 = never (the journal keeps
  /// every record and a start replays them all); else 1000..100000000. Default: 50000.
  std::int64_t checkpoint_every = 50'000;
};

/// [learning]: the learning daemon (docs/learning.md).
struct learning_config {
  /// "off" (no daemon), "observe" (it learns, proposes signal weights and reports them,
  /// and changes nothing) or "apply" (the strategy uses its weights). Default: "observe".
  std::string mode = "observe";
  /// Horizons of each signal's outcome, in bars of its timeframe: ascending, each
  /// 1..10000, at most 8. Default: [5, 20].
  std::vector<int> horizons = {5, 20};
  /// The timeframe of signals that name none (whale trades), a duration. Default: "1m".
  std::int64_t default_timeframe_ns = 60'000'000'000;
  /// Outcomes at which a symbol's own hit rate weighs as much as the pooled one, > 0.
  /// Default: 30.
  double pool_weight = 30;
  double drift_delta = 0.005;   ///< Page-Hinkley tolerance per outcome, >= 0. Default: 0.005.
  double drift_lambda = 5;      ///< Page-Hinkley threshold, > 0. Default: 5.
  double drift_keep = 0.5;      ///< Share of the hit-rate evidence kept after a drift, 0..1. Default: 0.5.
  /// Pending outcomes at most, 1..100000000. Default: 1000000.
  std::int64_t max_pending = 1'000'000;
  /// The horizon (one of `horizons`, bars) whose outcomes move the weights. Default: the first.
  int feedback_horizon = 0;
  /// Weight learning (docs/learning.md): outcomes per round, 1..1000000 (default 50);
  /// outcomes a (detector, pattern) needs in a round to move, 2..1000000 (default 10);
  /// learning rate, (0, 10] (default 0.1); dead band in standard errors, >= 0 (default
  /// 2); gradient cap, >= z_min and > 0 (default 4); largest change per round, (0, 1]
  /// (default 0.2); weight bounds, 0 < min_weight <= 1 <= max_weight <= 10 (defaults
  /// 0.25, 4); versions kept for rollback, 1..10000 (default 100).
  std::int64_t round_outcomes = 50;
  std::int64_t min_outcomes = 10;
  double learning_rate = 0.1;
  double z_min = 2;
  double z_cap = 4;
  double max_step = 0.2;
  /// Shrinkage of every log-weight toward 0 at each update, [0, 1) (default 0.1).
  double decay = 0.1;
  double min_weight = 0.25;
  double max_weight = 4;
  std::int64_t history = 100;
  /// [learning.thresholds]: detector thresholds the daemon may move, each with its
  /// bounds: "volume_z" (detectors.pattern.volume_z, of volume_spike) and
  /// "squeeze_quantile" (detectors.pattern.squeeze_quantile, of squeeze_release), as
  /// [min, max] inside the detector's own range. Unlisted: not learned. Default: none.
  std::map<std::string, std::pair<double, double>> threshold_bounds;
  /// The largest relative change of a threshold per update, (0, 0.5]. Default: 0.1.
  double threshold_step = 0.1;
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
  /// Host header values the API answers (DNS rebinding); empty = "127.0.0.1:PORT" and
  /// "localhost:PORT" with listen's port (and listen itself when its host is neither
  /// 0.0.0.0 nor ::). Each is host or host:port. Default: [].
  std::vector<std::string> allowed_hosts;
  /// Origin header values accepted (cross-site requests); a request without Origin is
  /// accepted. Empty = "http://" + each allowed host. Default: [].
  std::vector<std::string> allowed_origins;
  /// Directory of the dashboard's static files served at /; relative to the config file.
  /// Empty = the dashboard built or installed with the executable
  /// (`<bin>/../share/tickline/web`); none there, or a missing directory = a built-in page
  /// listing the endpoints. Default: "".
  std::string static_dir;
  /// How long an API request waits for the actors it asks, 10..60000 ms. Default: 1000.
  std::int64_t request_timeout_ms = 1000;
};

/// One [[alerts.rules]] table: a condition that raises an alert.
struct alert_rule_config {
  /// Names the rule in alerts; unique among the rules. Default: "<kind>-<position>", e.g.
  /// "signal-1".
  std::string name;
  /// signal|risk_state|connection_lost|daily_loss|escalation. Required, no default.
  std::string kind;
  /// kind = "signal": whale|pattern|volatility|external; empty = any. Default: "".
  std::string signal_kind;
  /// kind = "signal": a signal at or above this strength raises it, [0, 1]. Default: 0.
  double min_strength = 0;
  /// kind = "risk_state": the trading states that raise it, ACTIVE|REDUCING|PAUSED|HALTED
  /// (any case); empty = every change. Stored lower-case. Default: [].
  std::vector<std::string> states;
  /// kind = "daily_loss": the loss of the UTC day (equity below the day's first equity)
  /// that raises it, once per day, > 0. Required for that kind. Default: 0.
  double amount = 0;
  /// Alerts of this rule closer together than this are held and sent as one with their
  /// `count` ("min_interval", a duration such as "60s"). Default: 60s.
  std::int64_t min_interval_ns = 60'000'000'000LL;
};

/// [alerts]: rules and where their alerts go (the log, webhooks).
struct alerts_config {
  bool enabled = true;                 ///< Off: no alerts actor. Default: true.
  bool log = true;                     ///< Write each alert to the log (warn). Default: true.
  /// Each alert is POSTed as JSON to every URL "http://host:port/path". Default: none.
  std::vector<std::string> webhooks;
  std::int64_t timeout_ms = 2000;      ///< Per webhook request, 1..60000. Default: 2000.
  /// Alerts waiting for the webhooks; more are dropped and counted, 1..100000. Default: 256.
  int queue = 256;
  std::vector<alert_rule_config> rules; ///< [[alerts.rules]]; none = no alerts actor. Default: none.
};

/// [backtest.walk_forward]: optimize the grid on rolling in-sample windows, score the
/// winner on the window after each.
struct walk_forward_config {
  bool enabled = false;                            ///< Default: false.
  std::int64_t in_sample_ns = 7 * 86'400'000'000'000LL;  ///< "7d"; > 0. Default: "7d".
  std::int64_t out_of_sample_ns = 2 * 86'400'000'000'000LL; ///< "2d"; > 0. Default: "2d".
  /// What a window's best parameters maximize: sharpe, sortino, calmar, total_return or
  /// profit_factor. Default: "sharpe".
  std::string objective = "sharpe";
};

/// [backtest]: what `tickline backtest` computes besides the replay itself.
struct backtest_config {
  std::uint64_t monte_carlo_runs = 10000;          ///< Bootstrap runs, 0..1000000; 0 = off. Default: 10000.
  std::uint64_t seed = 1;                          ///< Seed of the bootstrap. Default: 1.
  double ruin_level = 0.5;                         ///< Ruin = losing this fraction of the start, (0, 1]. Default: 0.5.
  double risk_free_rate = 0;                       ///< Annual, for Sharpe and Sortino, [0, 1). Default: 0.
  walk_forward_config walk_forward;
  /// [backtest.grid]: parameter name -> values to try (see config/parameters.hpp for the
  /// names), in name order. Default: none.
  std::vector<std::pair<std::string, std::vector<double>>> grid;
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
  orders_config orders;
  learning_config learning;
  supervision_config supervision;
  snapshots_config snapshots;
  http_config http;
  alerts_config alerts;
  backtest_config backtest;
  std::string source = "<default>";   ///< Where it was loaded from (file path or "<demo>").
};

} // namespace tickline
