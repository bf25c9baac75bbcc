// runtime/prometheus_text against prometheus-cpp's own TextSerializer: both renders of
// the same registry must say the same (every series with the same value, the same TYPE
// and HELP lines), whatever the labels hold.

#include <catch2/catch.hpp>

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <cmath>
#include <map>
#include <sstream>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/summary.h>
#include <prometheus/text_serializer.h>

#include "runtime/prometheus_text.hpp"

using namespace tickline;

namespace {

struct exposition {
  std::map<std::string, double> samples;           // canonical series -> value
  std::map<std::string, std::string> comments;     // "# TYPE name" / "# HELP name" -> rest
};

double number(const std::string& s) {
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+' || s[0] == '.' || s[0] == 'N' || s[0] == 'I' || s[0] == 'n'))
    throw std::invalid_argument("not a number: \"" + s + "\"");
  if (s == "+Inf" || s == "Inf")
    return INFINITY;
  if (s == "-Inf")
    return -INFINITY;
  if (s == "NaN" || s == "Nan" || s == "nan")
    return NAN;
  std::size_t used = 0;
  const double x = std::stod(s, &used);
  if (used != s.size())
    throw std::invalid_argument("not a number: \"" + s + "\"");
  return x;
}

std::string canonical_number(double x) {
  if (std::isnan(x))
    return "NaN";
  if (std::isinf(x))
    return x > 0 ? "+Inf" : "-Inf";
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
}

// Reads a text exposition into series -> value. Label values are unescaped, then the
// `le` and `quantile` labels are read as numbers, so that "0.1" and "0.10000000000000001"
// name the same bucket.
exposition parse(const std::string& text) {
  exposition out;
  std::istringstream in{text};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    if (line[0] == '#') {
      std::istringstream l{line};
      std::string hash, kind, name, rest;
      l >> hash >> kind >> name;
      std::getline(l, rest);
      out.comments["# " + kind + " " + name] = rest;
      continue;
    }
    std::size_t i = 0;
    std::string name;
    while (i < line.size() && line[i] != '{' && line[i] != ' ')
      name += line[i++];
    std::map<std::string, std::string> labels;
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (line.at(i) != '}') {
        std::string key;
        while (line.at(i) != '=')
          key += line[i++];
        i += 2;  // ="
        std::string value;
        while (line.at(i) != '"') {
          if (line[i] == '\\') {
            ++i;
            value += line[i] == 'n' ? '\n' : line[i];
          } else {
            value += line[i];
          }
          ++i;
        }
        ++i;  // closing quote
        if (line.at(i) == ',')
          ++i;
        if (key == "le" || key == "quantile")
          value = canonical_number(number(value));
        labels[key] = value;
      }
      ++i;  // }
    }
    std::string series = name;
    for (const auto& [k, v] : labels)
      series += "|" + k + "=" + v;
    REQUIRE(line.at(i) == ' ');
    out.samples[series] = number(line.substr(i + 1));
  }
  return out;
}

} // namespace

TEST_CASE("the fast text exposition says what prometheus-cpp's serializer says",
          "[metrics]") {
  prometheus::Registry r;
  auto& c = prometheus::BuildCounter().Name("t_events_total").Help("Events.").Register(r);
  c.Add({{"symbol", "BTCUSDT"}}).Increment(12);
  c.Add({{"symbol", "quote\"back\\slash\nnewline"}, {"kind", "whale"}}).Increment(0.1);
  c.Add({}).Increment(1e21);
  auto& g = prometheus::BuildGauge().Name("t_level").Help("A level.").Register(r);
  g.Add({{"actor", "a"}}).Set(-3.25);
  g.Add({{"actor", "nan"}}).Set(NAN);
  g.Add({{"actor", "inf"}}).Set(INFINITY);
  g.Add({{"actor", "tiny"}}).Set(1.0 / 3);
  prometheus::BuildGauge().Name("t_empty").Help("No series.").Register(r);
  auto& h = prometheus::BuildHistogram().Name("t_seconds").Help("Durations.").Register(r);
  auto& hist = h.Add({{"kind", "scanner"}}, prometheus::Histogram::BucketBoundaries{0.0001, 0.1, 1});
  for (double x : {0.00005, 0.05, 0.05, 0.5, 7.0})
    hist.Observe(x);
  auto& s = prometheus::BuildSummary().Name("t_summary").Help("Quantiles.").Register(r);
  auto& sum = s.Add({{"x", "y"}}, prometheus::Summary::Quantiles{{0.5, 0.05}, {0.99, 0.001}});
  for (int i = 1; i <= 100; ++i)
    sum.Observe(i);

  const auto families = r.Collect();
  const auto ours = prometheus_text(families);
  const auto theirs = prometheus::TextSerializer{}.Serialize(families);
  auto a = parse(ours);
  auto b = parse(theirs);
  REQUIRE(a.samples.size() == b.samples.size());
  REQUIRE(a.samples.size() == 3 + 4 + (4 + 2) + (2 + 2));
  for (const auto& [series, value] : b.samples) {
    INFO(series);
    REQUIRE(a.samples.count(series) == 1);
    if (std::isnan(value))
      CHECK(std::isnan(a.samples.at(series)));
    else  // prometheus-cpp writes some sums with fewer digits than a double holds
      CHECK(a.samples.at(series) == Approx(value).epsilon(1e-12));
  }
  // The family without samples has no lines here; every other TYPE and HELP matches.
  b.comments.erase("# TYPE t_empty");
  b.comments.erase("# HELP t_empty");
  CHECK(a.comments == b.comments);
  // The values this test leans on, read back from our text.
  CHECK(a.samples.at("t_events_total|kind=whale|symbol=quote\"back\\slash\nnewline") == 0.1);
  CHECK(a.samples.at("t_seconds_bucket|kind=scanner|le=0.1") == 3);
  CHECK(a.samples.at("t_seconds_bucket|kind=scanner|le=+Inf") == 5);
  CHECK(a.samples.at("t_seconds_count|kind=scanner") == 5);
  CHECK(a.samples.at("t_seconds_sum|kind=scanner") == 0.00005 + 0.05 + 0.05 + 0.5 + 7.0);
  CHECK(ours.find("t_level{actor=\"tiny\"} 0.3333333333333333\n") != std::string::npos);
  CHECK(ours.find("t_seconds_bucket{kind=\"scanner\",le=\"0.0001\"} 1\n") != std::string::npos);
}

TEST_CASE("HELP text escapes backslashes and newlines; tiny numbers use e-notation",
          "[metrics]") {
  prometheus::Registry r;
  prometheus::BuildGauge().Name("t_g").Help("One \\ two.\nThree.").Register(r).Add({}).Set(1e-05);
  // (prometheus-cpp 1.0's own serializer writes both raw; a raw newline breaks the format.)
  CHECK(prometheus_text(r.Collect())
        == "# HELP t_g One \\\\ two.\\nThree.\n# TYPE t_g gauge\nt_g 1e-05\n");
}
