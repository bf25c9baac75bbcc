#include "tools/cli/backtest_command.hpp"

#include <algorithm>
#include <optional>
#include <cstdio>
#include <tuple>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "actors/node/run_backtest.hpp"
#include "actors/backtest/backtest_data.hpp"
#include "config/civil_time.hpp"
#include "analytics/format.hpp"
#include "tools/cli/backtest_output.hpp"
#include "config/durations.hpp"
#include "config/loader.hpp"
#include "runtime/logging.hpp"
#include "messages/json_text.hpp"

namespace tickline::cli {

namespace {

constexpr int exit_bad_input = 2;

// A bar on a terminal, redrawn at each percent; a line each 10 % otherwise (logs, CI).
void show_progress(std::int64_t now_ns, std::int64_t from_ns, std::int64_t to_ns, bool tty, int& shown) {
  const double span = static_cast<double>(to_ns - from_ns);
  const int pct = span > 0 ? static_cast<int>(100.0 * static_cast<double>(now_ns - from_ns) / span) : 100;
  const int at = std::clamp(pct, 0, 100);
  if (tty ? at == shown : at / 10 == shown / 10 && shown >= 0)
    return;
  shown = at;
  const auto when = analytics::iso8601(now_ns).substr(0, 16);
  if (tty) {
    std::string bar(static_cast<std::size_t>(at / 4), '#');
    bar.resize(25, '.');
    std::cerr << "\r[" << bar << "] " << at << "% " << when << std::flush;
  } else {
    std::cerr << "backtest: " << at << "% (" << when << ")\n";
  }
}

} // namespace

std::optional<prepared_backtest> prepare_backtest(const std::string& config, const std::string& data_path,
                                                  const std::string& from, const std::string& to,
                                                  const char* command) {
  // A backtest reads --data (required), never the feeds' own files: they need not exist.
  load_options options;
  options.check_data_files = false;
  auto r = load_config_file(config, options);
  if (!r.ok()) {
    for (const auto& p : r.problems)
      std::cerr << p.to_string() << "\n";
    return std::nullopt;
  }
  backtest_data_request req;
  req.path = data_path;
  for (auto [text, out, flag] : {std::tuple{&from, &req.from_ns, "--from"}, std::tuple{&to, &req.to_ns, "--to"}}) {
    if (text->empty())
      continue;
    auto ns = parse_utc_instant_ns(*text);
    if (!ns) {
      std::cerr << "tickline " << command << ": " << flag << " " << *text
                << ": expected a date such as 2024-01-31 or 2024-01-31T12:00:00Z\n";
      return std::nullopt;
    }
    *out = *ns;
  }
  auto data = load_backtest_data(req);
  for (const auto& w : data.warnings)
    std::cerr << "warning: " << w << "\n";
  if (!data.ok()) {
    std::cerr << "tickline " << command << ": " << data.error << "\n";
    return std::nullopt;
  }
  prepared_backtest out;
  out.config = std::move(r.config);
  out.opts.files = data.replay_files();
  out.opts.from_ns = data.from_ns;
  out.opts.to_ns = data.to_ns;
  return out;
}

// The learning daemon's end state in a line or two: mode, model version, weights, the
// best (detector, pattern) at the feedback horizon; the whole view goes to
// DIR/learning.json. Null when the daemon was off.
static nlohmann::json learning_summary(const std::string& view, const std::string& out_dir) {
  if (view.empty())
    return nullptr;
  auto l = nlohmann::json::parse(view, nullptr, false);
  if (l.is_discarded())
    return nullptr;
  if (!out_dir.empty()) {
    std::ofstream f{out_dir + "/learning.json", std::ios::trunc};
    f << l.dump(1, ' ', false, invalid_utf8) << "\n";
  }
  nlohmann::json s{{"mode", l["mode"]},
                   {"model_version", l["weights"]["version"]},
                   {"weights", l["weights"]["current"]},
                   {"outcomes", l["recorded"]}};
  std::size_t h = 0;
  const auto& horizons = l["horizons"];
  for (std::size_t i = 0; i < horizons.size(); ++i)
    if (horizons[i] == l["feedback_horizon"])
      h = i;
  const auto& pooled = l["pooled"];
  if (h < pooled.size() && !pooled[h].empty())
    s["best"] = {{"key", pooled[h][0]["key"]},
                 {"hit_rate", pooled[h][0]["hit_rate"]},
                 {"mean_return", pooled[h][0]["mean_return"]}};
  return s;
}

// The walk-forward in one line: windows, and the out-of-sample trades and P&L summed,
// learning off and (where it ran) applied.
static nlohmann::json walk_forward_totals(const nlohmann::json& wf) {
  auto sum = [&](const char* part, const char* key) {
    double total = 0;
    for (const auto& w : wf) {
      const auto& x = part ? w.value(part, nlohmann::json::object()) : w;
      if (x.contains(key) && x[key].is_number())
        total += x[key].get<double>();
    }
    return total;
  };
  nlohmann::json s{{"windows", wf.size()},
                   {"out_of_sample_trades", sum(nullptr, "out_of_sample_trades")},
                   {"out_of_sample_pnl", sum(nullptr, "out_of_sample_pnl")}};
  if (!wf.empty() && wf.front().contains("learning"))
    s["learning"] = {{"out_of_sample_trades", sum("learning", "out_of_sample_trades")},
                     {"out_of_sample_pnl", sum("learning", "out_of_sample_pnl")}};
  return s;
}

int run_backtest_command(const backtest_cli_options& o) {
  auto prep = prepare_backtest(o.config, o.data, o.from, o.to, "backtest");
  if (!prep)
    return exit_bad_input;
  if (!o.learning.empty())
    prep->config.learning.mode = o.learning;
  if (!o.walk_forward.empty()) {
    const auto colon = o.walk_forward.find(':');
    auto in = parse_duration_ns(o.walk_forward.substr(0, colon));
    auto out = colon == std::string::npos ? std::nullopt : parse_duration_ns(o.walk_forward.substr(colon + 1));
    if (!in || !out || *in <= 0 || *out <= 0) {
      std::cerr << "tickline backtest: --walk-forward " << o.walk_forward
                << ": expected IN:OUT, two positive durations such as 3d:1d\n";
      return exit_bad_input;
    }
    auto& wf = prep->config.backtest.walk_forward;
    wf.enabled = true;
    wf.in_sample_ns = *in;
    wf.out_of_sample_ns = *out;
  }
  const auto& cfg = prep->config;
  auto& bo = prep->opts;
  bo.check_invariants = o.check_invariants;
  setup_logging(cfg.logging);
  const bool tty = isatty(fileno(stderr)) != 0;
  int shown = -1;
  if (!o.quiet)
    bo.progress = [&](std::int64_t now_ns) { show_progress(now_ns, bo.from_ns, bo.to_ns, tty, shown); };
  auto res = run_backtest(cfg, bo);
  if (tty && shown >= 0)
    std::cerr << "\n";
  nlohmann::json wf = nlohmann::json::array();
  const auto& wfc = cfg.backtest.walk_forward;
  if (wfc.enabled) {
    if (!o.quiet)
      std::cerr << "walk-forward: " << grid_points(cfg.backtest.grid).size() << " grid point(s) per window\n";
    auto windows = run_walk_forward(cfg, bo, res.first_ns, res.last_ns, [&](const backtest_result& x) {
      return objective_of(cfg, x, wfc.objective);
    });
    wf = walk_forward_json(windows, wfc.objective);
  }
  if (!o.out.empty())
    analytics::write_backtest_files(o.out, analysis_inputs(cfg, res), wf);
  nlohmann::json j;
  j["events"] = res.events;
  j["signals"] = res.signals;
  j["messages"] = res.messages;
  j["trades"] = res.trades.size();
  j["orders"] = res.ledger.orders().size();
  j["fills"] = res.ledger.fills().size();
  j["pnl"] = res.pnl();
  j["final_equity"] = res.equity.empty() ? 0.0 : res.equity.back().equity;
  j["seconds"] = res.seconds;
  j["events_per_second"] = res.seconds > 0 ? static_cast<double>(res.events) / res.seconds : 0.0;
  j["risk_state"] = res.risk_state;
  j["learning"] = learning_summary(res.learning, o.out);
  if (wfc.enabled)
    j["walk_forward"] = walk_forward_totals(wf);
  if (!o.out.empty())
    j["out"] = o.out;
  std::cout << j.dump(2, ' ', false, invalid_utf8) << "\n";
  return 0;
}

} // namespace tickline::cli
