# Writes TTR's own ttrc data set and TTR's indicator values for it, the reference that
# tickline's indicators are tested against. Usage: Rscript ttr_reference.R OUTDIR
suppressPackageStartupMessages(library(TTR))
out <- commandArgs(trailingOnly = TRUE)[1]
data(ttrc)
write.csv(data.frame(date = format(ttrc$Date, "%Y-%m-%d"), open = ttrc$Open,
                     high = ttrc$High, low = ttrc$Low, close = ttrc$Close,
                     volume = ttrc$Volume),
          file.path(out, "ttrc.csv"), row.names = FALSE, quote = FALSE)
close <- ttrc$Close
hlc <- ttrc[, c("High", "Low", "Close")]
bb <- BBands(close, n = 20, sd = 2)
volume <- ttrc$Volume
# rv(N) is the sample sd of N log returns: TTR's volatility() of the closes over N + 1
# bars with no annualization (N = 1) computes exactly that.
rv <- volatility(close, n = 21, calc = "close", N = 1)
stopifnot(isTRUE(all.equal(rv, runSD(ROC(close, 1, type = "continuous"), 20))))
m <- MACD(close, nFast = 12, nSlow = 26, nSig = 9, percent = FALSE)
expected <- data.frame(
  sma_20 = SMA(close, 20),
  ema_20 = EMA(close, 20),
  rsi_14 = RSI(close, 14),
  atr_14 = ATR(hlc, 14)[, "atr"],
  bb_upper_20 = bb[, "up"],
  bb_mid_20 = bb[, "mavg"],
  bb_lower_20 = bb[, "dn"],
  macd = m[, "macd"],
  macd_signal = m[, "signal"],
  macd_hist = m[, "macd"] - m[, "signal"],
  vwap_20 = VWAP(close, volume, 20),
  vol_z_20 = (volume - runMean(volume, 20)) / runSD(volume, 20),
  rv_20 = rv)
write.csv(expected, file.path(out, "expected.csv"), row.names = FALSE, na = "",
          quote = FALSE)
