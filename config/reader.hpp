#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/loader.hpp"

// Helpers for the config loader: a typed, position-aware walk over a toml::table.
namespace tickline::detail {

/// The accepted range of a numeric value; describe() is the text used in messages.
struct bounds {
  double lo = -std::numeric_limits<double>::infinity(); ///< Lower limit.
  double hi = std::numeric_limits<double>::infinity();  ///< Upper limit.
  bool lo_open = false; ///< True when `lo` itself is excluded.
  bool hi_open = false; ///< True when `hi` itself is excluded.

  /// True when `v` lies within the range (never for NaN).
  bool contains(double v) const;
  /// "1..10000", ">= 0", "> 0" or "(0, 0.1]".
  std::string describe() const;
};

/// [lo, hi], written "lo..hi".
bounds between(double lo, double hi);
/// [lo, +inf), written ">= lo".
bounds at_least(double lo);
/// (lo, +inf), written "> lo".
bounds above(double lo);
/// (lo, hi], written "(lo, hi]".
bounds above_up_to(double lo, double hi);

/// Formats a number for messages: integers without a fraction, others in shortest form.
std::string format_number(double v);

/// Collects the problems of one source, each tagged with the source's name.
class problem_list {
public:
  /// Problems will name `file`.
  explicit problem_list(std::string file);
  /// Records a problem at `where` (line 0 = no position).
  void add(toml::source_position where, std::string key, std::string message);
  /// Returns the problems ordered by line and column, leaving the list empty.
  std::vector<config_problem> take();

private:
  std::string file_;
  std::vector<config_problem> problems_;
};

/// Validates a string; returns an empty string when valid, else what was expected.
using string_check = std::function<std::string(const std::string&)>;

/// A check accepting only the given values: expected one of a, b, got "c".
string_check one_of(std::vector<std::string> allowed);

/// A check rejecting the empty string.
string_check non_empty();

/// Reads the whole file at `path`; nullopt with `failure` set ("cannot open <what>: No
/// such file or directory", "cannot read <what>: it is a directory") when it cannot.
std::optional<std::string> read_text_file(const std::string& path, const std::string& what,
                                          std::string& failure);

/// Reads one TOML table whose keys are reported under a dotted prefix. Each getter marks
/// its key as known and leaves the field untouched (its default) when the key is absent;
/// finish() then reports every key that no getter asked for as unknown, with a
/// did-you-mean suggestion among the known keys.
class table_reader {
public:
  /// Reads `table`, which may be null for an absent section; `where` is the position used
  /// for problems about missing keys (the table's own, or its parent's when absent).
  table_reader(const toml::table* table, std::string prefix, toml::source_position where,
               problem_list& problems);

  /// Reads a boolean.
  void get(std::string_view key, bool& out);
  /// Reads a string, then applies `check` when given.
  void get(std::string_view key, std::string& out, const string_check& check = {});
  /// Reads an array of strings, applying `check` to each element; an empty array is a
  /// problem unless `allow_empty`.
  void get(std::string_view key, std::vector<std::string>& out,
           const string_check& check = {}, bool allow_empty = true);
  /// Reads a finite number (integer or float) within `range`.
  void get(std::string_view key, double& out, const bounds& range);
  /// Reads an array of finite numbers, each within `range`; an empty array is a problem
  /// unless `allow_empty`.
  void get(std::string_view key, std::vector<double>& out, const bounds& range,
           bool allow_empty = true);
  /// Reads an integer within `range` and the limits of int.
  void get(std::string_view key, int& out, const bounds& range);
  /// Reads an integer within `range`.
  void get(std::string_view key, std::int64_t& out, const bounds& range);
  /// Reads a non-negative integer within `range`.
  void get(std::string_view key, std::uint64_t& out, const bounds& range);

  /// A reader for the sub-table `key`; a reader over nothing when absent or not a table.
  table_reader table(std::string_view key);
  /// Readers for each table of the array of tables `key`, empty when absent; nullopt when
  /// the value or an element has the wrong type (already reported).
  std::optional<std::vector<table_reader>> tables(std::string_view key);

  /// The keys of the table, in order; none when it is absent. Reading them with the
  /// getters marks them known as usual.
  std::vector<std::string> keys() const;

  /// Reports "missing required key" when `key` is absent; returns whether it is present.
  bool require(std::string_view key);
  /// Reports a problem about `key`, at its value when present, else at the table.
  void report(std::string_view key, std::string message);
  /// Reports every key of the table that no getter asked for.
  void finish();

  /// The full dotted path of `key` in this table.
  std::string path(std::string_view key) const;

private:
  const toml::node* take(std::string_view key);
  const toml::array* array_at(std::string_view key, std::string_view expected, bool allow_empty);
  std::optional<double> number(std::string_view key, const toml::node& node, const bounds& range);
  template <class Int>
  void get_integer(std::string_view key, Int& out, bounds range);
  void type_error(std::string_view key, const toml::node& node, std::string_view expected);

  const toml::table* table_;
  std::string prefix_;
  toml::source_position where_;
  problem_list* problems_;
  std::vector<std::string> known_;
};

/// Reads a duration string ("4h", "10s") at `key` into nanoseconds; the field keeps its
/// value when the key is absent or the text is not a positive duration (reported).
void read_duration(table_reader& r, std::string_view key, std::int64_t& out_ns);

} // namespace tickline::detail
