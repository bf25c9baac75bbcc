// Calendar arithmetic, ISO-8601 and time zones read from TZif files.

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "config/civil_time.hpp"
#include "config/time_zone.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s = ns_per_second;

time_zone zone(const std::string& name) {
  std::string error;
  auto z = time_zone::load(name, error);
  INFO(error);
  REQUIRE(z);
  return *z;
}

// glibc's offset at `t` for zone `name`, through the TZ variable: a different reader of the
// same tzdata. Only for these single-threaded tests.
long glibc_offset(const std::string& name, std::time_t t) {
  setenv("TZ", name.c_str(), 1);
  tzset();
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm.tm_gmtoff;
}

} // namespace

TEST_CASE("days convert to dates and back across the epoch and leap years", "[time]") {
  // Values from Python: (date(y, m, d) - date(1970, 1, 1)).days
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({1969, 12, 31}) == -1);
  CHECK(days_from_civil({2000, 2, 29}) == 11016);
  CHECK(days_from_civil({2026, 3, 8}) == 20520);
  CHECK(weekday_from_days(20520) == 6);  // a Sunday
  CHECK(weekday_from_days(0) == 3);      // 1970-01-01, a Thursday
  CHECK(weekday_from_days(-1) == 2);
  for (std::int64_t d = -800000; d <= 800000; d += 997) {
    const auto c = civil_from_days(d);
    REQUIRE(days_from_civil(c) == d);
    REQUIRE(c.day <= days_in_month(c.year, c.month));
  }
  CHECK(to_string(civil_from_days(20520)) == "2026-03-08");
  CHECK(days_in_month(2100, 2) == 28);
  CHECK(days_in_month(2400, 2) == 29);
}

TEST_CASE("ISO-8601 times need a zone designator", "[time]") {
  // 1773856800 = 2026-03-18T18:00:00Z (Python's datetime.timestamp()).
  CHECK(parse_iso8601_ns("2026-03-18T18:00:00Z") == 1773856800 * s);
  CHECK(parse_iso8601_ns("2026-03-18T18:00Z") == 1773856800 * s);
  CHECK(parse_iso8601_ns("2026-03-18 19:00:00+01:00") == 1773856800 * s);
  CHECK(parse_iso8601_ns("2026-03-18T13:30:00-04:30") == 1773856800 * s);
  CHECK(parse_iso8601_ns("2026-03-18T18:00:00.25z") == 1773856800 * s + s / 4);
  CHECK_FALSE(parse_iso8601_ns("2026-03-18T18:00:00"));
  CHECK_FALSE(parse_iso8601_ns("2026-02-29T00:00:00Z"));
  CHECK_FALSE(parse_iso8601_ns("2026-03-18T24:00:00Z"));
  CHECK_FALSE(parse_iso8601_ns("2026-03-18T18:00:00Zjunk"));
  CHECK_FALSE(parse_iso8601_ns("2026-3-18T18:00:00Z"));
  CHECK(format_iso8601_utc(1773856800 * s + 999) == "2026-03-18T18:00:00Z");
  CHECK(format_iso8601_utc(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("command-line instants: a date is midnight UTC, a zoneless time is UTC", "[time]") {
  // 1773792000 = 2026-03-18T00:00:00Z; 1773856800 = 18:00 that day.
  CHECK(parse_utc_instant_ns("2026-03-18") == 1773792000 * s);
  CHECK(parse_utc_instant_ns("2026-03-18T18:00:00") == 1773856800 * s);
  CHECK(parse_utc_instant_ns("2026-03-18T18:00") == 1773856800 * s);
  CHECK(parse_utc_instant_ns("2026-03-18T19:00:00+01:00") == 1773856800 * s);
  CHECK_FALSE(parse_utc_instant_ns("2026-03-32"));
  CHECK_FALSE(parse_utc_instant_ns("yesterday"));
  CHECK_FALSE(parse_utc_instant_ns("2026-03-18T18:00:00ZZ"));
}

TEST_CASE("dates, weekdays and day windows parse strictly", "[time]") {
  CHECK(parse_date("2026-12-25") == civil_date{2026, 12, 25});
  CHECK_FALSE(parse_date("2026-13-01"));
  CHECK_FALSE(parse_date("2026-12-25 "));
  CHECK(parse_weekday("mon") == 0);
  CHECK(parse_weekday("sun") == 6);
  CHECK_FALSE(parse_weekday("Mon"));
  const auto w = parse_day_window("09:30-16:00");
  REQUIRE(w);
  CHECK(w->start_min == 570);
  CHECK(w->end_min == 960);
  CHECK(parse_day_window("00:00-24:00")->end_min == 1440);
  CHECK_FALSE(parse_day_window("16:00-09:30"));
  CHECK_FALSE(parse_day_window("10:00-10:00"));
  CHECK_FALSE(parse_day_window("24:00-24:00"));
  CHECK_FALSE(parse_day_window("00:00-24:01"));
  CHECK_FALSE(parse_day_window("9:30-16:00"));
  CHECK(format_minute_of_day(570) == "09:30");
}

TEST_CASE("New York switches to EDT at 07:00 UTC on 2026-03-08 and back on 11-01", "[time]") {
  const auto ny = zone("America/New_York");
  // 1772953200 = 2026-03-08T07:00:00Z = 02:00 EST, when clocks jump to 03:00 EDT.
  CHECK(ny.offset_at((1772953200 - 1) * s) == -5 * 3600);
  CHECK(ny.offset_at(1772953200 * s) == -4 * 3600);
  // 1793512800 = 2026-11-01T06:00:00Z = 02:00 EDT, when clocks fall back to 01:00 EST.
  CHECK(ny.offset_at((1793512800 - 1) * s) == -4 * 3600);
  CHECK(ny.offset_at(1793512800 * s) == -5 * 3600);
  CHECK(ny.to_local_ns(1772953200 * s) == (1772953200 - 4 * 3600) * s);
  CHECK(ny.name() == "America/New_York");
}

TEST_CASE("zone offsets agree with glibc's, before and after the last transition", "[time]") {
  const char* saved = std::getenv("TZ");
  const std::string old = saved ? saved : "";
  // Southern DST, half and three-quarter hour offsets, abolished DST, and years past 2037
  // where the TZif footer rule takes over.
  for (const std::string name : {"America/New_York", "Australia/Sydney", "Asia/Kolkata",
                                 "Pacific/Chatham", "America/Sao_Paulo", "Europe/London"}) {
    const auto z = zone(name);
    INFO(name);
    for (std::int64_t t = -300'000'000; t < 2'400'000'000; t += 86'400 * 5 + 3'607)
      REQUIRE(z.offset_at(t * s) == glibc_offset(name, static_cast<std::time_t>(t)));
  }
  if (saved)
    setenv("TZ", old.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}

TEST_CASE("POSIX TZ rules: northern, southern, Julian days and fixed offsets", "[time]") {
  auto rule = [](const char* text) {
    auto r = posix_tz_rule::parse(text);
    INFO(text);
    REQUIRE(r);
    return *r;
  };
  const auto us = rule("EST5EDT,M3.2.0,M11.1.0");
  CHECK(us.offset_at(1772953200 - 1) == -5 * 3600);
  CHECK(us.offset_at(1772953200) == -4 * 3600);
  // Sydney: DST from the first Sunday of October 02:00 to the first Sunday of April 03:00.
  // 2026-04-05 is that Sunday: 03:00 AEDT = 2026-04-04T16:00:00Z = 1775318400.
  const auto syd = rule("AEST-10AEDT,M10.1.0,M4.1.0/3");
  CHECK(syd.offset_at(1775318400 - 1) == 11 * 3600);
  CHECK(syd.offset_at(1775318400) == 10 * 3600);
  CHECK(syd.offset_at(1767225600) == 11 * 3600);  // 2026-01-01T00:00:00Z, summer
  CHECK(rule("<+0530>-5:30").offset_at(0) == 5 * 3600 + 30 * 60);
  CHECK(rule("UTC0").offset_at(1767225600) == 0);
  // J60 is always March 1st; zero-based day 59 is March 1st only in common years.
  // 2026-03-01T02:00:00Z = 1772330400; DST (+1 h) from then until day 300.
  const auto julian = rule("AAA0BBB,J60/2,J300");
  CHECK(julian.offset_at(1772330400 - 1) == 0);
  CHECK(julian.offset_at(1772330400) == 3600);
  const auto zero_based = rule("AAA0BBB,59/2,300");
  CHECK(zero_based.offset_at(1772330400) == 3600);
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0",
                          "EST5EDT,J0,J10", "EST5EDT,M3.2.0,M11.1.0x", "<AB5"})
    CHECK_FALSE(posix_tz_rule::parse(bad));
}

TEST_CASE("bad zone names and files are errors that name them", "[time]") {
  std::string error;
  CHECK(time_zone::load("UTC", error));  // built in
  CHECK_FALSE(time_zone::load("Mars/Olympus_Mons", error));
  CHECK(error == "unknown time zone \"Mars/Olympus_Mons\" (cannot read "
                 "/usr/share/zoneinfo/Mars/Olympus_Mons)");
  CHECK_FALSE(time_zone::load("../etc/passwd", error));
  CHECK(error == "expected an IANA time zone name such as \"America/New_York\", got "
                 "\"../etc/passwd\"");
  const auto dir = std::filesystem::temp_directory_path() / "tickline-tz-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "Fake") << "not a time zone\n";
  CHECK_FALSE(time_zone::load("Fake", error, dir.string()));
  CHECK(error == (dir / "Fake").string() + ": not a valid TZif file: bad header");
  // A TZif file cut short after its header.
  std::ifstream in("/usr/share/zoneinfo/America/New_York", std::ios::binary);
  std::string bytes(200, '\0');
  in.read(bytes.data(), 200);
  std::ofstream(dir / "Cut", std::ios::binary) << bytes;
  CHECK_FALSE(time_zone::load("Cut", error, dir.string()));
  CHECK(error.find("not a valid TZif file") != std::string::npos);
  std::filesystem::remove_all(dir);
}
