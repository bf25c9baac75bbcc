// tickline-inspect: look into a running node (its HTTP API) or a stopped node's data
// directory (read-only).

#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/inspect/inspect_commands.hpp"

int main(int argc, char** argv) {
  using namespace tickline::cli;
  CLI::App app{"tickline-inspect: look into a running node (--url) or a stopped node's data "
               "directory (--data-dir, read-only)"};
  app.require_subcommand(1);
  inspect_options o;
  app.add_flag("--json", o.json, "JSON for scripts instead of tables");

  auto offline = [&](const char* name, const char* help) {
    auto* c = app.add_subcommand(name, help);
    c->add_option("--data-dir", o.data_dir, "The stopped node's data directory (node.data_dir)")
      ->required();
    c->add_flag("--json", o.json, "JSON for scripts instead of tables");
    return c;
  };
  auto* snapshots = offline("snapshots", "Every actor's latest snapshot: sequence, time, size");
  auto* show = offline("show", "One actor's snapshot decoded, as JSON");
  show->add_option("actor", o.actor, "Actor name, e.g. portfolio or scanner:BTCUSDT")->required();
  auto* journal = offline("journal", "Journal entries");
  journal->add_option("--name", o.journal_name, "orders, signals, trades or audit (default: all)")
    ->check(CLI::IsMember({"orders", "signals", "trades", "audit"}));
  journal->add_option("--since", o.since, "First sequence number")->check(CLI::Range(1ull, ~0ull));
  auto* verify = offline("verify", "Check that every snapshot decodes, no journal has a gap, and "
                                    "the books (order journal, broker, portfolio, trade log) agree");
  verify->add_option("--broker", o.broker, "The broker whose books to check")->capture_default_str();

  auto online = [&](const char* name, const char* help) {
    auto* c = app.add_subcommand(name, help);
    c->add_option("--url", o.url, "The node's HTTP address")->capture_default_str();
    c->add_option("--token", o.token, "Bearer token (default: $TICKLINE_API_TOKEN)");
    c->add_option("--timeout-ms", o.timeout_ms, "Per request")->check(CLI::Range(1, 600000));
    c->add_flag("--json", o.json, "JSON for scripts instead of tables");
    return c;
  };
  auto* tree = online("tree", "The supervision tree with states, restarts and mailboxes");
  auto* actor = online("actor", "A summary of one actor's state");
  actor->add_option("name", o.actor, "Actor name")->required();
  auto* restarts = online("restarts", "Actors that restarted, most first");
  auto* mailboxes = online("mailboxes", "Mailbox sizes, largest first");
  auto* positions = online("positions", "Open positions");
  auto* learning = online("learning", "What the learning daemon learned: weights, evidence, "
                                      "thresholds, versions (--data-dir: a stopped node's)");
  learning->add_option("--data-dir", o.data_dir,
                       "Read a stopped node's data directory instead of its HTTP API");
  auto* control = online("control", "Send a control command (needs the token)");
  control->add_option("action", o.action, "pause, resume, halt or emergency-stop")
    ->required()
    ->check(CLI::IsMember({"pause", "resume", "halt", "emergency-stop"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    auto code = app.exit(e);
    return code == 0 ? inspect_ok : inspect_bad_input;
  }
  try {
    if (*snapshots)
      return run_snapshots(o);
    if (*show)
      return run_show(o);
    if (*journal)
      return run_journal(o);
    if (*verify)
      return run_verify(o);
    if (*tree)
      return run_tree(o, "tree");
    if (*restarts)
      return run_tree(o, "restarts");
    if (*mailboxes)
      return run_tree(o, "mailboxes");
    if (*actor)
      return run_actor(o);
    if (*positions)
      return run_positions(o);
    if (*control)
      return run_control(o);
    if (*learning)
      return run_learning(o);
  } catch (const std::exception& e) {
    std::cerr << "tickline-inspect: " << e.what() << "\n";
    return inspect_problem;
  }
  return inspect_ok;
}
