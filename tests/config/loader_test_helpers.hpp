#pragma once

// Shared by the loader test files: a loader on a string source and checks of problems.

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "config/loader.hpp"

using tickline::config_load_result;
using tickline::config_problem;
using tickline::load_config_file;
using tickline::load_config_string;

namespace {

config_load_result load(const char* text) {
  return load_config_string(text, "test.toml");
}

std::string all_problems(const config_load_result& r) {
  std::string out;
  for (const auto& p : r.problems)
    out += p.to_string() + "\n";
  return out;
}

// Checks that `r` holds exactly one problem and that it is the one described.
void check_single(const config_load_result& r, std::uint32_t line, std::uint32_t column,
                  const std::string& key, const std::string& message) {
  INFO(all_problems(r));
  REQUIRE(r.problems.size() == 1);
  const auto& p = r.problems[0];
  CHECK(p.file == "test.toml");
  CHECK(p.line == line);
  CHECK(p.column == column);
  CHECK(p.key == key);
  CHECK(p.message == message);
}

// The smallest valid document; the bad-config cases below extend it.
constexpr const char* minimal = R"toml([market]
symbols = ["BTCUSDT"]

[[feeds]]
name = "f"
)toml";

} // namespace
