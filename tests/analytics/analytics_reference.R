# The backtest metrics computed with base R only, the reference tickline's analytics are
# tested against. Usage: Rscript analytics_reference.R DIR
# Reads DIR/equity.csv (ts seconds, equity), DIR/trades.csv (symbol, entry, exit seconds,
# pnl) and DIR/params.csv (starting equity, annual risk-free rate); writes DIR/expected.csv
# (name,value with 17 significant digits).
dir <- commandArgs(trailingOnly = TRUE)[1]
eq <- read.csv(file.path(dir, "equity.csv"))
tr <- read.csv(file.path(dir, "trades.csv"), stringsAsFactors = FALSE)
params <- read.csv(file.path(dir, "params.csv"))
start <- params$starting_equity
rf <- params$risk_free_rate / 365
out <- list()

# Daily closes on every calendar day (UTC) from the first point's to the last point's.
day <- floor(eq$ts / 86400)
days <- seq(min(day), max(day))
last <- tapply(seq_along(day), day, max)
close <- rep(NA_real_, length(days))
close[match(as.numeric(names(last)), days)] <- eq$equity[last]
for (i in seq_along(close)) if (is.na(close[i])) close[i] <- close[i - 1]
prev <- c(start, close)
r <- prev[-1] / prev[-length(prev)] - 1
n <- length(r)
final <- tail(eq$equity, 1)

out$total_return <- final / start - 1
out$cagr <- (final / start)^(365 / n) - 1
out$volatility <- sd(r) * sqrt(365)
out$sharpe <- (mean(r) - rf) / sd(r) * sqrt(365)
out$sortino <- (mean(r) - rf) / sqrt(mean(pmin(0, r - rf)^2)) * sqrt(365)

# Drawdown: running maximum with the start as the first peak; underwater spells by rle.
peak <- cummax(c(start, eq$equity))[-1]
out$max_drawdown <- max((peak - eq$equity) / peak)
at_peak <- eq$equity >= peak
spells <- rle(!at_peak)
ends <- cumsum(spells$lengths)
starts <- ends - spells$lengths + 1
longest <- 0
for (k in which(spells$values)) {
  peak_time <- if (starts[k] == 1) eq$ts[1] else eq$ts[starts[k] - 1]
  end_time <- if (ends[k] == nrow(eq)) eq$ts[nrow(eq)] else eq$ts[ends[k] + 1]
  longest <- max(longest, end_time - peak_time)
}
out$max_drawdown_duration <- longest
out$calmar <- out$cagr / out$max_drawdown

for (p in c(95, 99)) {
  a <- 1 - p / 100
  q <- quantile(r, a, type = 7, names = FALSE)
  z <- qnorm(p / 100)
  out[[paste0("var_", p)]] <- -q
  out[[paste0("cvar_", p)]] <- -mean(r[r <= q])
  out[[paste0("var_", p, "_parametric")]] <- -(mean(r) - z * sd(r))
  out[[paste0("cvar_", p, "_parametric")]] <- -(mean(r) - sd(r) * dnorm(z) / a)
}

pnl <- tr$pnl
wins <- pnl[pnl > 0]
losses <- pnl[pnl < 0]
out$trades <- length(pnl)
out$win_rate <- length(wins) / length(pnl)
out$profit_factor <- sum(wins) / -sum(losses)
out$expectancy <- mean(pnl)
out$avg_win <- mean(wins)
out$avg_loss <- -mean(losses)
out$kelly <- out$win_rate - (1 - out$win_rate) / (out$avg_win / out$avg_loss)

# Exposure by a sweep over entry (+1) and exit (-1) events clipped to the curve's span.
from <- eq$ts[1]
to <- tail(eq$ts, 1)
t <- c(pmin(pmax(tr$entry, from), to), pmin(pmax(tr$exit, from), to))
d <- c(rep(1, nrow(tr)), rep(-1, nrow(tr)))
o <- order(t, -d)
open <- cumsum(d[o])
covered <- sum(diff(t[o]) * (open[-length(open)] > 0))
out$exposure <- covered / (to - from)

# Monthly returns from the daily closes.
month <- format(as.Date(days, origin = "1970-01-01"), "%Y-%m")
month_close <- tapply(close, month, function(x) tail(x, 1))
mprev <- c(start, month_close)
mret <- mprev[-1] / mprev[-length(mprev)] - 1
for (m in names(month_close)) out[[paste0("month_", m)]] <- mret[[m]]

# Attribution by symbol, and by UTC hour and weekday of entry.
for (s in sort(unique(tr$symbol))) out[[paste0("symbol_", s)]] <- sum(pnl[tr$symbol == s])
entry <- as.POSIXlt(tr$entry, origin = "1970-01-01", tz = "UTC")
for (h in sort(unique(entry$hour)))
  out[[sprintf("hour_%02d", h)]] <- sum(pnl[entry$hour == h])
wday <- c("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")[entry$wday + 1]
for (w in unique(wday)) out[[paste0("weekday_", w)]] <- sum(pnl[wday == w])

write.csv(data.frame(name = names(out), value = sprintf("%.17g", unlist(out))),
          file.path(dir, "expected.csv"), row.names = FALSE, quote = FALSE)
