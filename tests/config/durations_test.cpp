#include "config/durations.hpp"

#include <cstdint>
#include <limits>

#include <catch2/catch.hpp>

using tickline::format_duration;
using tickline::parse_duration_ns;

TEST_CASE("parse_duration_ns accepts every unit", "[durations]") {
  CHECK(parse_duration_ns("1ns") == 1);
  CHECK(parse_duration_ns("250us") == 250'000);
  CHECK(parse_duration_ns("500ms") == 500'000'000);
  CHECK(parse_duration_ns("10s") == 10'000'000'000);
  CHECK(parse_duration_ns("1m") == 60'000'000'000);
  CHECK(parse_duration_ns("5m") == 300'000'000'000);
  CHECK(parse_duration_ns("2h") == 7'200'000'000'000);
  CHECK(parse_duration_ns("1d") == 86'400'000'000'000);
}

TEST_CASE("parse_duration_ns rejects everything but <positive integer><unit>", "[durations]") {
  for (const char* bad : {"", "s", "ms", "10", "0s", "0ms", "-1s", "+1s", " 1s", "1s ", "1 s",
                          "1.5s", "1S", "1sec", "10x", "1ms5", "1m1s", "s1"}) {
    INFO("input: \"" << bad << "\"");
    CHECK_FALSE(parse_duration_ns(bad).has_value());
  }
}

TEST_CASE("parse_duration_ns rejects values that overflow 64-bit nanoseconds", "[durations]") {
  CHECK(parse_duration_ns("106751d") == std::int64_t{106751} * 86'400'000'000'000);
  CHECK_FALSE(parse_duration_ns("106752d").has_value());
  CHECK(parse_duration_ns("9223372036854775807ns") == std::numeric_limits<std::int64_t>::max());
  CHECK_FALSE(parse_duration_ns("9223372036854775808ns").has_value());
  CHECK_FALSE(parse_duration_ns("99999999999999999999999s").has_value());
}

TEST_CASE("format_duration picks the largest exact unit", "[durations]") {
  CHECK(format_duration(60'000'000'000) == "1m");
  CHECK(format_duration(90'000'000'000) == "90s");
  CHECK(format_duration(500'000'000) == "500ms");
  CHECK(format_duration(1'500'000'000) == "1500ms");
  CHECK(format_duration(86'400'000'000'000) == "1d");
  CHECK(format_duration(3'600'000'000'000) == "1h");
  CHECK(format_duration(5'400'000'000'000) == "90m");
  CHECK(format_duration(250'000) == "250us");
  CHECK(format_duration(1500) == "1500ns");
  CHECK(format_duration(1) == "1ns");
  CHECK(format_duration(0) == "0ns");
  CHECK(format_duration(-5'000'000'000) == "-5s");
  CHECK(format_duration(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808ns");
}

TEST_CASE("format_duration and parse_duration_ns round-trip", "[durations]") {
  for (const char* text : {"1s", "1m", "90s", "500ms", "1d", "36h", "7us", "13ns"}) {
    const auto ns = parse_duration_ns(text);
    REQUIRE(ns.has_value());
    CHECK(format_duration(*ns) == text);
  }
}
