#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace tickline {

/// One problem found in a config: where, which key, what was expected.
struct config_problem {
  std::string file;          ///< The path or source name given to the loader.
  std::uint32_t line = 0;    ///< 1-based; 0 when the problem has no position (missing file).
  std::uint32_t column = 0;  ///< 1-based; 0 when the problem has no position.
  std::string key;           ///< Full dotted key such as "feeds[1].ticks_per_second"; may be empty.
  std::string message;       ///< What was expected and what was found.

  /// "file:line:column: key: message" (line/column omitted when 0, key when empty).
  std::string to_string() const;
};

/// The outcome of loading: a config when `problems` is empty.
struct config_load_result {
  engine_config config;                 ///< Meaningful only when ok(); defaults otherwise.
  std::vector<config_problem> problems; ///< Every problem found, ordered by position.

  /// True when the config loaded without a single problem.
  bool ok() const { return problems.empty(); }
};

/// What a load checks beyond the file itself.
struct load_options {
  /// A csv feed's `path` must exist and hold a file per symbol. Off for a backtest given
  /// its data apart (`tickline backtest --data`), which never reads the feeds' files.
  bool check_data_files = true;
};

/// Reads and validates the TOML file at `path`. A missing or unreadable file yields one
/// problem naming the path. Relative data paths in it (a csv feed's `path`) are taken
/// relative to the file's directory. Never throws for bad input.
config_load_result load_config_file(const std::string& path, const load_options& options = {});

/// Parses and validates `toml_text`; `source_name` names it in problems and in
/// `engine_config::source`. A syntax error yields one problem at toml++'s error position;
/// otherwise every validation problem is reported, not just the first. Relative data
/// paths are taken relative to the working directory.
config_load_result load_config_string(std::string_view toml_text, std::string source_name);

/// Loads demo_config_toml() with source name "<demo>".
config_load_result load_demo_config();

} // namespace tickline
