#include "actors/backtest/backtest_data.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "actors/market_data/csv_market_reader.hpp"
#include "actors/feeds/csv_replay_state.hpp"
#include "config/civil_time.hpp"

namespace tickline {

namespace {

constexpr std::size_t max_gap_warnings = 10;  // per symbol; the rest are counted

std::string at(std::int64_t ns) {
  return format_iso8601_utc(ns);
}

// What one pass over a file found.
struct file_scan {
  std::string path;
  std::string symbol;
  csv_format format = csv_format::binance_klines;
  std::int64_t timeframe_s = 0;
  std::int64_t first_ns = INT64_MAX;  // trade time or bar open
  std::int64_t last_ns = INT64_MIN;
  std::uint64_t rows = 0;             // inside the window
  std::vector<std::int64_t> gaps;     // pairs: last bar before, first bar after
  std::size_t gap_count = 0;
};

// Reads `path` once; keeps the figures, not the rows.
file_scan scan(const std::string& path, const std::string& symbol, std::int64_t from,
               std::int64_t to, int max_gap_bars, std::vector<std::string>& warnings) {
  csv_market_reader in{path, symbol};
  file_scan out;
  out.path = path;
  out.symbol = symbol;
  out.format = in.format();
  bar b;
  trade_tick t;
  std::vector<std::int64_t> sample;  // bar opens read ahead to learn the bar length
  std::int64_t prev = INT64_MIN;
  std::uint64_t all_rows = 0;
  auto visit = [&](std::int64_t ns) {
    ++all_rows;
    out.first_ns = std::min(out.first_ns, ns);
    out.last_ns = ns;
    if (ns >= from && ns < to) {
      ++out.rows;
      auto tf_ns = out.timeframe_s * ns_per_second;
      if (prev >= from && prev != INT64_MIN && tf_ns > 0
          && (ns - prev) / tf_ns - 1 > max_gap_bars
          && out.gap_count++ < max_gap_warnings) {
        out.gaps.push_back(prev);
        out.gaps.push_back(ns);
      }
    }
    prev = ns;
  };
  auto flush_sample = [&] {
    std::vector<bar> bars(sample.size());
    for (std::size_t i = 0; i < sample.size(); ++i)
      bars[i].open_ns = sample[i];
    out.timeframe_s = infer_timeframe_s(bars);
    for (auto ns : sample)
      visit(ns);
    sample.clear();
  };
  while (in.next(b, t)) {
    if (!in.has_bars()) {
      visit(t.ts_ns);
      continue;
    }
    if (out.timeframe_s == 0 && sample.size() < csv_replay_state::timeframe_sample) {
      sample.push_back(b.open_ns);
      continue;
    }
    if (!sample.empty())
      flush_sample();
    visit(b.open_ns);
  }
  if (!sample.empty())
    flush_sample();
  if (all_rows == 0)
    throw std::runtime_error(path + ": no usable row (" + std::to_string(in.skipped()) + " skipped)");
  if (in.skipped() > 0)
    warnings.push_back(path + ": skipped " + std::to_string(in.skipped()) + " bad row(s), the first at "
                       + in.problems().front().where + ": " + in.problems().front().message);
  return out;
}

std::int64_t end_of(const file_scan& f) {
  return f.last_ns + (f.timeframe_s > 0 ? f.timeframe_s * ns_per_second : 1);
}

std::vector<std::string> data_files(const std::string& path, backtest_data& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec))
    return {path};
  if (!fs::is_directory(path, ec)) {
    out.error = path + ": no such file or directory";
    return {};
  }
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.is_regular_file(ec))
      names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<std::string> files;
  for (const auto& n : names) {
    auto ext = fs::path{n}.extension().string();
    for (auto& c : ext)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".csv")
      files.push_back((fs::path{path} / n).string());
    else
      out.warnings.push_back((fs::path{path} / n).string() + ": skipped, not a .csv file");
  }
  if (files.empty())
    out.error = path + ": no data files (*.csv)";
  return files;
}

// Groups the scans by symbol, in time order; false (with out.error) when they do not fit.
bool group(std::vector<file_scan>& scans, backtest_data& out) {
  std::sort(scans.begin(), scans.end(), [](const file_scan& a, const file_scan& b) {
    return a.symbol != b.symbol ? a.symbol < b.symbol : a.first_ns < b.first_ns;
  });
  for (std::size_t i = 0; i < scans.size(); ++i) {
    const auto& f = scans[i];
    if (i > 0 && scans[i - 1].symbol == f.symbol) {
      const auto& p = scans[i - 1];
      if (p.format != f.format) {
        out.error = f.symbol + ": files of different formats: " + p.path + " (" + to_string(p.format)
                    + "), " + f.path + " (" + to_string(f.format) + ")";
        return false;
      }
      if (f.first_ns < end_of(p)) {
        out.error = f.symbol + ": files overlap in time: " + p.path + " ends at " + at(end_of(p))
                    + ", " + f.path + " starts at " + at(f.first_ns);
        return false;
      }
      auto& s = out.symbols.back();
      s.files.push_back(f.path);
      s.end_ns = end_of(f);
      s.rows += f.rows;
      continue;
    }
    backtest_symbol s;
    s.symbol = f.symbol;
    s.files = {f.path};
    s.format = f.format;
    s.timeframe_s = f.timeframe_s;
    s.first_ns = f.first_ns;
    s.end_ns = end_of(f);
    s.rows = f.rows;
    out.symbols.push_back(std::move(s));
  }
  return true;
}

// Clamps the window to the data; false (with out.error) when nothing is left.
bool fit_window(const backtest_data_request& r, backtest_data& out) {
  std::int64_t data_from = INT64_MAX, data_to = INT64_MIN;
  for (const auto& s : out.symbols) {
    data_from = std::min(data_from, s.first_ns);
    data_to = std::max(data_to, s.end_ns);
  }
  auto covers = " (the data covers " + at(data_from) + " .. " + at(data_to) + ")";
  out.from_ns = r.from_ns.value_or(data_from);
  out.to_ns = r.to_ns.value_or(data_to);
  if (r.from_ns && r.to_ns && *r.from_ns >= *r.to_ns) {
    out.error = "--from " + at(*r.from_ns) + " must be before --to " + at(*r.to_ns);
    return false;
  }
  if (out.from_ns >= data_to) {
    out.error = "--from " + at(out.from_ns) + " is at or after the end of the data" + covers;
    return false;
  }
  if (out.to_ns <= data_from) {
    out.error = "--to " + at(out.to_ns) + " is at or before the start of the data" + covers;
    return false;
  }
  if (out.from_ns < data_from) {
    out.warnings.push_back("--from " + at(out.from_ns) + " is before the start of the data; starting at "
                           + at(data_from));
    out.from_ns = data_from;
  }
  if (out.to_ns > data_to) {
    out.warnings.push_back("--to " + at(out.to_ns) + " is after the end of the data; ending at " + at(data_to));
    out.to_ns = data_to;
  }
  return true;
}

} // namespace

std::string symbol_from_file_name(const std::string& file_name) {
  return file_name.substr(0, file_name.find_first_of("-_."));
}

std::vector<std::pair<std::string, std::vector<std::string>>> backtest_data::replay_files() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& s : symbols)
    out.emplace_back(s.symbol, s.files);
  return out;
}

backtest_data load_backtest_data(const backtest_data_request& r) {
  backtest_data out;
  auto files = data_files(r.path, out);
  if (!out.ok())
    return out;
  auto from = r.from_ns.value_or(INT64_MIN), to = r.to_ns.value_or(INT64_MAX);
  std::vector<file_scan> scans;
  for (const auto& path : files) {
    auto symbol = symbol_from_file_name(std::filesystem::path{path}.filename().string());
    if (symbol.empty()) {
      out.error = path + ": no symbol at the start of the file name (e.g. BTCUSDT-1m-2024-01.csv)";
      return out;
    }
    try {
      scans.push_back(scan(path, symbol, from, to, r.max_gap_bars, out.warnings));
    } catch (const std::exception& e) {
      out.error = e.what();
      return out;
    }
  }
  if (!group(scans, out) || !fit_window(r, out))
    return out;
  for (const auto& f : scans) {
    auto tf_ns = f.timeframe_s * ns_per_second;
    for (std::size_t i = 0; i + 1 < f.gaps.size(); i += 2)
      out.warnings.push_back(f.symbol + ": " + std::to_string((f.gaps[i + 1] - f.gaps[i]) / tf_ns - 1)
                             + " bars missing from " + at(f.gaps[i] + tf_ns) + " to "
                             + at(f.gaps[i + 1]) + " (" + f.path + ")");
    if (f.gap_count > max_gap_warnings)
      out.warnings.push_back(f.symbol + ": " + std::to_string(f.gap_count - max_gap_warnings)
                             + " more gaps in " + f.path);
  }
  std::vector<backtest_symbol> kept;
  for (auto& s : out.symbols) {
    if (s.rows == 0)
      out.warnings.push_back(s.symbol + ": no data between " + at(out.from_ns) + " and "
                             + at(out.to_ns) + "; left out");
    else
      kept.push_back(std::move(s));
  }
  out.symbols = std::move(kept);
  if (out.symbols.empty())
    out.error = "no data between " + at(out.from_ns) + " and " + at(out.to_ns);
  return out;
}

} // namespace tickline
