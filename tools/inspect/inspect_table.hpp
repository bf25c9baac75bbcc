#pragma once

#include <string>
#include <vector>

namespace tickline::cli {

/// A text table: a header row, then rows; each column as wide as its widest cell, cells
/// separated by two spaces, numbers (cells that parse as one) right-aligned.
std::string render_table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows);

/// `x` with up to `decimals` decimals, trailing zeros removed ("1.5", "100", "-0.25").
std::string format_number(double x, int decimals = 6);

} // namespace tickline::cli
