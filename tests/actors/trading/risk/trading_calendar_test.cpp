#include <catch2/catch.hpp>

#include "actors/trading/risk/trading_calendar.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t s = 1'000'000'000;

// Instants from Python's datetime(..., tzinfo=timezone.utc).timestamp().
constexpr std::int64_t fri_0306_1430z = 1772807400;  // 09:30 EST
constexpr std::int64_t fri_0306_2100z = 1772830800;  // 16:00 EST
constexpr std::int64_t fri_0306_1700z = 1772816400;  // 12:00 EST
constexpr std::int64_t sun_0308_0500z = 1772946000;  // 00:00 EST, 2026-03-08
constexpr std::int64_t mon_0309_0400z = 1773028800;  // 00:00 EDT, 2026-03-09
constexpr std::int64_t mon_0309_1330z = 1773063000;  // 09:30 EDT
constexpr std::int64_t sat_0307_1500z = 1772895600;
constexpr std::int64_t fri_1225_1500z = 1798210800;  // Christmas, a Friday

trading_calendar new_york(std::vector<std::string> hours = {"09:30-16:00"}) {
  calendar_config c;
  c.timezone = "America/New_York";
  c.weekdays = {"mon", "tue", "wed", "thu", "fri"};
  c.hours = std::move(hours);
  c.holidays = {"2026-12-25"};
  std::string error;
  auto cal = trading_calendar::from_config(c, error);
  INFO(error);
  REQUIRE(cal);
  return *cal;
}

} // namespace

TEST_CASE("the default calendar is always open and counts UTC days", "[calendar]") {
  trading_calendar always;
  CHECK(always.is_open(sat_0307_1500z * s));
  CHECK(always.is_open(0));
  // 1773014400 = 2026-03-09T00:00:00Z, day 20521.
  CHECK(always.local_day(1773014400 * s) == 20521);
  CHECK(always.local_day(1773014400 * s - 1) == 20520);
  CHECK(always.local_day(-1) == -1);
}

TEST_CASE("New York hours open at 09:30 and close at 16:00 local, in EST and EDT", "[calendar]") {
  const auto ny = new_york();
  CHECK(ny.closed_reason(fri_0306_1430z * s - 1) ==
        "outside trading hours 09:30-16:00 (local 09:29)");
  CHECK(ny.is_open(fri_0306_1430z * s));
  CHECK(ny.is_open(fri_0306_2100z * s - 1));
  CHECK(ny.closed_reason(fri_0306_2100z * s) == "outside trading hours 09:30-16:00 (local 16:00)");
  // After the switch to EDT the same local hours are an hour earlier in UTC.
  CHECK_FALSE(ny.is_open(mon_0309_1330z * s - 1));
  CHECK(ny.is_open(mon_0309_1330z * s));
  CHECK(ny.closed_reason(sat_0307_1500z * s) == "closed on sat");
  CHECK(ny.closed_reason(fri_1225_1500z * s) == "holiday 2026-12-25");
  CHECK(ny.is_open((fri_1225_1500z - 86400) * s));
}

TEST_CASE("several windows a day leave the gaps closed", "[calendar]") {
  const auto ny = new_york({"09:30-12:00", "13:00-16:00"});
  CHECK(ny.is_open(fri_0306_1700z * s - 1));
  CHECK(ny.closed_reason(fri_0306_1700z * s) ==
        "outside trading hours 09:30-12:00, 13:00-16:00 (local 12:00)");
  CHECK(ny.is_open((fri_0306_1700z + 3600) * s));
}

TEST_CASE("the local day turns at local midnight across the DST change", "[calendar]") {
  const auto ny = new_york();
  // 2026-03-08 begins at 05:00Z (EST); 2026-03-09 at 04:00Z (EDT): a 23-hour day.
  CHECK(ny.local_day(sun_0308_0500z * s - 1) == 20519);
  CHECK(ny.local_day(sun_0308_0500z * s) == 20520);
  CHECK(ny.local_day(mon_0309_0400z * s - 1) == 20520);
  CHECK(ny.local_day(mon_0309_0400z * s) == 20521);
  CHECK(mon_0309_0400z - sun_0308_0500z == 23 * 3600);
}

TEST_CASE("a calendar config that does not parse is an error", "[calendar]") {
  std::string error;
  calendar_config c;
  c.timezone = "Nowhere/Land";
  CHECK_FALSE(trading_calendar::from_config(c, error));
  CHECK(error.find("unknown time zone \"Nowhere/Land\"") == 0);
  c = {};
  c.hours = {"10-12"};
  CHECK_FALSE(trading_calendar::from_config(c, error));
  CHECK(error == "bad trading hours \"10-12\"");
  c = {};
  c.weekdays = {"monday"};
  CHECK_FALSE(trading_calendar::from_config(c, error));
  CHECK(error == "bad weekday \"monday\"");
}
