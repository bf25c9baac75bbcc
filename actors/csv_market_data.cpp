#include "actors/csv_market_data.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>

namespace tickline {

namespace {

constexpr std::int64_t ns_per_ms = 1'000'000;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r' && c != '"') {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  for (auto& s : out) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
      s.erase(s.begin());
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
      s.pop_back();
  }
  return out;
}

std::optional<double> to_double(const std::string& s) {
  if (s.empty())
    return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<std::int64_t> to_int(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size())
    return std::nullopt;
  return v;
}

std::optional<bool> to_bool(const std::string& s) {
  std::string l;
  for (char c : s)
    l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l == "true" || l == "1")
    return true;
  if (l == "false" || l == "0")
    return false;
  return std::nullopt;
}

// "YYYY-MM-DD", optionally followed by " HH:MM:SS" or "THH:MM:SS" and a "Z".
std::optional<std::int64_t> iso_time_ns(const std::string& s) {
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
  return static_cast<std::int64_t>(timegm(&tm)) * 1'000'000'000;
}

std::optional<std::int64_t> time_ns(const std::string& s, bool allow_iso) {
  if (auto i = to_int(s))
    return binance_time_ns(*i);
  if (allow_iso)
    return iso_time_ns(s);
  return std::nullopt;
}

bool looks_like_header(const std::vector<std::string>& cols) {
  for (const auto& c : cols)
    if (!c.empty() && !to_double(c) && !iso_time_ns(c) && !to_bool(c))
      return true;
  return false;
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Column positions of a generic OHLCV header; throws naming the missing column.
struct ohlcv_columns {
  std::size_t time, open, high, low, close, volume;
};

ohlcv_columns find_columns(const std::vector<std::string>& header, const std::string& path) {
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < header.size(); ++i)
    at.emplace(lower(header[i]), i);
  auto find = [&](std::initializer_list<const char*> names) {
    for (auto n : names)
      if (auto it = at.find(n); it != at.end())
        return it->second;
    throw std::runtime_error(path + ":1: header has no column " + std::string{*names.begin()});
  };
  return {find({"open_time", "timestamp", "date", "time"}), find({"open"}), find({"high"}),
          find({"low"}), find({"close"}), find({"volume"})};
}

csv_format detect(const std::vector<std::string>& cols, const std::string& path) {
  if (looks_like_header(cols))
    return csv_format::generic_ohlcv;
  if (cols.size() == 12)
    return csv_format::binance_klines;
  if (cols.size() == 8 && to_bool(cols[6]))
    return csv_format::binance_aggtrades;
  if ((cols.size() == 6 || cols.size() == 7) && to_bool(cols[5]))
    return csv_format::binance_trades;
  throw std::runtime_error(path + ":1: unknown CSV format (" + std::to_string(cols.size())
                           + " columns, no header)");
}

// The most common spacing between bar opens, in seconds.
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

} // namespace

std::string to_string(csv_format f) {
  switch (f) {
    case csv_format::binance_klines: return "binance_klines";
    case csv_format::binance_trades: return "binance_trades";
    case csv_format::binance_aggtrades: return "binance_aggtrades";
    case csv_format::generic_ohlcv: return "generic_ohlcv";
  }
  return "unknown";
}

std::int64_t binance_time_ns(std::int64_t raw) {
  // Binance spot data moved from milliseconds to microseconds in 2025: 13 vs 16 digits.
  return raw >= 100'000'000'000'000 ? raw * 1'000 : raw * ns_per_ms;
}

csv_data read_market_csv(const std::string& path, const std::string& symbol) {
  std::ifstream in{path};
  if (!in)
    throw std::runtime_error(path + ": cannot open market data file");
  csv_data out;
  std::string line;
  std::size_t line_no = 0;
  std::optional<ohlcv_columns> cols;
  std::int64_t last_ns = INT64_MIN;
  auto skip = [&](const std::string& why) {
    out.problems.push_back({path + ":" + std::to_string(line_no), why});
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r")
      continue;
    auto f = split(line);
    if (line_no == 1) {
      out.format = detect(f, path);
      if (out.format == csv_format::generic_ohlcv) {
        cols = find_columns(f, path);
        continue;
      }
    }
    bool generic = out.format == csv_format::generic_ohlcv;
    bool klines = out.format == csv_format::binance_klines;
    if (generic || klines) {
      auto c = generic ? *cols : ohlcv_columns{0, 1, 2, 3, 4, 5};
      auto need = std::max({c.time, c.open, c.high, c.low, c.close, c.volume}) + 1;
      if (f.size() < need) {
        skip("expected at least " + std::to_string(need) + " columns, got " + std::to_string(f.size()));
        continue;
      }
      auto t = time_ns(f[c.time], generic);
      auto o = to_double(f[c.open]), h = to_double(f[c.high]), l = to_double(f[c.low]),
           cl = to_double(f[c.close]), v = to_double(f[c.volume]);
      if (!t || !o || !h || !l || !cl || !v) {
        skip("a field is not a number or a time");
        continue;
      }
      if (*o <= 0 || *h <= 0 || *l <= 0 || *cl <= 0 || *v < 0 || *h < *l) {
        skip("prices must be > 0 with high >= low, volume >= 0");
        continue;
      }
      if (*t <= last_ns) {
        skip("timestamp does not increase");
        continue;
      }
      last_ns = *t;
      bar b;
      b.symbol = symbol;
      b.open_ns = *t;
      b.open = *o;
      b.high = *h;
      b.low = *l;
      b.close = *cl;
      b.volume = *v;
      if (klines && f.size() >= 11) {
        b.quote_volume = to_double(f[7]).value_or(0);
        b.trades = to_int(f[8]).value_or(0);
        b.buy_volume = to_double(f[9]).value_or(0);
      }
      out.bars.push_back(std::move(b));
      continue;
    }
    bool agg = out.format == csv_format::binance_aggtrades;
    std::size_t time_col = agg ? 5 : 4, maker_col = agg ? 6 : 5;
    if (f.size() <= maker_col) {
      skip("expected at least " + std::to_string(maker_col + 1) + " columns");
      continue;
    }
    auto id = to_int(f[0]);
    auto p = to_double(f[1]), q = to_double(f[2]);
    auto t = time_ns(f[time_col], false);
    auto maker = to_bool(f[maker_col]);
    if (!id || !p || !q || !t || !maker) {
      skip("a field is not a number, a time or a boolean");
      continue;
    }
    if (*p <= 0 || *q < 0) {
      skip("price must be > 0 and quantity >= 0");
      continue;
    }
    if (*t < last_ns) {
      skip("timestamp goes backwards");
      continue;
    }
    last_ns = *t;
    // The buyer was the maker: the seller took liquidity.
    out.trades.push_back({symbol, *p, *q, *maker ? side::sell : side::buy, *id, *t});
  }
  if (line_no == 0)
    throw std::runtime_error(path + ": empty market data file");
  if (out.bars.empty() && out.trades.empty())
    throw std::runtime_error(path + ": no usable row (" + std::to_string(out.problems.size())
                             + " skipped)");
  out.timeframe_s = infer_timeframe_s(out.bars);
  for (auto& b : out.bars) {
    b.timeframe_s = out.timeframe_s;
    b.close_ns = b.open_ns + out.timeframe_s * 1'000'000'000;
  }
  return out;
}

} // namespace tickline
