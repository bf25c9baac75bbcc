#include "config/time_zone.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "config/civil_time.hpp"

namespace tickline {

namespace {

// -- POSIX TZ strings -------------------------------------------------------------------

struct cursor {
  std::string_view text;
  std::size_t pos = 0;

  bool done() const { return pos >= text.size(); }
  char peek() const { return done() ? '\0' : text[pos]; }
  bool take(char c) {
    if (peek() != c)
      return false;
    ++pos;
    return true;
  }
  std::optional<int> number() {
    const std::size_t first = pos;
    int value = 0;
    while (!done() && text[pos] >= '0' && text[pos] <= '9' && pos - first < 6)
      value = value * 10 + (text[pos++] - '0');
    return pos == first ? std::nullopt : std::optional<int>{value};
  }
};

// A zone abbreviation: three or more letters, or anything but '>' within <...>.
bool abbreviation(cursor& c) {
  const std::size_t first = c.pos;
  if (c.take('<')) {
    while (!c.done() && c.peek() != '>')
      ++c.pos;
    return c.take('>') && c.pos - first >= 5;
  }
  while (!c.done() && ((c.peek() >= 'A' && c.peek() <= 'Z') || (c.peek() >= 'a' && c.peek() <= 'z')))
    ++c.pos;
  return c.pos - first >= 3;
}

// [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours`.
std::optional<std::int32_t> hms(cursor& c, int max_hours) {
  int sign = 1;
  if (c.take('-'))
    sign = -1;
  else
    c.take('+');
  auto h = c.number();
  if (!h || *h > max_hours)
    return std::nullopt;
  int m = 0;
  int s = 0;
  if (c.take(':')) {
    auto mm = c.number();
    if (!mm || *mm > 59)
      return std::nullopt;
    m = *mm;
    if (c.take(':')) {
      auto ss = c.number();
      if (!ss || *ss > 59)
        return std::nullopt;
      s = *ss;
    }
  }
  return sign * (*h * 3600 + m * 60 + s);
}

// -- TZif files -------------------------------------------------------------------------

std::int64_t big_endian(const std::string& data, std::size_t at, std::size_t bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i)
    v = (v << 8) | static_cast<unsigned char>(data[at + i]);
  if (bytes == 4)
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

struct tzif_counts {
  std::size_t isut, isstd, leap, time, type, chars;

  std::size_t block_size(std::size_t time_bytes) const {
    return time * time_bytes + time + type * 6 + chars + leap * (time_bytes + 4) + isstd + isut;
  }
};

std::optional<tzif_counts> header_at(const std::string& data, std::size_t at) {
  if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0)
    return std::nullopt;
  auto count = [&](std::size_t i) {
    return static_cast<std::size_t>(static_cast<std::uint32_t>(big_endian(data, at + 20 + 4 * i, 4)));
  };
  return tzif_counts{count(0), count(1), count(2), count(3), count(4), count(5)};
}

bool valid_zone_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.back() == '/')
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '/' || c == '_' || c == '+' || c == '-';
  });
}

} // namespace

std::optional<posix_tz_rule> posix_tz_rule::parse(std::string_view text) {
  cursor c{text};
  posix_tz_rule r;
  if (!abbreviation(c))
    return std::nullopt;
  auto std_west = hms(c, 24);
  if (!std_west)
    return std::nullopt;
  // POSIX offsets count west of Greenwich as positive.
  r.std_offset_ = -*std_west;
  if (c.done())
    return r;
  if (!abbreviation(c))
    return std::nullopt;
  r.dst_offset_ = r.std_offset_ + 3600;
  if (!c.done() && c.peek() != ',') {
    auto dst_west = hms(c, 24);
    if (!dst_west)
      return std::nullopt;
    r.dst_offset_ = -*dst_west;
  }
  // Without rules POSIX leaves the dates to the implementation; glibc uses the US rules.
  r.start_ = {'M', 3, 2, 0, 7200};
  r.end_ = {'M', 11, 1, 0, 7200};
  if (c.done())
    return r;
  auto rule = [&c](date_rule& out) {
    if (!c.take(','))
      return false;
    if (c.take('J')) {
      auto n = c.number();
      if (!n || *n < 1 || *n > 365)
        return false;
      out = {'J', *n, 0, 0, 7200};
    } else if (c.take('M')) {
      auto m = c.number();
      auto w = m && c.take('.') ? c.number() : std::nullopt;
      auto d = w && c.take('.') ? c.number() : std::nullopt;
      if (!d || *m < 1 || *m > 12 || *w < 1 || *w > 5 || *d > 6)
        return false;
      out = {'M', *m, *w, *d, 7200};
    } else {
      auto n = c.number();
      if (!n || *n > 365)
        return false;
      out = {'N', *n, 0, 0, 7200};
    }
    if (c.take('/')) {
      auto t = hms(c, 167);  // RFC 8536 extends the time to -167..167 hours
      if (!t)
        return false;
      out.time_s = *t;
    }
    return true;
  };
  if (!rule(r.start_) || !rule(r.end_) || !c.done())
    return std::nullopt;
  return r;
}

std::int64_t posix_tz_rule::transition_utc(const date_rule& rule, int year, std::int32_t offset_s) {
  std::int64_t day = days_from_civil({year, 1, 1});
  if (rule.kind == 'J') {
    day += rule.a - 1 + (is_leap_year(year) && rule.a >= 60 ? 1 : 0);
  } else if (rule.kind == 'N') {
    day += rule.a;
  } else {
    const std::int64_t first = days_from_civil({year, rule.a, 1});
    const int first_sunday_based = (weekday_from_days(first) + 1) % 7;
    int dom = 1 + (rule.c - first_sunday_based + 7) % 7 + 7 * (rule.b - 1);
    while (dom > days_in_month(year, rule.a))
      dom -= 7;
    day = first + dom - 1;
  }
  return day * seconds_per_day + rule.time_s - offset_s;
}

std::int32_t posix_tz_rule::offset_at(std::int64_t utc_s) const {
  if (!dst_offset_)
    return std_offset_;
  const int year = civil_from_days(floor_div(utc_s + std_offset_, seconds_per_day)).year;
  const std::int64_t start = transition_utc(start_, year, std_offset_);
  const std::int64_t end = transition_utc(end_, year, *dst_offset_);
  // Northern zones have DST within a year; southern ones across the new year.
  const bool dst = start < end ? (utc_s >= start && utc_s < end) : !(utc_s >= end && utc_s < start);
  return dst ? *dst_offset_ : std_offset_;
}

std::string time_zone::default_zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? dir : "/usr/share/zoneinfo";
}

std::optional<time_zone> time_zone::load(const std::string& name, std::string& error,
                                         const std::string& dir) {
  time_zone zone;
  if (name == "UTC" || name == "Etc/UTC")
    return zone;  // built in: needs no tzdata
  if (!valid_zone_name(name)) {
    error = "expected an IANA time zone name such as \"America/New_York\", got \"" + name + "\"";
    return std::nullopt;
  }
  const std::string path = dir + "/" + name;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (!in || !(bytes << in.rdbuf())) {
    error = "unknown time zone \"" + name + "\" (cannot read " + path + ")";
    return std::nullopt;
  }
  const std::string data = bytes.str();
  auto fail = [&](const std::string& what) {
    error = path + ": not a valid TZif file: " + what;
    return std::nullopt;
  };
  auto counts = header_at(data, 0);
  if (!counts)
    return fail("bad header");
  std::size_t at = 44;
  std::size_t time_bytes = 4;
  // Version 2 and later repeat the data with 64-bit times after the version-1 block.
  if (data[4] >= '2') {
    at += counts->block_size(4);
    counts = header_at(data, at);
    if (!counts)
      return fail("bad version-2 header");
    at += 44;
    time_bytes = 8;
  }
  const auto& n = *counts;
  if (n.type == 0 || n.type > 256 || data.size() < at + n.block_size(time_bytes))
    return fail("truncated or without local time types");
  const std::size_t index_at = at + n.time * time_bytes;
  const std::size_t types_at = index_at + n.time;
  std::vector<std::int32_t> type_offsets;
  for (std::size_t i = 0; i < n.type; ++i)
    type_offsets.push_back(static_cast<std::int32_t>(big_endian(data, types_at + 6 * i, 4)));
  for (std::size_t i = 0; i < n.time; ++i) {
    const auto t = big_endian(data, at + i * time_bytes, time_bytes);
    const auto type = static_cast<unsigned char>(data[index_at + i]);
    if (type >= n.type || (!zone.transitions_.empty() && t <= zone.transitions_.back()))
      return fail("transition " + std::to_string(i) + " is out of order or of an unknown type");
    zone.transitions_.push_back(t);
    zone.offsets_.push_back(type_offsets[type]);
  }
  zone.initial_offset_ = type_offsets[0];
  if (time_bytes == 8) {
    const std::size_t footer_at = at + n.block_size(8);
    const auto close = data.find('\n', footer_at + 1);
    if (footer_at >= data.size() || data[footer_at] != '\n' || close == std::string::npos)
      return fail("missing footer");
    const auto footer = std::string_view(data).substr(footer_at + 1, close - footer_at - 1);
    if (!footer.empty()) {
      zone.footer_ = posix_tz_rule::parse(footer);
      if (!zone.footer_)
        return fail("bad TZ footer \"" + std::string(footer) + "\"");
    }
  }
  zone.name_ = name;
  return zone;
}

std::int32_t time_zone::offset_at(std::int64_t utc_ns) const {
  const std::int64_t s = floor_div(utc_ns, ns_per_second);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), s);
  if (it == transitions_.end() && footer_)
    return footer_->offset_at(s);
  if (it == transitions_.begin())
    return initial_offset_;
  return offsets_[static_cast<std::size_t>(it - transitions_.begin() - 1)];
}

std::int64_t time_zone::to_local_ns(std::int64_t utc_ns) const {
  return utc_ns + static_cast<std::int64_t>(offset_at(utc_ns)) * ns_per_second;
}

} // namespace tickline
