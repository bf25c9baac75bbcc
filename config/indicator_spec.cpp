#include "config/indicator_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace tickline {

namespace {

constexpr double max_period = 10000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_args(std::string_view inside) {
  std::vector<std::string_view> args;
  if (trim(inside).empty())
    return args;
  for (;;) {
    const auto comma = inside.find(',');
    args.push_back(trim(inside.substr(0, comma)));
    if (comma == std::string_view::npos)
      return args;
    inside.remove_prefix(comma + 1);
  }
}

// Accepts only plain decimal notation ("2", "2.5"): no signs, exponents or hex.
std::optional<double> parse_number(std::string_view text, bool integer) {
  if (text.empty() || text.front() == '.' || text.back() == '.')
    return std::nullopt;
  int dots = 0;
  for (char c : text) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return std::nullopt;
  }
  if (dots > (integer ? 0 : 1) || text.size() > 20)
    return std::nullopt;
  return std::strtod(std::string(text).c_str(), nullptr);
}

bool fail(std::string* error, std::string message) {
  if (error)
    *error = std::move(message);
  return false;
}

bool parse_period(std::string_view arg, std::string_view what, double min, double& out,
                  std::string* error) {
  const auto value = parse_number(arg, true);
  if (!value || *value < min || *value > max_period)
    return fail(error, "expected an integer " + std::to_string(static_cast<int>(min)) +
                           "..10000 for " + std::string(what) + ", got \"" +
                           std::string(arg) + "\"");
  out = *value;
  return true;
}

struct kind_info {
  std::string_view name;
  std::vector<std::string_view> params;  ///< Parameter names, in order.
  std::vector<double> defaults;          ///< Full list; required slots are overwritten.
  std::vector<std::size_t> arg_counts;   ///< Accepted numbers of arguments.
  std::string_view usage;
  double min_period = 1;                 ///< A deviation needs at least two values.
};

const std::vector<kind_info>& kinds() {
  static const std::vector<kind_info> table = {
    {"sma", {"N"}, {0}, {1}, "sma(N)"},
    {"ema", {"N"}, {0}, {1}, "ema(N)"},
    {"rsi", {"N"}, {0}, {1}, "rsi(N)"},
    {"atr", {"N"}, {0}, {1}, "atr(N)"},
    {"vwap", {"N"}, {0}, {1}, "vwap(N)"},
    {"bbands", {"N", "K"}, {0, 2}, {1, 2}, "bbands(N) or bbands(N,K)"},
    {"macd", {"F", "S", "SIG"}, {12, 26, 9}, {0, 3}, "macd() or macd(F,S,SIG)"},
    {"volz", {"N"}, {0}, {1}, "volz(N)", 2},
    {"rv", {"N"}, {0}, {1}, "rv(N)", 2},
    {"regime", {"N"}, {0}, {1}, "regime(N)", 2},
  };
  return table;
}

} // namespace

std::optional<indicator_spec> parse_indicator_spec(std::string_view text, std::string* error) {
  const auto open = text.find('(');
  if (open == std::string_view::npos || text.empty() || text.back() != ')') {
    fail(error, "expected kind(args) such as \"sma(20)\", got \"" + std::string(text) + "\"");
    return std::nullopt;
  }
  const auto name = text.substr(0, open);
  const kind_info* kind = nullptr;
  for (const auto& k : kinds())
    if (k.name == name)
      kind = &k;
  if (!kind) {
    std::string names;
    for (const auto& k : kinds())
      names += (names.empty() ? "" : ", ") + std::string(k.name);
    fail(error, "unknown indicator \"" + std::string(name) + "\"; expected one of " + names);
    return std::nullopt;
  }
  const auto args = split_args(text.substr(open + 1, text.size() - open - 2));
  if (std::find(kind->arg_counts.begin(), kind->arg_counts.end(), args.size()) ==
      kind->arg_counts.end()) {
    fail(error, "expected " + std::string(kind->usage) + ", got " +
                    std::to_string(args.size()) + " argument(s) in \"" + std::string(text) +
                    "\"");
    return std::nullopt;
  }
  indicator_spec spec{std::string(name), kind->defaults};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool band_width = kind->name == "bbands" && i == 1;
    if (band_width) {
      const auto k = parse_number(args[i], false);
      if (!k || !(*k > 0) || !std::isfinite(*k)) {
        fail(error, "expected a number > 0 for K, got \"" + std::string(args[i]) + "\"");
        return std::nullopt;
      }
      spec.params[i] = *k;
    } else if (!parse_period(args[i], kind->params[i], kind->min_period, spec.params[i],
                             error)) {
      return std::nullopt;
    }
  }
  if (kind->name == "macd" && !(spec.params[0] < spec.params[1])) {
    fail(error, "expected F < S in macd(F,S,SIG), got \"" + std::string(text) + "\"");
    return std::nullopt;
  }
  return spec;
}

std::vector<std::string> indicator_columns(const indicator_spec& spec) {
  if (spec.kind == "macd")
    return {"macd", "macd_signal", "macd_hist"};
  if (spec.params.empty())
    return {};
  const auto n = std::to_string(static_cast<long long>(spec.params[0]));
  if (spec.kind == "bbands")
    return {"bb_upper_" + n, "bb_mid_" + n, "bb_lower_" + n};
  if (spec.kind == "volz")
    return {"vol_z_" + n};
  if (spec.kind == "regime")
    return {"regime"};
  if (spec.kind == "sma" || spec.kind == "ema" || spec.kind == "rsi" || spec.kind == "atr"
      || spec.kind == "vwap" || spec.kind == "rv")
    return {spec.kind + "_" + n};
  return {};
}

} // namespace tickline
