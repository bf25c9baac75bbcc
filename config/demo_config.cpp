#include "config/demo_config.hpp"

namespace tickline {

// Kept identical to examples/demo.toml; tests/config/demo_config_test.cpp checks it.
const char* demo_config_toml() {
  return R"toml(# tickline demo node: four symbols fed by the deterministic synthetic generator.
# Every key is shown with its meaning and its default; a key left out takes the default.

# [node]: identity and resources of this process
[node]
name = "tickline-demo"          # Node name in logs and metrics. Default: "tickline".
threads = 0                     # Scheduler threads, 0..256; 0 = one per core. Default: 0.
data_dir = "./tickline-data"    # RocksDB state and tokens. Default: "./tickline-data".

# [logging]: what is logged, and where
[logging]
level = "info"                  # trace, debug, info, warn, error or off. Default: "info".
file = ""                       # Log file; empty = stderr. Default: "".

# [market]: the symbols this node scans (required)
[market]
# Upper-case [A-Z0-9._-]+, unique, at least one. No default.
symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"]

# [[feeds]]: market-data sources, at least one
[[feeds]]
name = "synthetic"              # Unique feed name (required).
kind = "synthetic"              # synthetic or csv (websocket, webhook later). Default: "synthetic".
symbols = []                    # Subset of market.symbols; empty = all. Default: all.
seed = 42                       # Random seed; same seed, same ticks. Default: 42.
ticks_per_second = 200          # Trades per second per symbol, > 0. Default: 200.
slice_ms = 50                   # Ticks are emitted in batches this often, 1..10000. Default: 50.
start_price = 100               # First price of every symbol, > 0. Default: 100.
volatility = 0.0005             # Calm-regime sigma of tick log returns, (0, 0.1]. Default: 0.0005.
regime_switch_probability = 0.001 # Per-tick chance to switch calm/volatile, 0..1. Default: 0.001.
whale_probability = 0.002       # Per-tick chance of a very large trade, 0..1. Default: 0.002.
whale_multiplier = 50           # Whale size relative to the mean size, >= 1. Default: 50.
gap_probability = 0.0005        # Chance per slice_ms of a price gap between two trades, 0..1. Default: 0.0005.
gap_sigma = 0.01                # Sigma of a gap as a fraction of price, (0, 0.5]. Default: 0.01.
burst_probability = 0.0001      # Per-tick chance of a burst of large trades, 0..1. Default: 0.0001.
burst_length = 5                # Trades per burst, whale-sized, one side, 1..1000. Default: 5.
# For kind = "csv" (see examples/csv-replay.toml):
# path = "data"                 # A file (one symbol) or a directory of files per symbol.
# speed = 0                     # Multiple of real time; 0 = as fast as possible. Default: 0.
stale_after_ms = 2000           # The auditor reports the feed lost after this silence. Default: 2000.

# [scanner]: bars and indicators per symbol
[scanner]
# Bar timeframes, "<n><unit>" with unit s, m, h or d (whole seconds); unique. Default: ["1s", "1m"].
timeframes = ["1s", "1m"]
# sma(N), ema(N), rsi(N), atr(N), vwap(N), bbands(N[,K]), macd([F,S,SIG]), volz(N), rv(N),
# regime(N); see docs/indicators.md.
# Default: ["sma(20)", "ema(20)", "rsi(14)"]. The demo adds regime(20): its bars tell the
# order manager when the market is volatile (orders.trailing_atr_multiple_volatile).
indicators = ["sma(20)", "ema(20)", "rsi(14)", "regime(20)"]

# [detectors.whale]: outlier trades against the rolling size distribution
[detectors.whale]
enabled = true                  # Default: true.
window = 500                    # Trades in the rolling window, 10..1000000. Default: 500.
min_samples = 50                # Warm-up trades before any signal, >= 2. Default: 50.
z_threshold = 4.0               # Size z-score that flags a whale, > 0. Default: 4.0.
min_notional = 0                # Ignore trades below this notional, >= 0. Default: 0.
# A trade at or above this percentile of the window's notionals is a whale too, 0.5..1;
# it needs 1 / (1 - p) trades in the window (500 here), so 1 turns the rule off.
percentile_threshold = 0.998    # Default: 0.998.
cluster_z = 2.5                 # Size z-score of a "large" trade for clusters, > 0. Default: 2.5.
cluster_window_ms = 10000       # A cluster is cluster_min large trades within this. Default: 10000.
cluster_min = 3                 # >= 2. Default: 3.
imbalance_window = 200          # Trades behind the buy/sell volume imbalance. Default: 200.
imbalance_threshold = 0.6       # |buy - sell| / total of a signal, (0, 1]. Default: 0.6.

# [detectors.pattern]: chart patterns on closed bars of one timeframe. volume_z and
# squeeze_quantile are starting values: a detector restored from a snapshot keeps its own.
[detectors.pattern]
enabled = true                  # Default: true.
timeframe = "1m"                # One of scanner.timeframes. Default: the longest one.
ema_fast = 9                    # EMA crossover periods, fast < slow. Default: 9.
ema_slow = 21                   # Default: 21.
breakout_lookback = 20          # A close beyond the range of this many bars. Default: 20.
volume_window = 20              # Bars behind the volume z-score. Default: 20.
volume_z = 3.0                  # Volume z-score of a spike, > 0. Default: 3.0.
squeeze_period = 20             # Bollinger period of the squeeze. Default: 20.
squeeze_lookback = 50           # Bandwidths ranked to find a squeeze. Default: 50.
squeeze_quantile = 0.2          # Squeeze = bandwidth in this lowest share, (0, 1). Default: 0.2.
rsi_period = 14                 # RSI of the divergence check. Default: 14.
divergence_lookback = 20        # Bars searched for the earlier extreme. Default: 20.

# [detectors.volatility]: ATR % and realized-volatility spikes (direction-neutral).
# z_threshold and rv_ratio are starting values: a restored detector keeps its own.
[detectors.volatility]
enabled = true                  # Default: true.
timeframe = "1m"                # One of scanner.timeframes. Default: the longest one.
atr_period = 14                 # Default: 14.
window = 100                    # ATR % values behind the z-score, >= 10. Default: 100.
z_threshold = 3.0               # ATR % z-score of a spike, > 0. Default: 3.0.
rv_short = 10                   # Returns in the short realized volatility. Default: 10.
rv_long = 100                   # Returns in the long one, > rv_short. Default: 100.
rv_ratio = 2.0                  # Short/long ratio of a spike, > 1. Default: 2.0.

# [strategy]: turns signals into order intents
[strategy]
enabled = true                  # The demo trades, on paper. Default: false.
min_confidence = 0.6            # Combined confidence an entry needs, 0..1. Default: 0.6.
risk_per_trade = 0.005          # Fraction of equity risked per trade, (0, 0.1]. Default: 0.005.
timeframe = "1s"                # Bars of ATR and volatility; one of scanner.timeframes. Default: the longest one.
signal_window_ms = 300000       # Signals older than this are forgotten, 1..86400000. Default: 300000.
atr_period = 14                 # ATR behind the stop distance, 1..1000. Default: 14.
stop_atr_multiple = 2           # Stop loss this many ATRs from the entry, (0, 100]. Default: 2.
take_profit_r = [1, 2]          # Targets in multiples of the stop distance, ascending. Default: [1, 2].
kelly_cap = 0.25                # Cap of the Kelly fraction, (0, 1]. Default: 0.25.
kelly_min_trades = 20           # Closed trades before Kelly applies, >= 1. Default: 20.
# Closed entries a signal must have voted for before its record calibrates its votes,
# >= 0 (see the weights below). Default: 20.
calibration_min_trades = 20
# Annualized volatility target, >= 0; 0 = off. The synthetic market is far more volatile
# than any real one (thousands of percent a year), so the demo leaves it off. Default: 0.
vol_target = 0
vol_window = 30                 # Bar returns of the realized volatility, 2..10000. Default: 30.
max_qty = 0                     # Largest order quantity, >= 0; 0 = no cap. Default: 0.

# [strategy.weights]: how much each signal counts, 0..10, by "kind" (whale, pattern,
# volatility, external) or "kind.name" (quoted; it wins over its kind). Unlisted = 1.
# Signals pointing the same way combine as 1 - prod(1 - weight * confidence * calibration),
# calibration = min(1, 2 (wins + 1) / (wins + losses + 2)) of the entries the signal voted
# for; the entry's confidence is the long combination minus the short one.
[strategy.weights]
whale = 1.0
pattern = 1.0
"pattern.volume_spike" = 0.5
volatility = 0.0                # Direction-neutral: they only bring ATR.

# [risk]: limits enforced before any order reaches the broker; 0 = no limit where noted
[risk]
max_trades_per_day = 50         # Entries per calendar day, >= 0; 0 = no limit. Default: 50.
max_daily_loss = 1000           # Realized + unrealized, >= 0; 0 = no limit; then REDUCING. Default: 1000.
max_drawdown_pct = 10           # Percent of peak equity, (0, 100]; then HALTED. Default: 10.
max_position_notional = 10000   # Per symbol, > 0. Default: 10000.
max_gross_exposure = 30000      # Sum of |notional|, >= 0; 0 = no limit. Default: 50000.
max_net_exposure = 20000        # |Sum of signed notional|, >= 0; 0 = no limit. Default: 30000.
max_consecutive_losses = 5      # Losing trades in a row, >= 0; 0 = no limit; then PAUSED. Default: 5.
# When a loss-streak pause or a daily-loss REDUCING ends by itself: "next_day" (next
# trading day), a duration after it began ("2h"), or "manual". HALTED is always manual.
# Default: "next_day".
resume = "next_day"
cooldown_ms = 60000             # Between entries in one symbol, >= 0. Default: 60000.
# Deny entries while ATR is above this percent of price, >= 0; 0 = off. The synthetic
# market is wild (median ATR of its 1m bars about 40 % of the price, the top tenth above
# 85 %): the demo stops only its wildest stretches. Default: 5.
max_atr_pct = 100
timeframe = "1s"                # Bars of ATR and correlation; one of scanner.timeframes. Default: the longest one.
atr_period = 14                 # 1..1000. Default: 14.
correlation_threshold = 0.8     # Positions correlated above this count together, (0, 1). Default: 0.8.
correlation_window = 60         # Bar returns of the rolling correlation, 3..100000. Default: 60.
max_correlated_positions = 2    # Open positions correlated with an entry, >= 0; 0 = no limit. Default: 2.
# CSV of windows without entries, "start,end,reason" in ISO-8601 UTC, relative to this
# file; empty = none. Default: "".
blackout_file = ""
flatten_on_disconnect = true    # Flatten when the broker or a symbol's feed is lost. Default: true.
decision_log_size = 1000        # Decisions kept in memory, 1..1000000. Default: 1000.

# [risk.calendar]: when entries are allowed, in local time of the zone. Crypto trades
# around the clock; a stock market would be e.g. "America/New_York", mon..fri,
# ["09:30-16:00"] and its holidays.
[risk.calendar]
timezone = "UTC"                # IANA time zone name. Default: "UTC".
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] # Default: all seven.
hours = ["00:00-24:00"]         # "HH:MM-HH:MM", end exclusive, several allowed. Default: ["00:00-24:00"].
holidays = []                   # Closed local dates "YYYY-MM-DD". Default: [].

# [risk.sectors]: the sector (or asset class) of each symbol, and the largest gross
# notional per sector (> 0); a sector without a cap is not limited. Default: none.
[risk.sectors]
symbols = { BTCUSDT = "major", ETHUSDT = "major", SOLUSDT = "alt", BNBUSDT = "alt" }
caps = { major = 20000, alt = 15000 }

# [broker]: where orders are executed
[broker]
name = "paper"                  # Default: "paper".
kind = "paper"                  # paper (simulated fills) or binance (docs/venue.md). Default: "paper".
quote_currency = "USDT"         # Currency of cash, prices and fees, [A-Z0-9]+. Default: "USDT".
starting_balance = 100000       # Cash in quote_currency, > 0. Default: 100000.
maker_fee_bps = 10              # Fee of limit fills in bps of the notional, 0..1000. Default: 10.
taker_fee_bps = 10              # Fee of market and stop fills, bps, 0..1000. Default: 10.
# An order can fill only from market data stamped later than its arrival + latency_ms.
latency_ms = 50                 # 0..60000. Default: 50.
slippage_bps = 2                # Price penalty of market and stop fills, 0..1000. Default: 2.
# Share of each trade's (bar's, quote's) quantity our orders on one side may take; the rest
# of an order waits for later market data (partial fills).
max_participation = 0.1         # (0, 1]. Default: 0.1.
allow_short = true              # Sell more than is held (no margin model). Default: false.
# For kind = "binance" (Binance spot or any venue speaking its API; examples/venue-live.toml):
# base_url = "https://api.binance.com"                     # REST API. Default: this.
# stream_url = "wss://ws-api.binance.com:443/ws-api/v3"    # user data stream; "" = poll only.
# recv_window_ms = 5000         # signed into every request, 1..60000. Default: 5000.
# timeout_ms = 5000             # no answer after this = outcome unknown, 100..60000. Default: 5000.
# poll_ms = 1000                # open orders are queried this often, 50..60000. Default: 1000.
# api_key_env = "TICKLINE_BINANCE_API_KEY"        # where the key is. Default: this.
# api_secret_env = "TICKLINE_BINANCE_API_SECRET"  # where the secret is. Default: this.
# key_file = ""                 # or an encrypted key file (tickline keys add). Default: "".
# key_name = "binance"          # its entry; passphrase in TICKLINE_KEYS_PASSPHRASE. Default: "binance".
# on_unknown_orders = "cancel"  # our open orders no journal claims: cancel, keep or halt. Default: "cancel".

# [orders]: the order manager (client order ids, bracket exits, recovery after a restart)
[orders]
client_id_prefix = "tl"         # Ids are "<prefix>-<session>-<seq>"; [A-Za-z0-9_]{1,16}. Default: "tl".
# Shares of the filled quantity per take-profit target when an intent has this many
# targets (else equal shares); each in (0, 1], sum <= 1. Default: [0.5, 0.5].
take_profit_fractions = [0.5, 0.5]
trailing_atr_multiple = 3       # Stop trails the best price by this many ATRs, 0..100; 0 = off. Default: 3.
# Tighter multiple while the scanner's regime(N) finds the strategy timeframe volatile
# (without regime(N) in scanner.indicators it is never used), (0, above]. Default: 2.
trailing_atr_multiple_volatile = 2
max_holding = "4h"              # A position held this long is closed at market. Default: "4h".
reconcile_timeout = "10s"       # Ask a broker again after this long without an answer. Default: "10s".
# While an entry is still filling, its stop and targets grow at most once per this
# interval (a positive duration), and at once when it completes. Default: "1s".
exit_update_interval = "1s"
# After a restart's reconciliation the order manager's positions are compared with the
# broker's; on a difference: "reduce_only" (PAUSED) or "halt". Default: "reduce_only".
on_mismatch = "reduce_only"
# Every this many order journal records: a checkpoint (the order manager's state and its
# ledger of fills) replaces the records it covers, and a start replays only those after
# it. 0 = never; else 1000..100000000. Default: 50000.
checkpoint_every = 50000

# [learning]: the learning daemon (docs/learning.md). It follows every signal to its
# outcome after each horizon and keeps hit rates, mean returns and drift per detector,
# pattern, symbol and regime; GET /api/v1/actors/learning_daemon shows them.
[learning]
mode = "observe"                # off, observe (learn and propose; change nothing) or apply. Default: "observe".
horizons = [5, 20]              # Bars of the signal's timeframe, ascending, at most 8. Default: [5, 20].
default_timeframe = "1m"        # Timeframe of signals that name none (whale trades). Default: "1m".
pool_weight = 30                # Outcomes at which a symbol counts as much as its pool, > 0. Default: 30.
drift_delta = 0.005             # Page-Hinkley tolerance per outcome, >= 0. Default: 0.005.
drift_lambda = 5                # Page-Hinkley threshold, > 0. Default: 5.
drift_keep = 0.5                # Hit-rate evidence kept after a drift, 0..1. Default: 0.5.
max_pending = 1000000           # Pending outcomes at most, 1..100000000. Default: 1000000.
# Signal weights, learned by exponentiated gradient over (detector, pattern) from the
# outcomes at feedback_horizon, one update per round of round_outcomes outcomes.
feedback_horizon = 5            # One of the horizons. Default: the first.
round_outcomes = 50             # Outcomes per round, 1..1000000. Default: 50.
min_outcomes = 10               # A (detector, pattern)'s outcomes in a round to move it, >= 2. Default: 10.
learning_rate = 0.1             # Step per standard error of evidence, (0, 10]. Default: 0.1.
z_min = 2                       # Dead band: evidence below this many standard errors moves nothing. Default: 2.
z_cap = 4                       # Evidence counted up to this many standard errors. Default: 4.
max_step = 0.2                  # Largest change of a weight per round, (0, 1]. Default: 0.2.
decay = 0.1                     # Each update shrinks every ln(weight) toward 0 by this share, 0..0.99. Default: 0.1.
min_weight = 0.25               # Weight bounds: 0 < min_weight <= 1 <= max_weight <= 10. Defaults: 0.25, 4.
max_weight = 4
history = 100                   # Versions kept for rollback, 1..10000. Default: 100.

# [learning.thresholds]: detector thresholds the daemon may move with the weights, each
# as [min, max] inside the detector's own range: volume_z (volume_spike) and
# squeeze_quantile (squeeze_release). A pattern whose signals pay gets a looser
# threshold, one whose signals lose a stricter one. Unlisted = not learned. Default: none.
[learning.thresholds]
step = 0.1                      # Largest relative change per update, (0, 0.5]. Default: 0.1.
volume_z = [2.5, 4.5]
squeeze_quantile = [0.1, 0.3]

# [supervision.*]: restart policy of each supervisor subtree (Erlang/OTP semantics).
# strategy: one_for_one, one_for_all or rest_for_one.
# intensity: max restarts within period_s, >= 0; one more and the supervisor stops its
#   children and fails, escalating to its parent (at the root: the node exits with 3).
# period_s: seconds, > 0. backoff_min_ms / backoff_max_ms: delay before a restart,
#   doubling per recent restart up to the max, with jitter; 0 = restart at once.
# The code defaults are OTP's (intensity 1 in 5 s, no backoff). This demo allows more, so
# that `tickline run --chaos 5` shows restarts instead of an escalation within a second.
[supervision.root]
strategy = "one_for_one"        # Default: "one_for_one".
intensity = 3                   # Default: 1.
period_s = 10                   # Default: 5.
backoff_min_ms = 0              # Default: 0.
backoff_max_ms = 0              # Default: 0.

[supervision.market]
strategy = "one_for_one"        # Default: "one_for_one".
intensity = 30                  # Default: 1.
period_s = 10                   # Default: 5.
backoff_min_ms = 5              # Default: 0.
backoff_max_ms = 200            # Default: 0.

[supervision.symbol]
strategy = "rest_for_one"       # Bars feed indicators feed detectors. Default: "rest_for_one".
intensity = 30                  # Default: 1.
period_s = 10                   # Default: 5.
backoff_min_ms = 5              # Default: 0.
backoff_max_ms = 200            # Default: 0.

[supervision.trading]
strategy = "rest_for_one"       # Risk before everything that trades. Default: "rest_for_one".
intensity = 30                  # Default: 1.
period_s = 10                   # Default: 5.
backoff_min_ms = 5              # Default: 0.
backoff_max_ms = 200            # Default: 0.

[supervision.learning]
strategy = "one_for_one"        # Default: "one_for_one".
intensity = 30                  # The daemon restarts from its snapshot. Default: 1.
period_s = 10                   # Default: 5.
backoff_min_ms = 5              # Default: 0.
backoff_max_ms = 200            # Default: 0.

[supervision.ops]
strategy = "one_for_one"        # Default: "one_for_one".
intensity = 30                  # Default: 1.
period_s = 10                   # Default: 5.
backoff_min_ms = 5              # Default: 0.
backoff_max_ms = 200            # Default: 0.

# [snapshots.<kind>]: when actors of a kind (feed, scanner, detector, signal_log) write
# their state to RocksDB; a restarted actor restores the latest before its first message.
# every_messages: after this many messages, >= 0, 0 = never. Default: 1000.
# every_ms: after this much time, >= 0, 0 = never. Default: 1000.
# on_stop: when stopped gracefully. Default: true.
[snapshots.feed]
every_messages = 1000
every_ms = 1000
on_stop = true

[snapshots.scanner]
every_messages = 1000
every_ms = 1000
on_stop = true

[snapshots.detector]
every_messages = 1000
every_ms = 1000
on_stop = true

[snapshots.signal_log]
every_messages = 100
every_ms = 1000
on_stop = true

# [http]: status, metrics and control endpoints
[http]
enabled = true                  # Default: true.
listen = "127.0.0.1:8080"       # host:port, port 1..65535. Default: "127.0.0.1:8080".
# Bearer token for control endpoints; empty = from the environment, else generated.
token = ""                      # Default: "".
# Host headers answered (DNS rebinding guard); [] = 127.0.0.1:PORT and localhost:PORT.
allowed_hosts = []              # Default: [].
# Origin headers accepted; [] = http:// + each allowed host. No Origin is accepted.
allowed_origins = []            # Default: [].
# Dashboard files served at /, relative to this file; "" = the dashboard built or installed
# with tickline (<bin>/../share/tickline/web), else a built-in page listing the endpoints.
static_dir = ""                 # Default: "".
request_timeout_ms = 1000       # Wait for the actors an API call asks, 10..60000. Default: 1000.

# [alerts]: rules that raise alerts, and where they go (see docs/alerts.md)
[alerts]
enabled = true                  # Off: no alerts actor. Default: true.
log = true                      # Write each alert to the log. Default: true.
webhooks = []                   # Each alert is POSTed as JSON to "http://host:port/path". Default: [].
timeout_ms = 2000               # Per webhook request, 1..60000. Default: 2000.
queue = 256                     # Alerts waiting for the webhooks, 1..100000; more are dropped. Default: 256.

# [[alerts.rules]]: kind = signal (signal_kind, min_strength), risk_state (states),
# connection_lost, daily_loss (amount) or escalation. Alerts of one rule closer together
# than min_interval are sent as one with their count. name defaults to "<kind>-<position>".
[[alerts.rules]]
name = "strong-whale"
kind = "signal"
signal_kind = "whale"           # whale, pattern, volatility or external; "" = any. Default: "".
min_strength = 0.9              # [0, 1]. Default: 0.
min_interval = "60s"            # Default: "60s".

[[alerts.rules]]
name = "trading-stopped"
kind = "risk_state"
states = ["PAUSED", "HALTED"]   # ACTIVE, REDUCING, PAUSED, HALTED; [] = every change. Default: [].

[[alerts.rules]]
name = "feed-lost"
kind = "connection_lost"

[[alerts.rules]]
name = "daily-loss"
kind = "daily_loss"
amount = 500                    # Loss of the UTC day in account currency, > 0. Required.

[[alerts.rules]]
name = "escalation"
kind = "escalation"

# [backtest]: what `tickline backtest` computes besides the replay (see docs/backtest.md)
[backtest]
monte_carlo_runs = 10000        # Bootstrap runs of the trade sequence, 0..1000000; 0 = off. Default: 10000.
seed = 1                        # Seed of the bootstrap. Default: 1.
ruin_level = 0.5                # Ruin = losing this fraction of the starting equity, (0, 1]. Default: 0.5.
risk_free_rate = 0              # Annual rate for Sharpe and Sortino, [0, 1). Default: 0.

# [backtest.walk_forward]: optimize [backtest.grid] on each in-sample window, then score
# the best parameters on the out-of-sample window that follows; windows roll forward by
# the out-of-sample length.
[backtest.walk_forward]
enabled = false                 # Default: false.
in_sample = "7d"                # Default: "7d".
out_of_sample = "2d"            # Default: "2d".
objective = "sharpe"            # sharpe, sortino, calmar, total_return or profit_factor. Default: "sharpe".

# [backtest.grid]: values to try per tunable parameter; every combination is run.
# Tunable: strategy.min_confidence, strategy.risk_per_trade, strategy.stop_atr_multiple,
# strategy.kelly_cap, risk.max_atr_pct, risk.cooldown_ms, orders.trailing_atr_multiple,
# detectors.whale.z_threshold, detectors.pattern.volume_z. Default: none.
[backtest.grid]
"strategy.min_confidence" = [0.5, 0.6, 0.7]
"strategy.stop_atr_multiple" = [1.5, 2, 3]
)toml";
}

} // namespace tickline
