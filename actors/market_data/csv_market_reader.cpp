#include "actors/market_data/csv_market_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <stdexcept>

namespace tickline {

namespace {

constexpr std::size_t buffer_bytes = 64 * 1024;

std::optional<double> to_double(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size())
    return std::nullopt;
  return v;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
              return std::tolower(static_cast<unsigned char>(x)) == y;
            });
}

std::optional<bool> to_bool(std::string_view s) {
  if (s.empty() || !std::strchr("tTfF01", s.front()))
    return std::nullopt;
  if (iequals(s, "true") || s == "1")
    return true;
  if (iequals(s, "false") || s == "0")
    return false;
  return std::nullopt;
}

// "YYYY-MM-DD", optionally followed by " HH:MM:SS" or "THH:MM:SS" and a "Z".
std::optional<std::int64_t> iso_time_ns(std::string_view text) {
  std::string s{text};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  char sep = 0;
  int n = std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &se);
  if (n != 3 && n != 7)
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  const auto secs = static_cast<std::int64_t>(timegm(&tm));
  // Nanoseconds since the epoch hold until 2262: later (or before 1970) is no market time.
  if (secs < 0 || secs > std::numeric_limits<std::int64_t>::max() / 1'000'000'000)
    return std::nullopt;
  return secs * 1'000'000'000;
}

std::optional<std::int64_t> time_ns(std::string_view s, bool allow_iso) {
  if (auto i = to_int(s)) {
    // Milliseconds or microseconds that fit nanoseconds (until 2262), none before 1970.
    const bool micros = *i >= 100'000'000'000'000;
    const auto limit = std::numeric_limits<std::int64_t>::max() / (micros ? 1'000 : 1'000'000);
    if (*i < 0 || *i > limit)
      return std::nullopt;
    return binance_time_ns(*i);
  }
  if (allow_iso)
    return iso_time_ns(s);
  return std::nullopt;
}

bool looks_like_header(const std::vector<std::string_view>& cols) {
  for (auto c : cols)
    if (!c.empty() && !to_double(c) && !iso_time_ns(c) && !to_bool(c))
      return true;
  return false;
}

csv_format detect(const std::vector<std::string_view>& cols, const std::string& where) {
  if (looks_like_header(cols))
    return csv_format::generic_ohlcv;
  if (cols.size() == 12)
    return csv_format::binance_klines;
  if (cols.size() == 8 && to_bool(cols[6]))
    return csv_format::binance_aggtrades;
  if ((cols.size() == 6 || cols.size() == 7) && to_bool(cols[5]))
    return csv_format::binance_trades;
  throw std::runtime_error(where + ": unknown CSV format (" + std::to_string(cols.size())
                           + " columns, no header)");
}

} // namespace

csv_market_reader::csv_market_reader(std::string path, std::string symbol)
  : path_(std::move(path)), symbol_(std::move(symbol)), buf_(buffer_bytes) {
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_)
    throw std::runtime_error(path_ + ": cannot open market data file");
  std::string_view line;
  bool any = false;
  while ((any = next_line(line)) && (line.empty() || line == "\r")) {
  }
  if (!any)
    throw std::runtime_error(path_ + ": empty market data file");
  split(line);
  format_ = detect(fields_, path_ + ":" + std::to_string(line_no_));
  if (format_ != csv_format::generic_ohlcv) {
    pending_ = true;
    return;
  }
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    std::string name{fields_[i]};
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    at.emplace(name, i);
  }
  auto find = [&](std::initializer_list<const char*> names) {
    for (auto n : names)
      if (auto it = at.find(n); it != at.end())
        return it->second;
    throw std::runtime_error(path_ + ":" + std::to_string(line_no_) + ": header has no column "
                             + std::string{*names.begin()});
  };
  cols_ = {find({"open_time", "timestamp", "date", "time"}), find({"open"}), find({"high"}),
           find({"low"}), find({"close"}), find({"volume"})};
}

csv_market_reader::~csv_market_reader() {
  if (file_)
    std::fclose(file_);
}

bool csv_market_reader::next_line(std::string_view& line) {
  for (;;) {
    auto* start = buf_.data() + begin_;
    if (auto* nl = static_cast<char*>(std::memchr(start, '\n', end_ - begin_))) {
      line = std::string_view(start, static_cast<std::size_t>(nl - start));
      begin_ += line.size() + 1;
      ++line_no_;
      return true;
    }
    if (eof_) {
      if (begin_ == end_)
        return false;
      line = std::string_view(start, end_ - begin_);
      begin_ = end_;
      ++line_no_;
      return true;
    }
    // Keep the partial line, refill behind it; a line longer than the buffer grows it.
    std::memmove(buf_.data(), start, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (end_ == buf_.size())
      buf_.resize(buf_.size() * 2);
    auto n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_);
    end_ += n;
    eof_ = n == 0;
  }
}

void csv_market_reader::split(std::string_view line) {
  // By hand rather than find/isspace: this loop is most of the cost of a replay.
  auto trim = [](const char* b, const char* e) {
    auto bad = [](char c) { return c == ' ' || c == '"' || (c >= '\t' && c <= '\r'); };
    while (b != e && bad(*b))
      ++b;
    while (e != b && bad(e[-1]))
      --e;
    return std::string_view(b, static_cast<std::size_t>(e - b));
  };
  fields_.clear();
  const char* start = line.data();
  const char* end = start + line.size();
  for (const char* p = start; p != end; ++p)
    if (*p == ',') {
      fields_.push_back(trim(start, p));
      start = p + 1;
    }
  fields_.push_back(trim(start, end));
}

void csv_market_reader::skip(std::string msg) {
  if (skipped_++ < max_kept_problems)
    problems_.push_back({path_ + ":" + std::to_string(line_no_), std::move(msg)});
}

bool csv_market_reader::next(bar& b, trade_tick& t) {
  for (;;) {
    if (!pending_) {
      std::string_view line;
      if (!next_line(line))
        return false;
      if (line.empty() || line == "\r")
        continue;
      split(line);
    }
    pending_ = false;
    if (has_bars() ? parse_bar(b) : parse_trade(t))
      return true;
  }
}

bool csv_market_reader::parse_bar(bar& b) {
  const auto& f = fields_;
  const auto& c = cols_;
  bool generic = format_ == csv_format::generic_ohlcv;
  auto need = std::max({c.time, c.open, c.high, c.low, c.close, c.volume}) + 1;
  if (f.size() < need) {
    skip("expected at least " + std::to_string(need) + " columns, got " + std::to_string(f.size()));
    return false;
  }
  auto t = time_ns(f[c.time], generic);
  auto o = to_double(f[c.open]), h = to_double(f[c.high]), l = to_double(f[c.low]),
       cl = to_double(f[c.close]), v = to_double(f[c.volume]);
  if (!t || !o || !h || !l || !cl || !v) {
    skip("a field is not a number or a time");
    return false;
  }
  if (*o <= 0 || *h <= 0 || *l <= 0 || *cl <= 0 || *v < 0 || *h < *l) {
    skip("prices must be > 0 with high >= low, volume >= 0");
    return false;
  }
  if (*t <= last_ns_) {
    skip("timestamp does not increase");
    return false;
  }
  last_ns_ = *t;
  b.symbol = symbol_;
  b.open_ns = *t;
  b.open = *o;
  b.high = *h;
  b.low = *l;
  b.close = *cl;
  b.volume = *v;
  b.quote_volume = b.buy_volume = 0;
  b.trades = 0;
  if (!generic && f.size() >= 11) {
    b.quote_volume = to_double(f[7]).value_or(0);
    b.trades = to_int(f[8]).value_or(0);
    b.buy_volume = to_double(f[9]).value_or(0);
  }
  return true;
}

bool csv_market_reader::parse_trade(trade_tick& out) {
  const auto& f = fields_;
  bool agg = format_ == csv_format::binance_aggtrades;
  std::size_t time_col = agg ? 5 : 4, maker_col = agg ? 6 : 5;
  if (f.size() <= maker_col) {
    skip("expected at least " + std::to_string(maker_col + 1) + " columns");
    return false;
  }
  auto id = to_int(f[0]);
  auto p = to_double(f[1]), q = to_double(f[2]);
  auto t = time_ns(f[time_col], false);
  auto maker = to_bool(f[maker_col]);
  if (!id || !p || !q || !t || !maker) {
    skip("a field is not a number, a time or a boolean");
    return false;
  }
  if (*p <= 0 || *q < 0) {
    skip("price must be > 0 and quantity >= 0");
    return false;
  }
  if (*t < last_ns_) {
    skip("timestamp goes backwards");
    return false;
  }
  last_ns_ = *t;
  out.symbol = symbol_;
  out.price = *p;
  out.qty = *q;
  // The buyer was the maker: the seller took liquidity.
  out.aggressor = *maker ? side::sell : side::buy;
  out.trade_id = *id;
  out.ts_ns = *t;
  return true;
}

std::int64_t infer_timeframe_s(const std::vector<bar>& bars) {
  std::map<std::int64_t, int> count;
  for (std::size_t i = 1; i < bars.size(); ++i)
    ++count[(bars[i].open_ns - bars[i - 1].open_ns) / 1'000'000'000];
  std::int64_t best = 0;
  int n = 0;
  for (auto [d, c] : count)
    if (c > n && d > 0) {
      best = d;
      n = c;
    }
  return best;
}

} // namespace tickline
