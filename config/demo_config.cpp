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
# Default: ["sma(20)", "ema(20)", "rsi(14)"].
indicators = ["sma(20)", "ema(20)", "rsi(14)"]

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
enabled = false                 # Default: false.
min_confidence = 0.6            # Signals below this confidence are ignored, 0..1. Default: 0.6.
risk_per_trade = 0.005          # Fraction of equity risked per trade, (0, 0.1]. Default: 0.005.

# [risk]: limits enforced before any order reaches the broker
[risk]
max_trades_per_day = 50         # >= 0. Default: 50.
max_daily_loss = 1000           # Account currency, >= 0. Default: 1000.
max_drawdown_pct = 10           # Percent of peak equity, (0, 100]. Default: 10.
max_position_notional = 10000   # Per symbol, > 0. Default: 10000.

# [broker]: where orders are executed
[broker]
name = "paper"                  # Default: "paper".
kind = "paper"                  # paper (simulated fills). Default: "paper".
starting_balance = 100000       # > 0. Default: 100000.
fee_bps = 10                    # Fee per fill in basis points, 0..1000. Default: 10.

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
strategy = "rest_for_one"       # Default: "rest_for_one".
intensity = 1                   # Default: 1.
period_s = 5                    # Default: 5.
backoff_min_ms = 0              # Default: 0.
backoff_max_ms = 0              # Default: 0.

[supervision.learning]
strategy = "one_for_one"        # Default: "one_for_one".
intensity = 1                   # Default: 1.
period_s = 5                    # Default: 5.
backoff_min_ms = 0              # Default: 0.
backoff_max_ms = 0              # Default: 0.

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
)toml";
}

} // namespace tickline
