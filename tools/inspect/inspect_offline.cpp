// tickline-inspect's offline commands: a stopped node's database, opened read-only.

#include <filesystem>
#include <iostream>
#include <map>

#include "actors/broker/paper_broker_state.hpp"
#include "actors/broker/paper_broker_store.hpp"
#include "actors/broker/paper_broker_view.hpp"
#include "actors/node/books_check.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "tools/inspect/inspect_commands.hpp"
#include "tools/inspect/inspect_decode.hpp"
#include "tools/inspect/inspect_table.hpp"
#include "messages/json_text.hpp"

namespace tickline::cli {

using json = nlohmann::ordered_json;

namespace {

// The node's database, read-only; null (reported) when there is none or it does not open.
std::shared_ptr<store> open_db(const inspect_options& o) {
  namespace fs = std::filesystem;
  if (o.data_dir.empty()) {
    std::cerr << "tickline-inspect: --data-dir is required\n";
    return nullptr;
  }
  std::error_code ec;
  auto path = fs::path{o.data_dir} / "db";
  if (!fs::exists(path / "CURRENT", ec))
    path = fs::path{o.data_dir};  // the database directory itself
  if (!fs::exists(path / "CURRENT", ec)) {
    std::cerr << "tickline-inspect: no tickline database in " << o.data_dir << " (expected "
              << (fs::path{o.data_dir} / "db").string() << ")\n";
    return nullptr;
  }
  try {
    return store::open(path.string(), true);
  } catch (const std::exception& e) {
    std::cerr << "tickline-inspect: " << e.what() << "\n";
    return nullptr;
  }
}

json record_json(const snapshot_record& r) {
  return {{"actor", r.name},      {"type", r.type},          {"version", r.version},
          {"seq", r.seq},         {"ts_ns", r.ts_ns},        {"time", format_utc(r.ts_ns)},
          {"size", r.payload.size()}};
}

// Reads a journal in pages; `fn(entry)` for each entry from `from`.
template <class F>
void each_entry(const journal& j, std::uint64_t from, F fn) {
  for (;;) {
    auto page = j.read_from(from, 4096);
    for (const auto& e : page)
      fn(e);
    if (page.size() < 4096)
      return;
    from = page.back().seq + 1;
  }
}

} // namespace

int run_snapshots(const inspect_options& o) {
  auto db = open_db(o);
  if (!db)
    return inspect_bad_input;
  const auto all = snapshot_store{db}.list();
  auto out = json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : all) {
    const auto& r = *l.record;
    auto j = record_json(r);
    if (!l.error.empty())
      j["error"] = l.error;
    out.push_back(j);
    rows.push_back({r.name, l.error.empty() ? r.type : "CORRUPT: " + l.error,
                    std::to_string(r.seq), format_utc(r.ts_ns), std::to_string(r.payload.size())});
  }
  if (o.json)
    std::cout << out.dump(2, ' ', false, invalid_utf8) << "\n";
  else
    std::cout << render_table({"ACTOR", "TYPE", "SEQ", "TIME (UTC)", "BYTES"}, rows)
              << all.size() << " snapshot(s)\n";
  return inspect_ok;
}

int run_show(const inspect_options& o) {
  auto db = open_db(o);
  if (!db)
    return inspect_bad_input;
  // A paper broker's truth is its books, not a snapshot.
  if (paper_broker_store books{db, o.actor}; books.exists()) {
    paper_broker_state b;
    books.load(b);
    json out{{"actor", o.actor}, {"type", "paper_broker_books"},
             {"state", json::parse(view_json(b))}};
    std::cout << out.dump(o.json ? -1 : 2, ' ', false, invalid_utf8) << "\n";
    return inspect_ok;
  }
  auto found = snapshot_store{db}.get(o.actor);
  if (!found.error.empty()) {
    std::cerr << "tickline-inspect: snapshot of " << o.actor << " is corrupt: " << found.error << "\n";
    return inspect_problem;
  }
  if (!found.record) {
    std::cerr << "tickline-inspect: no snapshot of \"" << o.actor
              << "\" (see `tickline-inspect snapshots`)\n";
    return inspect_problem;
  }
  std::string error;
  auto state = decode_state(*found.record, error);
  if (!state) {
    std::cerr << "tickline-inspect: snapshot of " << o.actor << ": " << error << "\n";
    return inspect_problem;
  }
  auto out = record_json(*found.record);
  out["state"] = *state;
  std::cout << out.dump(o.json ? -1 : 2, ' ', false, invalid_utf8) << "\n";
  return inspect_ok;
}

int run_journal(const inspect_options& o) {
  auto db = open_db(o);
  if (!db)
    return inspect_bad_input;
  std::vector<std::string> names;
  if (o.journal_name.empty())
    names = journal::names(*db);
  else
    names = {o.journal_name};
  auto out = json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& name : names) {
    journal j{db, name};
    each_entry(j, o.since, [&](const journal_entry& e) {
      auto parsed = json::parse(e.payload, nullptr, false);
      if (o.json)
        out.push_back({{"journal", name}, {"seq", e.seq},
                       {"entry", parsed.is_discarded() ? json(e.payload) : parsed}});
      else
        rows.push_back({name, std::to_string(e.seq), e.payload.size() > 160
                                                       ? e.payload.substr(0, 157) + "..."
                                                       : e.payload});
    });
  }
  if (o.json)
    std::cout << out.dump(2, ' ', false, invalid_utf8) << "\n";
  else
    std::cout << render_table({"JOURNAL", "SEQ", "ENTRY"}, rows) << rows.size() << " entr"
              << (rows.size() == 1 ? "y" : "ies") << "\n";
  return inspect_ok;
}

int run_verify(const inspect_options& o) {
  auto db = open_db(o);
  if (!db)
    return inspect_bad_input;
  std::vector<std::string> problems;
  const auto snaps = snapshot_store{db}.list();
  for (const auto& l : snaps) {
    std::string error = l.error;
    if (error.empty())
      decode_state(*l.record, error);
    if (!error.empty())
      problems.push_back("snapshot " + l.record->name + ": " + error);
  }
  json journals = json::object();
  for (const auto& name : journal::names(*db)) {
    journal j{db, name};
    // A checkpoint replaced the entries up to it: the first one left follows it.
    const auto checkpoint = j.last_checkpoint();
    const std::uint64_t through = checkpoint ? checkpoint->through_seq : 0;
    std::uint64_t expected = through + 1, entries = 0;
    each_entry(j, 1, [&](const journal_entry& e) {
      if (e.seq != expected)
        problems.push_back("journal " + name + ": gap, sequence " + std::to_string(expected)
                           + (e.seq > expected + 1 ? ".." + std::to_string(e.seq - 1) : "")
                           + " missing before " + std::to_string(e.seq));
      expected = e.seq + 1;
      ++entries;
    });
    // Each entry's link to the one before: the first that does not hold is reported.
    const auto chain = j.verify_chain();
    if (chain.broken_seq != 0)
      problems.push_back("journal " + name + ": entry " + std::to_string(chain.broken_seq) + ": " + chain.what +
                         " (changed after it was written?)");
    journals[name] = {{"entries", entries}, {"last_seq", expected - 1},
                      {"checkpoint_through", through}, {"chained", chain.chained},
                      {"unchained", chain.unchained}, {"broken_at", chain.broken_seq}};
  }
  const auto books = check_books(db, o.broker);
  for (const auto& p : books.problems)
    problems.push_back("books: " + p);
  json books_json = nullptr;
  if (books.trading)
    books_json = {{"order_manager", books.order_manager}, {"broker", books.broker},
                  {"portfolio", books.portfolio}, {"trade_log", books.trade_log},
                  {"fills_booked", books.fills_booked}, {"broker_fills", books.broker_fills}};
  if (o.json) {
    std::cout << json{{"ok", problems.empty()}, {"snapshots", snaps.size()},
                      {"journals", journals}, {"books", books_json}, {"problems", problems}}
                   .dump(2, ' ', false, invalid_utf8)
              << "\n";
  } else {
    for (const auto& p : problems)
      std::cout << "PROBLEM " << p << "\n";
    std::cout << (problems.empty() ? "ok: " : "FAILED: ") << snaps.size() << " snapshot(s), "
              << journals.size() << " journal(s), " << problems.size() << " problem(s)\n";
  }
  return problems.empty() ? inspect_ok : inspect_problem;
}

} // namespace tickline::cli
