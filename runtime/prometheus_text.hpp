#pragma once

#include <string>
#include <vector>

#include <prometheus/metric_family.h>

namespace tickline {

/// The Prometheus text exposition format (version 0.0.4) of `families`, as
/// prometheus::TextSerializer writes it but several times faster: one string grown in
/// place, numbers by std::to_chars (the shortest form that reads back to the same double),
/// no iostreams. Families without samples are left out. `size_hint` reserves that many
/// bytes up front (e.g. the size of the previous render).
std::string prometheus_text(const std::vector<prometheus::MetricFamily>& families,
                            std::size_t size_hint = 0);

} // namespace tickline
