#include "config/reader.hpp"

#include "config/durations.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <utility>

namespace tickline::detail {

namespace {

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "nothing";
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The closest known key within max(2, length/3) edits; empty when none is that close.
std::string suggestion(std::string_view unknown, const std::vector<std::string>& known) {
  const std::size_t limit = std::max<std::size_t>(2, unknown.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : known) {
    const auto d = edit_distance(unknown, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

} // namespace

bool bounds::contains(double v) const {
  const bool lo_ok = lo_open ? v > lo : v >= lo;
  const bool hi_ok = hi_open ? v < hi : v <= hi;
  return lo_ok && hi_ok;
}

std::string bounds::describe() const {
  const bool has_lo = std::isfinite(lo);
  const bool has_hi = std::isfinite(hi);
  if (has_lo && has_hi && !lo_open && !hi_open)
    return format_number(lo) + ".." + format_number(hi);
  if (has_lo && has_hi)
    return std::string(lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) +
           (hi_open ? ")" : "]");
  if (has_lo)
    return (lo_open ? "> " : ">= ") + format_number(lo);
  if (has_hi)
    return (hi_open ? "< " : "<= ") + format_number(hi);
  return "any number";
}

bounds between(double lo, double hi) {
  return {lo, hi, false, false};
}

bounds at_least(double lo) {
  return {lo, std::numeric_limits<double>::infinity(), false, false};
}

bounds above(double lo) {
  return {lo, std::numeric_limits<double>::infinity(), true, false};
}

bounds above_up_to(double lo, double hi) {
  return {lo, hi, true, false};
}

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
    return std::to_string(static_cast<long long>(v));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

problem_list::problem_list(std::string file) : file_(std::move(file)) {}

void problem_list::add(toml::source_position where, std::string key, std::string message) {
  problems_.push_back({file_, where.line, where.column, std::move(key), std::move(message)});
}

std::vector<config_problem> problem_list::take() {
  std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return std::exchange(problems_, {});
}

string_check one_of(std::vector<std::string> allowed) {
  return [allowed = std::move(allowed)](const std::string& value) -> std::string {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end())
      return {};
    std::string list;
    for (const auto& a : allowed)
      list += (list.empty() ? "" : ", ") + a;
    return "expected one of " + list + ", got " + quoted(value);
  };
}

string_check non_empty() {
  return [](const std::string& value) -> std::string {
    return value.empty() ? "expected a non-empty string" : "";
  };
}

table_reader::table_reader(const toml::table* table, std::string prefix,
                           toml::source_position where, problem_list& problems)
  : table_(table), prefix_(std::move(prefix)), where_(where), problems_(&problems) {}

std::string table_reader::path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

const toml::node* table_reader::take(std::string_view key) {
  known_.emplace_back(key);
  return table_ ? table_->get(key) : nullptr;
}

void table_reader::type_error(std::string_view key, const toml::node& node,
                              std::string_view expected) {
  problems_->add(node.source().begin, path(key),
                 "expected " + std::string(expected) + ", got " + std::string(type_name(node)));
}

void table_reader::get(std::string_view key, bool& out) {
  if (const auto* node = take(key)) {
    if (const auto* v = node->as_boolean())
      out = v->get();
    else
      type_error(key, *node, "a boolean");
  }
}

void table_reader::get(std::string_view key, std::string& out, const string_check& check) {
  const auto* node = take(key);
  if (!node)
    return;
  const auto* v = node->as_string();
  if (!v)
    return type_error(key, *node, "a string");
  if (auto message = check ? check(v->get()) : std::string(); !message.empty())
    return problems_->add(node->source().begin, path(key), std::move(message));
  out = v->get();
}

const toml::array* table_reader::array_at(std::string_view key, std::string_view expected,
                                          bool allow_empty) {
  const auto* node = take(key);
  if (!node)
    return nullptr;
  const auto* array = node->as_array();
  if (!array)
    type_error(key, *node, expected);
  else if (array->empty() && !allow_empty)
    problems_->add(node->source().begin, path(key), "expected a non-empty array");
  else
    return array;
  return nullptr;
}

void table_reader::get(std::string_view key, std::vector<std::string>& out,
                       const string_check& check, bool allow_empty) {
  const auto* array = array_at(key, "an array of strings", allow_empty);
  if (!array)
    return;
  std::vector<std::string> values;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto& element = *array->get(i);
    const auto element_key = std::string(key) + "[" + std::to_string(i) + "]";
    if (const auto* v = element.as_string()) {
      if (auto message = check ? check(v->get()) : std::string(); !message.empty())
        problems_->add(element.source().begin, path(element_key), std::move(message));
      values.push_back(v->get());
    } else {
      type_error(element_key, element, "a string");
    }
  }
  out = std::move(values);
}

std::optional<double> table_reader::number(std::string_view key, const toml::node& node,
                                           const bounds& range) {
  double value = 0;
  std::string problem;
  if (const auto* i = node.as_integer()) {
    value = static_cast<double>(i->get());
  } else if (const auto* f = node.as_floating_point()) {
    value = f->get();
  } else {
    type_error(key, node, "a number");
    return std::nullopt;
  }
  if (!std::isfinite(value))
    problem = "expected a finite number, got " + format_number(value);
  else if (!range.contains(value))
    problem = "expected " + range.describe() + ", got " + format_number(value);
  if (problem.empty())
    return value;
  problems_->add(node.source().begin, path(key), std::move(problem));
  return std::nullopt;
}

void table_reader::get(std::string_view key, double& out, const bounds& range) {
  if (const auto* node = take(key))
    if (auto value = number(key, *node, range))
      out = *value;
}

void table_reader::get(std::string_view key, std::vector<double>& out, const bounds& range,
                       bool allow_empty) {
  const auto* array = array_at(key, "an array of numbers", allow_empty);
  if (!array)
    return;
  std::vector<double> values;
  for (std::size_t i = 0; i < array->size(); ++i)
    if (auto v = number(std::string(key) + "[" + std::to_string(i) + "]", *array->get(i), range))
      values.push_back(*v);
  if (values.size() == array->size())
    out = std::move(values);
}

std::vector<std::string> table_reader::keys() const {
  std::vector<std::string> out;
  if (table_)
    for (const auto& [key, node] : *table_)
      out.emplace_back(key.str());
  return out;
}

template <class Int>
void table_reader::get_integer(std::string_view key, Int& out, bounds range) {
  const auto* node = take(key);
  if (!node)
    return;
  const auto* v = node->as_integer();
  if (!v)
    return type_error(key, *node, "an integer");
  // Narrow an open-ended range to what the field can hold, so the message says so.
  if constexpr (sizeof(Int) < sizeof(std::int64_t)) {
    range.lo = std::max(range.lo, static_cast<double>(std::numeric_limits<Int>::min()));
    range.hi = std::min(range.hi, static_cast<double>(std::numeric_limits<Int>::max()));
  }
  if constexpr (std::is_unsigned_v<Int>)
    range.lo = std::max(range.lo, 0.0);
  const std::int64_t value = v->get();
  if (!range.contains(static_cast<double>(value)))
    return problems_->add(node->source().begin, path(key),
                          "expected " + range.describe() + ", got " + std::to_string(value));
  out = static_cast<Int>(value);
}

void table_reader::get(std::string_view key, int& out, const bounds& range) {
  get_integer(key, out, range);
}

void table_reader::get(std::string_view key, std::int64_t& out, const bounds& range) {
  get_integer(key, out, range);
}

void table_reader::get(std::string_view key, std::uint64_t& out, const bounds& range) {
  get_integer(key, out, range);
}

table_reader table_reader::table(std::string_view key) {
  const auto* node = take(key);
  if (node && !node->is_table())
    type_error(key, *node, "a table");
  const auto* sub = node ? node->as_table() : nullptr;
  return {sub, path(key), sub ? sub->source().begin : where_, *problems_};
}

std::optional<std::vector<table_reader>> table_reader::tables(std::string_view key) {
  std::vector<table_reader> readers;
  const auto* node = take(key);
  if (!node)
    return readers;
  const auto* array = node->as_array();
  if (!array) {
    type_error(key, *node, "an array of tables");
    return std::nullopt;
  }
  bool well_typed = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto& element = *array->get(i);
    const auto element_key = std::string(key) + "[" + std::to_string(i) + "]";
    if (const auto* t = element.as_table()) {
      readers.emplace_back(t, path(element_key), t->source().begin, *problems_);
    } else {
      type_error(element_key, element, "a table");
      well_typed = false;
    }
  }
  if (!well_typed)
    return std::nullopt;
  return readers;
}

std::optional<std::string> read_text_file(const std::string& path, const std::string& what,
                                          std::string& failure) {
  std::error_code ec;
  std::ifstream in;
  if (std::filesystem::is_directory(path, ec)) {
    failure = "cannot read " + what + ": it is a directory";
    return std::nullopt;
  }
  in.open(path, std::ios::binary);
  if (!in) {
    failure = "cannot open " + what + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  if (!(text << in.rdbuf()) && in.bad()) {
    failure = "cannot read " + what;
    return std::nullopt;
  }
  return text.str();
}

bool table_reader::require(std::string_view key) {
  known_.emplace_back(key);
  if (table_ && table_->contains(key))
    return true;
  problems_->add(where_, path(key), "missing required key");
  return false;
}

void table_reader::report(std::string_view key, std::string message) {
  const auto* node = table_ ? table_->get(key) : nullptr;
  problems_->add(node ? node->source().begin : where_, path(key), std::move(message));
}

void table_reader::finish() {
  if (!table_)
    return;
  for (const auto& [key, node] : *table_) {
    if (std::find(known_.begin(), known_.end(), key.str()) != known_.end())
      continue;
    auto message = std::string("unknown key");
    if (auto near = suggestion(key.str(), known_); !near.empty())
      message += "; did you mean `" + near + "`?";
    problems_->add(key.source().begin, path(key.str()), std::move(message));
  }
}

void read_duration(table_reader& r, std::string_view key, std::int64_t& out_ns) {
  std::string text = format_duration(out_ns);
  r.get(key, text, [](const std::string& t) -> std::string {
    if (parse_duration_ns(t))
      return {};
    return "expected a positive duration such as \"30s\", \"5m\" or \"4h\", got \"" + t + "\"";
  });
  if (const auto ns = parse_duration_ns(text))
    out_ns = *ns;
}

} // namespace tickline::detail
