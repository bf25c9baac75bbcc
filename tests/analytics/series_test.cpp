#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "analytics/format.hpp"
#include "analytics/series.hpp"
#include "sample.hpp"

using namespace tickline::analytics;
using namespace tickline::test;
using Catch::Matchers::WithinRel;

TEST_CASE("times are ISO-8601 UTC with milliseconds", "[analytics][format]") {
  CHECK(iso8601(0) == "1970-01-01T00:00:00.000Z");
  CHECK(iso8601(jan1 + 12 * hour + 345'678'901) == "2024-01-01T12:00:00.345Z");
  // 2024-03-01T00:00:00Z = 1709251200 s; a second before is the leap day.
  CHECK(iso8601((1'709'251'200 - 1) * sec) == "2024-02-29T23:59:59.000Z");
  CHECK(iso8601(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(iso_date(utc_day(jan1)) == "2024-01-01");
  CHECK(weekday_of_day(utc_day(jan1)) == 0);            // Monday
  CHECK(weekday_of_day(utc_day(jan1 + 6 * 24 * hour)) == 6);
  CHECK(weekday_of_day(0) == 3);                        // 1970-01-01, a Thursday
  CHECK(utc_hour(jan1 + 23 * hour + 59 * 60 * sec) == 23);
}

TEST_CASE("numbers are fixed-point and locale-free", "[analytics][format]") {
  CHECK(fixed(1234.5, 2) == "1234.50");
  CHECK(fixed(1.005, 2) == "1.00");  // 1.005 is 1.00499999999999989... in binary
  CHECK(fixed(-1e-10, 8) == "0.00000000");
  CHECK(fixed(-0.5, 0) == "0");  // rounds to -0, written as 0
  CHECK(fixed(-2.5, 1) == "-2.5");
  CHECK(fixed(std::numeric_limits<double>::quiet_NaN(), 4).empty());
  CHECK(fixed(std::numeric_limits<double>::infinity(), 4).empty());
  CHECK(csv_cell("BTCUSDT") == "BTCUSDT");
  CHECK(csv_cell("a,\"b\"") == "\"a,\"\"b\"\"\"");
  CHECK(html_escape("<a href='x'>&</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
}

TEST_CASE("daily closes fill days without points", "[analytics][series]") {
  auto closes = daily_closes(sample_equity());
  REQUIRE(closes.size() == 4);
  CHECK(closes[0].equity == 110);
  CHECK(closes[1].equity == 104.5);  // the last of Tuesday's two points
  CHECK(closes[2].equity == 104.5);  // Wednesday has none
  CHECK(closes[3].equity == 114.95);
  CHECK(closes[3].day - closes[0].day == 3);
  auto r = daily_returns(sample_equity(), 100);
  REQUIRE(r.size() == 4);
  CHECK_THAT(r[0], WithinRel(0.1, 1e-12));
  CHECK_THAT(r[1], WithinRel(-0.05, 1e-12));
  CHECK(r[2] == 0);
  CHECK_THAT(r[3], WithinRel(0.1, 1e-12));
}

TEST_CASE("monthly returns chain month-end closes", "[analytics][series]") {
  // Jan 31 110, Feb 15 99, nothing in March, Apr 1 108.9.
  std::vector<equity_point> eq{{jan1 + 30 * 24 * hour, 110},
                               {jan1 + 45 * 24 * hour, 99},
                               {jan1 + 91 * 24 * hour, 108.9}};
  auto months = monthly_returns(eq, 100);
  REQUIRE(months.size() == 4);
  CHECK(months[0].year == 2024);
  CHECK(months[0].month == 1);
  CHECK_THAT(months[0].ret, WithinRel(0.1, 1e-12));    // 110 / 100
  CHECK_THAT(months[1].ret, WithinRel(-0.1, 1e-12));   // 99 / 110
  CHECK(months[2].month == 3);
  CHECK(months[2].ret == 0);                            // 99 / 99
  CHECK(months[3].month == 4);
  CHECK_THAT(months[3].ret, WithinRel(0.1, 1e-12));    // 108.9 / 99
}

TEST_CASE("quantile interpolates like R's type 7", "[analytics][series]") {
  std::vector<double> xs{1, 2, 4, 8};
  CHECK(quantile(xs, 0) == 1);
  CHECK(quantile(xs, 1) == 8);
  CHECK(quantile(xs, 0.5) == 3);          // h = 1.5: 2 + 0.5 * 2
  CHECK_THAT(quantile(xs, 0.9), WithinRel(6.8, 1e-12));  // h = 2.7: 4 + 0.7 * 4
  CHECK(std::isnan(quantile({}, 0.5)));
}

TEST_CASE("drawdowns per point", "[analytics][series]") {
  auto dd = drawdowns(sample_equity(), 100);
  REQUIRE(dd.drawdown.size() == 4);
  CHECK(dd.drawdown[0] == 0);
  CHECK_THAT(dd.drawdown[1], WithinRel(0.1, 1e-12));   // 99 under 110
  CHECK_THAT(dd.drawdown[2], WithinRel(0.05, 1e-12));  // 104.5 under 110
  CHECK(dd.drawdown[3] == 0);
}
