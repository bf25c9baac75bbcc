#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"

namespace tickline {

/// A span of time in which no new position may be opened (scheduled news, auctions).
struct blackout_window {
  std::int64_t start_ns = 0;  ///< First instant inside, ns since the epoch, UTC.
  std::int64_t end_ns = 0;    ///< First instant after it (exclusive).
  std::string reason;         ///< Why, in words ("FOMC statement").
};

/// Blackout windows read from a file, and the problems of its bad lines.
struct blackout_load_result {
  std::vector<blackout_window> windows;    ///< The good lines, in file order.
  std::vector<config_problem> problems;    ///< One per bad line, or one for an unreadable file.

  /// True when the whole file was read without a problem.
  bool ok() const { return problems.empty(); }
};

/// Parses blackout CSV text: one window per line as `start,end,reason` with ISO-8601
/// times carrying a zone ("2026-03-18T18:00:00Z", "...+01:00"), end after start, and the
/// reason being the rest of the line (it may hold commas; surrounding quotes are dropped).
/// Blank lines, lines starting with '#' and a first line `start,end,reason` are skipped.
/// Each bad line yields a problem at `source_name`:line:column; the good ones are kept.
blackout_load_result parse_blackouts(std::string_view text, const std::string& source_name);

/// Reads and parses the blackout file at `path`; an unreadable file yields one problem
/// naming the path and the system's reason.
blackout_load_result load_blackout_file(const std::string& path);

} // namespace tickline
