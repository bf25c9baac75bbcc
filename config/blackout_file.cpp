#include "config/blackout_file.hpp"

#include "config/civil_time.hpp"
#include "config/reader.hpp"

namespace tickline {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

} // namespace

blackout_load_result parse_blackouts(std::string_view text, const std::string& source_name) {
  blackout_load_result result;
  std::uint32_t line_no = 0;
  bool first = true;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view raw = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_no;
    const std::string_view line = trim(raw);
    const bool header = first && line == "start,end,reason";
    if (!line.empty() && line.front() != '#')
      first = false;
    if (line.empty() || line.front() == '#' || header)
      continue;
    auto problem = [&](std::size_t column, std::string message) {
      result.problems.push_back({source_name, line_no, static_cast<std::uint32_t>(column + 1),
                                 "", std::move(message)});
    };
    const auto c1 = raw.find(',');
    const auto c2 = c1 == std::string_view::npos ? c1 : raw.find(',', c1 + 1);
    if (c2 == std::string_view::npos) {
      problem(0, "expected start,end,reason");
      continue;
    }
    const auto start_text = trim(raw.substr(0, c1));
    const auto end_text = trim(raw.substr(c1 + 1, c2 - c1 - 1));
    auto reason = trim(raw.substr(c2 + 1));
    if (reason.size() >= 2 && reason.front() == '"' && reason.back() == '"')
      reason = reason.substr(1, reason.size() - 2);
    const auto start = parse_iso8601_ns(start_text);
    const auto end = parse_iso8601_ns(end_text);
    const std::string iso = "expected an ISO-8601 time with a zone such as 2026-03-18T18:00:00Z, got \"";
    if (!start) {
      problem(raw.find_first_not_of(" \t"), iso + std::string(start_text) + "\"");
    } else if (!end) {
      problem(c1 + 1, iso + std::string(end_text) + "\"");
    } else if (*end <= *start) {
      problem(c1 + 1, "expected the end after the start (" + std::string(start_text) + "), got \"" +
                          std::string(end_text) + "\"");
    } else if (reason.empty()) {
      problem(c2 + 1, "expected a reason after the second comma");
    } else {
      result.windows.push_back({*start, *end, std::string(reason)});
    }
  }
  return result;
}

blackout_load_result load_blackout_file(const std::string& path) {
  std::string failure;
  if (auto text = detail::read_text_file(path, "blackout file", failure))
    return parse_blackouts(*text, path);
  blackout_load_result result;
  result.problems.push_back({path, 0, 0, "", std::move(failure)});
  return result;
}

} // namespace tickline
