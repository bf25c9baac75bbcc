#include "actors/market_data/market_data_generator.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "actors/market_data/synthetic_market_state.hpp"
#include "config/civil_time.hpp"

namespace tickline {

namespace {

constexpr std::int64_t ns_per_ms = 1'000'000;
constexpr std::int64_t minute_ns = 60 * ns_per_second;
constexpr double max_expected_trades = 2e9;
constexpr std::size_t flush_at = std::size_t{1} << 20;

// A file written through one large buffer: rows are appended in place, no allocation per
// row.
class csv_sink {
public:
  explicit csv_sink(std::string path) : path_(std::move(path)), file_(std::fopen(path_.c_str(), "wb")) {
    if (!file_)
      throw std::runtime_error(path_ + ": cannot create file");
    buf_.reserve(flush_at + 1024);
  }
  ~csv_sink() {
    if (file_)
      std::fclose(file_);
  }
  csv_sink(const csv_sink&) = delete;
  csv_sink& operator=(const csv_sink&) = delete;

  void num(std::int64_t v) { put(std::to_chars(tmp_, tmp_ + sizeof tmp_, v).ptr); }
  void num(double v) { put(std::to_chars(tmp_, tmp_ + sizeof tmp_, v, std::chars_format::fixed, 8).ptr); }
  void text(const char* s) { buf_.append(s); }
  void end_row() {
    buf_.back() = '\n';  // the last field's trailing comma
    if (buf_.size() >= flush_at)
      flush();
  }
  void close() {
    flush();
    bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok)
      throw std::runtime_error(path_ + ": write failed");
  }

private:
  void put(char* end) {
    buf_.append(tmp_, end);
    buf_.push_back(',');
  }
  void flush() {
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
      throw std::runtime_error(path_ + ": write failed (disk full?)");
    buf_.clear();
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  char tmp_[64];
};

// One 1-minute kline being built from trades.
struct kline_builder {
  std::int64_t open_ns = 0;
  double open = 0, high = 0, low = 0, close = 0;
  double volume = 0, quote = 0, buy_volume = 0, buy_quote = 0;
  std::int64_t count = 0;

  // The bar as written (for a shaper), then the next minute's start.
  bar close_minute(const std::string& symbol) {
    if (count == 0)
      open = high = low = close;  // Binance's empty minute: flat at the last close
    bar b;
    b.symbol = symbol;
    b.timeframe_s = 60;
    b.open_ns = open_ns;
    b.close_ns = open_ns + minute_ns;
    b.open = open;
    b.high = high;
    b.low = low;
    b.close = close;
    b.volume = volume;
    b.quote_volume = quote;
    b.buy_volume = buy_volume;
    b.trades = count;
    open_ns += minute_ns;
    volume = quote = buy_volume = buy_quote = 0;
    count = 0;
    return b;
  }
  void write(csv_sink& out, generated_file& f) {
    if (count == 0)
      open = high = low = close;  // Binance's empty minute: flat at the last close
    out.num(open_ns / ns_per_ms);
    out.num(open);
    out.num(high);
    out.num(low);
    out.num(close);
    out.num(volume);
    out.num((open_ns + minute_ns) / ns_per_ms - 1);
    out.num(quote);
    out.num(count);
    out.num(buy_volume);
    out.num(buy_quote);
    out.text("0,");
    out.end_row();
    if (f.rows++ == 0)
      f.first_ns = open_ns;
    f.last_ns = open_ns;
  }
  void add(const trade_tick& t) {
    if (count++ == 0)
      open = high = low = t.price;
    high = std::max(high, t.price);
    low = std::min(low, t.price);
    close = t.price;
    volume += t.qty;
    quote += t.price * t.qty;
    if (t.aggressor == side::buy) {
      buy_volume += t.qty;
      buy_quote += t.price * t.qty;
    }
  }
};

void write_trade(csv_sink& out, const trade_tick& t, generated_file& f) {
  auto ms = t.ts_ns / ns_per_ms;
  out.num(t.trade_id);
  out.num(t.price);
  out.num(t.qty);
  out.num(t.price * t.qty);
  out.num(ms);
  // The buyer was the maker when a seller took liquidity.
  out.text(t.aggressor == side::sell ? "True,True," : "False,True,");
  out.end_row();
  if (f.rows++ == 0)
    f.first_ns = ms * ns_per_ms;
  f.last_ns = ms * ns_per_ms;
}

std::string file_date(std::int64_t ns) {
  auto days = floor_div(ns, seconds_per_day * ns_per_second);
  auto out = to_string(civil_from_days(days));
  auto s = floor_div(ns, ns_per_second) - days * seconds_per_day;
  if (s != 0) {
    char hms[16];
    std::snprintf(hms, sizeof hms, "T%02d%02d%02d", static_cast<int>(s / 3600),
                  static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
    out += hms;
  }
  return out;
}

// The synthetic feed's process, scaled so that a minute moves about 0.1% whatever the rate,
// regimes last hours, and gaps come about once a day.
feed_config process_config(const generate_request& r) {
  feed_config cfg;
  cfg.seed = r.seed;
  cfg.ticks_per_second = r.rate;
  cfg.volatility = std::min(0.1, 0.001 / std::sqrt(60 * r.rate));
  cfg.regime_switch_probability = std::min(1.0, 1 / (r.rate * 4 * 3600));
  cfg.slice_ms = 60'000;
  cfg.gap_probability = 0.0007;
  return cfg;
}

} // namespace

std::string check_generate_request(const generate_request& r) {
  if (r.symbols < 1 || r.symbols > 10000)
    return "--symbols: expected 1..10000, got " + std::to_string(r.symbols);
  if (r.from_ns >= r.to_ns)
    return "--from must be before --to (got " + format_iso8601_utc(r.from_ns) + " .. "
           + format_iso8601_utc(r.to_ns) + ")";
  if (!(r.rate > 0 && r.rate <= 1000))
    return "--rate: expected trades per second in (0, 1000], got " + std::to_string(r.rate);
  double expected = static_cast<double>(r.symbols) * r.rate
                    * (static_cast<double>(r.to_ns - r.from_ns) / 1e9);
  if (expected > max_expected_trades)
    return "about " + std::to_string(static_cast<long long>(expected))
           + " trades requested (at most 2000000000): narrow --from/--to, or lower --symbols or --rate";
  return {};
}

std::string synthetic_symbol(int i, int n) {
  char name[32];
  std::snprintf(name, sizeof name, n > 1000 ? "SYM%04dUSDT" : "SYM%03dUSDT", i);
  return name;
}

std::string generated_file_name(const std::string& symbol, const generate_request& r) {
  return symbol + (r.kind == generated_kind::trades ? "-trades-" : "-1m-") + file_date(r.from_ns)
         + "_" + file_date(r.to_ns) + ".csv";
}

std::vector<generated_file> generate_market_data(const generate_request& r) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(r.out_dir, ec);
  if (!fs::is_directory(r.out_dir))
    throw std::runtime_error(r.out_dir + ": cannot create the output directory");
  auto cfg = process_config(r);
  // Slices of about 256k trades keep memory flat for any span.
  auto slice_ns = static_cast<std::int64_t>(std::clamp(262144.0 / r.rate, 1.0, 86400.0) * 1e9);
  std::vector<generated_file> files;
  std::vector<std::vector<trade_tick>> batch;
  // One symbol at a time, each drawing as symbol i of the whole market: one open file and
  // one buffer however many symbols.
  for (int i = 0; i < r.symbols; ++i) {
    generated_file f;
    f.symbol = synthetic_symbol(i, r.symbols);
    f.path = (fs::path{r.out_dir} / generated_file_name(f.symbol, r)).string();
    csv_sink out{f.path};
    synthetic_market_state market{cfg, {f.symbol}, r.from_ns, static_cast<std::size_t>(i)};
    auto shaper = r.shaper ? r.shaper(f.symbol) : nullptr;
    const bool klines = r.kind == generated_kind::klines;
    double factor = 1;
    kline_builder k;
    k.open_ns = floor_div(r.from_ns, minute_ns) * minute_ns;
    k.close = market.price(0);
    // Closes the minute: written as a kline (klines), and told to the shaper.
    auto close_minute = [&] {
      if (klines)
        k.write(out, f);
      auto b = k.close_minute(f.symbol);
      if (shaper)
        factor = shaper->on_minute(b);
    };
    // Klines are built from the trades always when a shaper follows them.
    const bool build = klines || shaper != nullptr;
    for (auto t = r.from_ns; t < r.to_ns;) {
      t = std::min(r.to_ns, t + slice_ns);
      market.generate_until(t, batch);
      for (auto trade : batch[0]) {
        if (build)
          while (trade.ts_ns >= k.open_ns + minute_ns)
            close_minute();
        trade.price *= factor;
        if (!klines)
          write_trade(out, trade, f);
        if (build)
          k.add(trade);
      }
    }
    if (klines)
      while (k.open_ns < r.to_ns)
        close_minute();
    out.close();
    files.push_back(std::move(f));
  }
  return files;
}

} // namespace tickline
