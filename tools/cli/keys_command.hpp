#pragma once

#include <string>

namespace CLI {
class App;
}

namespace tickline::cli {

/// Options of `tickline keys add|list|remove`.
struct keys_options {
  std::string file = "tickline-keys.enc";  ///< The encrypted key file.
  std::string name;                        ///< add, remove: the entry.
};

/// Adds `keys` with its subcommands; returns them (add, list, remove) through the out
/// parameters.
void add_keys_commands(CLI::App& app, keys_options& o, CLI::App*& add, CLI::App*& list, CLI::App*& remove);

/// The passphrase comes from TICKLINE_KEYS_PASSPHRASE or, when unset, is asked on the
/// terminal without echo; `add` reads the API key and secret from TICKLINE_API_KEY and
/// TICKLINE_API_SECRET or, when unset, as two lines on stdin (never from the command
/// line, where other users' `ps` and the shell's history would see them). `list` prints
/// each name with its key masked; no command prints a secret. Exit status: 0, 1 when the
/// file cannot be read or written (wrong passphrase included), 2 for bad input.
int run_keys_add(const keys_options& o);
int run_keys_list(const keys_options& o);
int run_keys_remove(const keys_options& o);

} // namespace tickline::cli
