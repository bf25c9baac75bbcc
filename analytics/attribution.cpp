#include "analytics/attribution.hpp"

#include <cstdio>
#include <functional>
#include <map>

#include "analytics/format.hpp"

namespace tickline::analytics {

namespace {

void add(attribution_row& row, const closed_trade& t) {
  ++row.trades;
  row.wins += t.pnl > 0;
  row.pnl += t.pnl;
}

void finish(std::vector<attribution_row>& rows) {
  for (auto& r : rows)
    r.win_rate = r.trades > 0 ? static_cast<double>(r.wins) / static_cast<double>(r.trades) : 0;
}

/// Rows keyed by `key_of`, sorted by key.
std::vector<attribution_row>
group_by(const std::vector<closed_trade>& trades,
         const std::function<std::string(const closed_trade&)>& key_of) {
  std::map<std::string, attribution_row> groups;
  for (const auto& t : trades) {
    auto key = key_of(t);
    auto& row = groups[key];
    row.key = key;
    add(row, t);
  }
  std::vector<attribution_row> rows;
  for (auto& [key, row] : groups)
    rows.push_back(std::move(row));
  finish(rows);
  return rows;
}

std::string or_untagged(const std::string& s) {
  return s.empty() ? untagged : s;
}

} // namespace

attribution_tables attribute(const std::vector<closed_trade>& trades) {
  attribution_tables a;
  a.by_detector = group_by(trades, [](const closed_trade& t) {
    return or_untagged(t.entry_tag.substr(0, t.entry_tag.find(':')));
  });
  a.by_pattern = group_by(trades, [](const closed_trade& t) { return or_untagged(t.entry_tag); });
  a.by_symbol = group_by(trades, [](const closed_trade& t) { return t.symbol; });
  a.by_exit_reason =
    group_by(trades, [](const closed_trade& t) { return or_untagged(t.exit_reason); });

  static const char* const weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  a.by_hour.resize(24);
  for (int h = 0; h < 24; ++h) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02d", h);
    a.by_hour[h].key = buf;
  }
  a.by_weekday.resize(7);
  for (int d = 0; d < 7; ++d)
    a.by_weekday[d].key = weekdays[d];
  for (const auto& t : trades) {
    add(a.by_hour[utc_hour(t.entry_ns)], t);
    add(a.by_weekday[weekday_of_day(utc_day(t.entry_ns))], t);
  }
  finish(a.by_hour);
  finish(a.by_weekday);
  return a;
}

} // namespace tickline::analytics
