#include "runtime/prometheus_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace tickline {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricType;

void put_double(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "NaN";
  } else if (std::isinf(x)) {
    out += x > 0 ? "+Inf" : "-Inf";
  } else {
    // The shortest digits that read back as `x`, spelt like printf's %g (and like
    // prometheus-cpp): "0.0001" but "1e-05", so that bucket bounds keep the names that
    // queries use.
    const double mag = std::fabs(x);
    const bool plain = mag == 0 || (mag >= 1e-4 && mag < 1e16);
    char buf[64];
    auto r = plain ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                   : std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
  }
}

void put_int(std::string& out, std::uint64_t x) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, r.ptr);
}

// Label values escape backslash, double quote and newline; HELP text backslash and newline.
void put_escaped(std::string& out, const std::string& s, bool quote) {
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (quote && c == '"')
      out += "\\\"";
    else
      out += c;
  }
}

// name{labels[,extra="value"]}
void put_series(std::string& out, const std::string& name, const char* suffix,
                const ClientMetric& m, const char* extra = nullptr, double extra_value = 0) {
  out += name;
  out += suffix;
  if (m.label.empty() && !extra)
    return;
  out += '{';
  bool first = true;
  for (const auto& l : m.label) {
    if (!first)
      out += ',';
    first = false;
    out += l.name;
    out += "=\"";
    put_escaped(out, l.value, true);
    out += '"';
  }
  if (extra) {
    if (!first)
      out += ',';
    out += extra;
    out += "=\"";
    put_double(out, extra_value);
    out += '"';
  }
  out += '}';
}

void end_sample(std::string& out, const ClientMetric& m) {
  if (m.timestamp_ms != 0) {
    out += ' ';
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, m.timestamp_ms);
    out.append(buf, r.ptr);
  }
  out += '\n';
}

void put_sample(std::string& out, const std::string& name, const char* suffix,
                const ClientMetric& m, double value) {
  put_series(out, name, suffix, m);
  out += ' ';
  put_double(out, value);
  end_sample(out, m);
}

// A count: a histogram bucket (with its `le`) or a _count.
void put_count(std::string& out, const std::string& name, const char* suffix,
               const ClientMetric& m, std::uint64_t n, const char* extra = nullptr,
               double extra_value = 0) {
  put_series(out, name, suffix, m, extra, extra_value);
  out += ' ';
  put_int(out, n);
  end_sample(out, m);
}

const char* type_name(MetricType t) {
  switch (t) {
    case MetricType::Counter: return "counter";
    case MetricType::Gauge: return "gauge";
    case MetricType::Summary: return "summary";
    case MetricType::Histogram: return "histogram";
    case MetricType::Untyped: break;
  }
  return "untyped";
}

} // namespace

std::string prometheus_text(const std::vector<prometheus::MetricFamily>& families,
                            std::size_t size_hint) {
  std::string out;
  out.reserve(size_hint);
  for (const auto& f : families) {
    if (f.metric.empty())
      continue;
    if (!f.help.empty()) {
      out += "# HELP ";
      out += f.name;
      out += ' ';
      put_escaped(out, f.help, false);
      out += '\n';
    }
    out += "# TYPE ";
    out += f.name;
    out += ' ';
    out += type_name(f.type);
    out += '\n';
    for (const auto& m : f.metric) {
      switch (f.type) {
        case MetricType::Counter:
          put_sample(out, f.name, "", m, m.counter.value);
          break;
        case MetricType::Gauge:
          put_sample(out, f.name, "", m, m.gauge.value);
          break;
        case MetricType::Untyped:
          put_sample(out, f.name, "", m, m.untyped.value);
          break;
        case MetricType::Summary:
          for (const auto& q : m.summary.quantile) {
            put_series(out, f.name, "", m, "quantile", q.quantile);
            out += ' ';
            put_double(out, q.value);
            end_sample(out, m);
          }
          put_sample(out, f.name, "_sum", m, m.summary.sample_sum);
          put_count(out, f.name, "_count", m, m.summary.sample_count);
          break;
        case MetricType::Histogram: {
          bool has_inf = false;
          for (const auto& b : m.histogram.bucket) {
            has_inf = has_inf || std::isinf(b.upper_bound);
            put_count(out, f.name, "_bucket", m, b.cumulative_count, "le", b.upper_bound);
          }
          if (!has_inf)  // the +Inf bucket is required; it holds every sample
            put_count(out, f.name, "_bucket", m, m.histogram.sample_count, "le", INFINITY);
          put_sample(out, f.name, "_sum", m, m.histogram.sample_sum);
          put_count(out, f.name, "_count", m, m.histogram.sample_count);
          break;
        }
      }
    }
  }
  return out;
}

} // namespace tickline
