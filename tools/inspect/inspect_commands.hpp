#pragma once

#include <cstdint>
#include <string>

namespace tickline::cli {

/// Exit statuses of tickline-inspect: ok, a problem found or a request refused, bad usage
/// or input that cannot be read (no database, an answer that is not JSON).
constexpr int inspect_ok = 0;
constexpr int inspect_problem = 1;
constexpr int inspect_bad_input = 2;

/// Everything tickline-inspect's commands take from the command line.
struct inspect_options {
  bool json = false;                          ///< JSON for scripts instead of tables.
  // -- offline: a stopped node's data directory ---------------------------------------
  std::string data_dir;                       ///< node.data_dir (its database is data_dir/db).
  std::string actor;                          ///< show ACTOR / actor NAME.
  std::string journal_name;                   ///< journal --name; empty = every journal.
  std::uint64_t since = 1;                    ///< journal --since SEQ.
  std::string broker = "broker:paper";        ///< verify --broker NAME.
  // -- online: a running node's HTTP API -----------------------------------------------
  std::string url = "http://127.0.0.1:8080";  ///< The node's [http] listen address.
  std::string token;                          ///< Bearer token (or TICKLINE_API_TOKEN).
  std::string action;                         ///< control ACTION.
  int timeout_ms = 5000;                      ///< Per request.
};

/// `snapshots`: every actor's latest snapshot (actor, type, sequence, time, size).
int run_snapshots(const inspect_options& o);
/// `show ACTOR`: that actor's snapshot decoded by its state class, as JSON.
int run_show(const inspect_options& o);
/// `journal`: journal entries from `since`, of one journal or all.
int run_journal(const inspect_options& o);
/// `verify`: every snapshot decodes, every journal's sequence has no gap, and the books
/// agree per order and per symbol (actors/node/books_check.hpp); 1 otherwise, naming each
/// disagreement, the first first.
int run_verify(const inspect_options& o);

/// `tree`, `restarts`, `mailboxes`: views of GET /api/v1/tree.
int run_tree(const inspect_options& o, const std::string& view);
/// `actor NAME`: GET /api/v1/actors/NAME.
int run_actor(const inspect_options& o);
/// `positions`: GET /api/v1/positions.
int run_positions(const inspect_options& o);
/// `control ACTION`: POST /api/v1/control/ACTION with the bearer token.
int run_control(const inspect_options& o);

/// `learning`: what the learning daemon holds (weights beside their evidence at the
/// feedback horizon, thresholds, the latest versions): from the running node's GET
/// /api/v1/learning, or with --data-dir from a stopped node's latest snapshot.
int run_learning(const inspect_options& o);
int run_learning_online(const inspect_options& o);
int run_learning_offline(const inspect_options& o);
/// Prints a learning view (the JSON of GET /api/v1/learning) as tables, or as JSON.
int print_learning(const inspect_options& o, const std::string& view);

} // namespace tickline::cli
