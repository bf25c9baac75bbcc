#include "tools/cli/learning_command.hpp"
#include "tools/common/node_db.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>
#include <nlohmann/json.hpp>

#include "actors/learning/learning_model.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"
#include "messages/decode_limit.hpp"

namespace tickline::cli {

namespace {

int bad_input(const std::string& message) {
  std::cerr << "tickline learning report: " << message << "\n";
  return 2;
}

int failed(const std::string& message) {
  std::cerr << "tickline learning report: " << message << "\n";
  return 1;
}

std::string fixed(double x, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s)
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  return out;
}

// One table, written as aligned text and as HTML.
struct table {
  std::string title;
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;

  void text(std::ostream& out) const {
    out << "\n" << title << "\n";
    std::vector<std::size_t> width(head.size());
    for (std::size_t i = 0; i < head.size(); ++i)
      width[i] = head[i].size();
    for (const auto& r : rows)
      for (std::size_t i = 0; i < r.size(); ++i)
        width[i] = std::max(width[i], r[i].size());
    auto line = [&](const std::vector<std::string>& cells) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        out << (i == 0 ? "  " : "  ") << cells[i];
        if (i + 1 < cells.size())
          out << std::string(width[i] - cells[i].size(), ' ');
      }
      out << "\n";
    };
    line(head);
    for (const auto& r : rows)
      line(r);
    if (rows.empty())
      out << "  (none yet)\n";
  }
  void html(std::ostream& out) const {
    out << "<h2>" << html_escape(title) << "</h2>\n<table><tr>";
    for (const auto& h : head)
      out << "<th>" << html_escape(h) << "</th>";
    out << "</tr>\n";
    for (const auto& r : rows) {
      out << "<tr>";
      for (const auto& c : r)
        out << "<td>" << html_escape(c) << "</td>";
      out << "</tr>\n";
    }
    out << "</table>\n";
  }
};

std::string weight_of(const learning_model& m, const std::string& pooled) {
  const auto& w = m.weights.weights();
  auto it = w.find(weight_key(pooled));
  return fixed(it == w.end() ? 1.0 : it->second, 3);
}

std::vector<table> tables_of(const learning_model& m, const std::vector<nlohmann::json>& changes,
                             std::size_t top) {
  std::vector<table> out;
  const auto& horizons = m.stats.settings().horizons;
  for (std::size_t h = 0; h < horizons.size(); ++h) {
    table t{"Detector and pattern, " + std::to_string(horizons[h]) + " bars after the signal",
            {"detector/pattern", "outcomes", "hit rate", "± sd", "mean return", "± se", "MFE",
             "MAE", "drifts", "weight"},
            {}};
    for (const auto& r : m.stats.table(h, true))
      t.rows.push_back({r.key, fixed(r.outcomes, 0), fixed(r.hit_rate, 3), fixed(r.hit_rate_sd, 3),
                        fixed(r.mean_return * 1e4, 1) + " bp", fixed(r.return_se * 1e4, 1) + " bp",
                        fixed(r.mfe * 1e4, 1) + " bp", fixed(r.mae * 1e4, 1) + " bp",
                        std::to_string(r.drifts), weight_of(m, r.key)});
    out.push_back(std::move(t));
  }
  if (!horizons.empty()) {
    table t{"Best by symbol and regime, " + std::to_string(horizons[0]) + " bars (hit rate "
              "blended with its pool)",
            {"detector/pattern/symbol/regime", "outcomes", "hit rate", "blended", "mean return"},
            {}};
    for (const auto& r : m.stats.table(0, false)) {
      if (t.rows.size() >= top)
        break;
      t.rows.push_back({r.key, fixed(r.outcomes, 0), fixed(r.hit_rate, 3),
                        fixed(r.blended_hit_rate, 3), fixed(r.mean_return * 1e4, 1) + " bp"});
    }
    out.push_back(std::move(t));
  }
  table trades{"Closed trades by the signal that opened them", {"entry", "trades", "wins", "mean P&L"}, {}};
  for (const auto& [key, s] : m.stats.trades())
    trades.rows.push_back({key, std::to_string(s.trades), std::to_string(s.wins), fixed(s.pnl.mean, 2)});
  out.push_back(std::move(trades));
  table versions{"Weight changes (the learning journal, newest first)",
                 {"version", "change", "weights"},
                 {}};
  for (auto it = changes.rbegin(); it != changes.rend() && versions.rows.size() < top; ++it) {
    const auto& c = *it;
    const auto type = c.value("type", "");
    if (type == "weights") {
      std::string w;
      for (const auto& [k, v] : c["weights"].items())
        w += (w.empty() ? "" : " ") + k + "=" + fixed(v.get<double>(), 3);
      versions.rows.push_back({std::to_string(c.value("version", 0)), c.value("reason", ""),
                               w.empty() ? "all 1" : w});
    } else {
      versions.rows.push_back({"", type + " by " + c.value("by", ""), ""});
    }
  }
  out.push_back(std::move(versions));
  return out;
}

} // namespace

int run_learning_report(const learning_report_options& o) {
  int status = 0;
  auto db = open_node_db(o.data_dir, "tickline learning report", status);
  if (!db)
    return status;
  const auto db_path = o.data_dir + "/db";
  auto model = read_learning_model(db, db_path, "tickline learning report", status);
  if (!model)
    return status;
  const auto& m = *model;
  std::vector<nlohmann::json> changes;
  for (const auto& e : journal{db, "learning"}.read_from(1)) {
    auto j = nlohmann::json::parse(e.payload, nullptr, false);
    if (j.is_object())
      changes.push_back(std::move(j));
  }
  const auto tables = tables_of(m, changes, o.top);
  std::cout << "learning model: " << m.stats.recorded() << " outcomes recorded, "
            << m.stats.pending() << " pending, " << m.stats.ignored() << " signals ignored, "
            << m.stats.dropped() << " dropped; weights version " << m.weights.version()
            << (m.weights.frozen() ? " (frozen)" : "") << ", " << m.weights.rounds()
            << " rounds\n";
  for (const auto& t : tables)
    t.text(std::cout);
  if (!o.html.empty()) {
    std::ofstream page{o.html, std::ios::trunc};
    if (!page)
      return bad_input("--html " + o.html + ": cannot open for writing");
    page << "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>tickline learning "
            "report</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:"
            "collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:"
            "right}td:first-child,th:first-child{text-align:left}</style></head><body>\n"
         << "<h1>What the learning daemon learned</h1>\n<p>" << m.stats.recorded()
         << " outcomes recorded, " << m.stats.pending() << " pending; weights version "
         << m.weights.version() << (m.weights.frozen() ? " (frozen)" : "") << ".</p>\n";
    for (const auto& t : tables)
      t.html(page);
    page << "</body></html>\n";
    if (!page)
      return failed("--html " + o.html + ": write failed");
  }
  return 0;
}

} // namespace tickline::cli
