// tickline-inspect learning: what the learning daemon holds, from a running node (GET
// /api/v1/learning) or from a stopped node's latest snapshot; one printer for both.

#include <iostream>

#include <nlohmann/json.hpp>

#include "actors/learning/learning_model.hpp"
#include "actors/learning/learning_view.hpp"
#include "tools/inspect/inspect_commands.hpp"
#include "tools/inspect/inspect_table.hpp"
#include "tools/common/node_db.hpp"
#include "messages/json_text.hpp"

namespace tickline::cli {

namespace {

using json = nlohmann::ordered_json;

std::string num(const json& j, const char* key, int decimals = 6) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number())
    return "-";
  return format_number(j[key].get<double>(), decimals);
}

// The index of the feedback horizon among the horizons (0 when not given).
std::size_t feedback_index(const json& view) {
  const auto h = view.value("feedback_horizon", json{});
  const auto hs = view.value("horizons", json::array());
  for (std::size_t i = 0; i < hs.size(); ++i)
    if (hs[i] == h)
      return i;
  return 0;
}

} // namespace

int print_learning(const inspect_options& o, const std::string& text) {
  const auto view = json::parse(text, nullptr, false);
  if (o.json && !view.is_discarded()) {
    std::cout << view.dump(2, ' ', false, invalid_utf8) << "\n";
    return inspect_ok;
  }
  if (!view.is_object() || !view.contains("weights")) {
    std::cerr << "tickline-inspect: the learning view has no weights: not a learning daemon's\n";
    return inspect_bad_input;
  }
  const auto& w = view["weights"];
  const auto h = feedback_index(view);
  const auto horizons = view.value("horizons", json::array());
  std::cout << "learning: mode " << view.value("mode", std::string{"(offline)"}) << ", model v"
            << w.value("version", 0) << (w.value("frozen", false) ? " (frozen)" : "") << ", "
            << view.value("recorded", 0) << " outcomes, " << view.value("pending", 0)
            << " pending, " << w.value("rounds", 0) << " rounds\n\n";
  // Per (detector, pattern) at the feedback horizon: the weight in use beside the evidence.
  const auto current = w.value("current", json::object());
  std::vector<std::vector<std::string>> rows;
  const auto pooled = view.value("pooled", json::array());
  if (h < pooled.size())
    for (const auto& r : pooled[h]) {
      std::string key = r.value("key", "");
      const auto wk = weight_key(key);
      rows.push_back({key, current.contains(wk) ? format_number(current[wk].get<double>(), 3) : "1",
                      num(r, "outcomes", 0), num(r, "hit_rate", 3), num(r, "mean_return", 6),
                      num(r, "return_se", 6), std::to_string(r.value("drifts", 0))});
    }
  std::cout << "at " << (h < horizons.size() ? horizons[h].dump(-1, ' ', false, invalid_utf8) : std::string{"?"})
            << " bars:\n"
            << render_table({"detector/pattern", "weight", "outcomes", "hit rate", "mean return",
                             "se", "drifts"},
                            rows);
  const auto th = view.value("thresholds", json::object());
  const auto tcur = th.value("current", json::object());
  if (!tcur.empty()) {
    std::vector<std::vector<std::string>> trows;
    const auto rules = th.value("rules", json::object());
    for (const auto& [name, value] : tcur.items()) {
      const auto r = rules.value(name, json::object());
      trows.push_back({name, format_number(value.get<double>(), 4), num(r, "initial", 4),
                       num(r, "min", 4), num(r, "max", 4), r.value("gates", "-")});
    }
    std::cout << "\nthresholds:\n"
              << render_table({"threshold", "value", "configured", "min", "max", "gates"}, trows);
  }
  std::vector<std::vector<std::string>> vrows;
  for (const auto& v : w.value("history", json::array()))
    vrows.push_back({std::to_string(v.value("version", 0)), v.value("reason", ""),
                     std::to_string(v.value("evidence", json::object()).size())});
  std::cout << "\nlatest versions:\n" << render_table({"version", "reason", "keys"}, vrows);
  return inspect_ok;
}

int run_learning_offline(const inspect_options& o) {
  int status = 0;
  auto db = open_node_db(o.data_dir, "tickline-inspect learning", status);
  if (!db)
    return status;
  auto m = read_learning_model(db, o.data_dir + "/db", "tickline-inspect learning", status);
  if (!m)
    return status;
  return print_learning(o, view_json(*m));
}

int run_learning(const inspect_options& o) {
  return o.data_dir.empty() ? run_learning_online(o) : run_learning_offline(o);
}

} // namespace tickline::cli
