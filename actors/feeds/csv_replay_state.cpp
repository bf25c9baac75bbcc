#include "actors/feeds/csv_replay_state.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace tickline {

namespace {

std::vector<std::pair<std::string, std::vector<std::string>>> one_file_each(
  const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& [symbol, path] : files)
    out.push_back({symbol, {path}});
  return out;
}

} // namespace

csv_replay_state::csv_replay_state(const std::vector<std::pair<std::string, std::string>>& files)
  : csv_replay_state(one_file_each(files), INT64_MIN, INT64_MAX) {
}

csv_replay_state::csv_replay_state(
  const std::vector<std::pair<std::string, std::vector<std::string>>>& files,
  std::int64_t from_ns, std::int64_t to_ns)
  : from_ns_(from_ns), to_ns_(to_ns) {
  for (const auto& [symbol, paths] : files) {
    symbols_.push_back(symbol);
    auto s = std::make_unique<stream>();
    s->symbol = symbol;
    s->paths = paths;
    streams_.push_back(std::move(s));
  }
  rewind();
  for (const auto& s : streams_)
    if (s->first_file_unusable)
      throw std::runtime_error(s->paths.front() + ": no usable row ("
                               + std::to_string(s->first_file_skipped) + " skipped)");
}

csv_replay_state::~csv_replay_state() = default;

csv_replay_state::csv_replay_state(const csv_replay_state& other)
  : symbols_(other.symbols_), from_ns_(other.from_ns_), to_ns_(other.to_ns_) {
  for (const auto& o : other.streams_) {
    auto s = std::make_unique<stream>();
    s->symbol = o->symbol;
    s->paths = o->paths;
    streams_.push_back(std::move(s));
  }
  seek(other.cursor_, other.replayed_);
}

csv_replay_state& csv_replay_state::operator=(const csv_replay_state& other) {
  if (this != &other)
    *this = csv_replay_state{other};
  return *this;
}

csv_replay_state::csv_replay_state(csv_replay_state&&) noexcept = default;
csv_replay_state& csv_replay_state::operator=(csv_replay_state&&) noexcept = default;

void csv_replay_state::open(stream& s) {
  s.reader = std::make_unique<csv_market_reader>(s.paths[s.next_file++], s.symbol);
  s.problems_seen = 0;
  s.file_rows = 0;
  s.is_bar = s.reader->has_bars();
  s.ahead.clear();
  s.ahead_at = 0;
  s.timeframe_s = 0;
  if (s.is_bar) {
    while (s.ahead.size() < timeframe_sample && s.reader->next(s.b, s.t))
      s.ahead.push_back(s.b);
    s.timeframe_s = infer_timeframe_s(s.ahead);
  }
}

bool csv_replay_state::pull(stream& s) {
  for (;;) {
    if (!s.reader) {
      if (s.next_file >= s.paths.size())
        return false;
      bool first = s.next_file == 0;
      try {
        open(s);
      } catch (const std::exception& e) {
        // The first file fails loudly at construction; a later one is skipped, not fatal.
        if (first)
          throw;
        problems_.push_back({s.paths[s.next_file - 1], e.what()});
        continue;
      }
    }
    bool got = false;
    if (s.ahead_at < s.ahead.size()) {
      s.b = std::move(s.ahead[s.ahead_at++]);
      got = true;
    } else {
      got = s.reader->next(s.b, s.t);
    }
    const auto& p = s.reader->problems();
    for (; s.problems_seen < p.size(); ++s.problems_seen)
      if (problems_.size() < csv_market_reader::max_kept_problems)
        problems_.push_back(p[s.problems_seen]);
    if (got) {
      ++s.file_rows;
      if (s.is_bar) {
        s.b.timeframe_s = s.timeframe_s;
        s.b.close_ns = s.b.open_ns + s.timeframe_s * 1'000'000'000;
      }
      return true;
    }
    if (s.file_rows == 0) {
      if (s.next_file == 1) {
        s.first_file_unusable = true;
        s.first_file_skipped = s.reader->skipped();
      } else {
        problems_.push_back({s.reader->path(), "no usable row"});
      }
    }
    s.skipped_done += s.reader->skipped();
    s.reader.reset();
    s.ahead.clear();
    s.ahead_at = 0;
  }
}

std::uint64_t csv_replay_state::skipped() const {
  std::uint64_t n = 0;
  for (const auto& s : streams_)
    n += s->skipped_done + (s->reader ? s->reader->skipped() : 0);
  return n;
}

void csv_replay_state::advance(std::size_t i) {
  auto& s = *streams_[i];
  while (pull(s)) {
    auto key = s.is_bar ? s.b.open_ns : s.t.ts_ns;
    if (key < from_ns_)
      continue;
    if (key >= to_ns_)
      break;
    s.time = s.is_bar ? s.b.close_ns : s.t.ts_ns;
    return;
  }
  // The end of the data or of the window: let go of the file and its buffers.
  s.reader.reset();
  s.ahead = {};
  s.next_file = s.paths.size();
  s.time = INT64_MAX;
}

void csv_replay_state::rewind() {
  heap_valid_ = false;
  problems_.clear();
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    auto& s = *streams_[i];
    s.reader.reset();
    s.ahead.clear();
    s.ahead_at = 0;
    s.next_file = 0;
    s.skipped_done = 0;
    s.first_file_unusable = false;
    advance(i);
  }
  cursor_.assign(streams_.size(), 0);
  replayed_ = 0;
}

void csv_replay_state::seek(const std::vector<std::size_t>& cursor, std::uint64_t replayed) {
  if (cursor.size() != streams_.size())
    throw std::runtime_error("replay position is for " + std::to_string(cursor.size())
                             + " files, the feed has " + std::to_string(streams_.size()));
  rewind();
  for (std::size_t i = 0; i < streams_.size(); ++i)
    for (std::size_t k = 0; k < cursor[i]; ++k) {
      if (streams_[i]->time == INT64_MAX) {
        rewind();
        throw std::runtime_error("replay position past the end of " + symbols_[i] + "'s data");
      }
      advance(i);
    }
  cursor_ = cursor;
  replayed_ = replayed;
}

std::int64_t csv_replay_state::next_ns() const {
  std::int64_t t = INT64_MAX;
  for (const auto& s : streams_)
    t = std::min(t, s->time);
  return t;
}

void csv_replay_state::take_one(std::size_t i, std::vector<std::vector<trade_tick>>& trades,
                                std::vector<std::vector<bar>>& bars) {
  const auto& s = *streams_[i];
  if (s.is_bar)
    bars[i].push_back(s.b);
  else
    trades[i].push_back(s.t);
  ++cursor_[i];
  ++replayed_;
  advance(i);
}

std::size_t csv_replay_state::take_until(std::int64_t to_ns,
                                         std::vector<std::vector<trade_tick>>& trades,
                                         std::vector<std::vector<bar>>& bars) {
  heap_valid_ = false;
  trades.resize(streams_.size());
  bars.resize(streams_.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    trades[i].clear();
    bars[i].clear();
    while (streams_[i]->time < to_ns) {
      take_one(i, trades, bars);
      ++n;
    }
  }
  return n;
}

std::size_t csv_replay_state::take_next(std::size_t n, std::vector<std::vector<trade_tick>>& trades,
                                        std::vector<std::vector<bar>>& bars) {
  trades.resize(streams_.size());
  bars.resize(streams_.size());
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    trades[i].clear();
    bars[i].clear();
  }
  std::size_t taken = 0;
  event ev;
  for (; taken < n && next_event(ev); ++taken) {
    if (ev.is_bar)
      bars[ev.symbol].push_back(std::move(ev.candle));
    else
      trades[ev.symbol].push_back(std::move(ev.trade));
  }
  return taken;
}

bool csv_replay_state::next_event(event& out) {
  if (!heap_valid_) {
    heap_.clear();
    for (std::size_t i = 0; i < streams_.size(); ++i)
      if (streams_[i]->time != INT64_MAX)
        heap_.emplace_back(streams_[i]->time, i);
    std::make_heap(heap_.begin(), heap_.end(), std::greater<>{});
    heap_valid_ = true;
  }
  if (heap_.empty())
    return false;
  std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
  const auto i = heap_.back().second;
  auto& s = *streams_[i];
  out.symbol = i;
  out.is_bar = s.is_bar;
  if (s.is_bar)
    out.candle = s.b;
  else
    out.trade = s.t;
  ++cursor_[i];
  ++replayed_;
  advance(i);
  if (s.time == INT64_MAX) {
    heap_.pop_back();
  } else {
    heap_.back().first = s.time;
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
  }
  return true;
}

} // namespace tickline
