#include "tools/cli/keys_command.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "runtime/key_store.hpp"

namespace tickline::cli {

namespace {

// The passphrase: the environment's, or asked on the terminal with echo off.
std::optional<std::string> passphrase() {
  if (const char* p = std::getenv("TICKLINE_KEYS_PASSPHRASE"); p && *p)
    return std::string{p};
  std::ifstream tty_in{"/dev/tty"};
  std::ofstream tty_out{"/dev/tty"};
  if (!tty_in || !tty_out)
    return std::nullopt;
  tty_out << "passphrase: " << std::flush;
  termios old{};
  const int fd = ::open("/dev/tty", O_RDONLY);
  const bool quiet = fd >= 0 && tcgetattr(fd, &old) == 0;
  if (quiet) {
    termios noecho = old;
    noecho.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fd, TCSAFLUSH, &noecho);
  }
  std::string line;
  std::getline(tty_in, line);
  if (quiet)
    tcsetattr(fd, TCSAFLUSH, &old);
  if (fd >= 0)
    ::close(fd);
  tty_out << "\n";
  if (line.empty())
    return std::nullopt;
  return line;
}

std::optional<key_store> open_store(const keys_options& o, int& status) {
  auto pass = passphrase();
  if (!pass) {
    std::cerr << "tickline keys: no passphrase: set TICKLINE_KEYS_PASSPHRASE or run it on a terminal\n";
    status = 2;
    return std::nullopt;
  }
  std::string error;
  auto ks = key_store::open(o.file, *pass, error);
  if (!ks) {
    std::cerr << "tickline keys: " << error << "\n";
    status = 1;
  }
  return ks;
}

} // namespace

void add_keys_commands(CLI::App& app, keys_options& o, CLI::App*& add, CLI::App*& list, CLI::App*& remove) {
  auto* keys = app.add_subcommand("keys", "Venue API keys, encrypted at rest (passphrase: TICKLINE_KEYS_PASSPHRASE or the terminal)");
  keys->require_subcommand(1);
  add = keys->add_subcommand("add", "Add or replace NAME; key and secret from TICKLINE_API_KEY and TICKLINE_API_SECRET, "
                                    "or two lines on stdin");
  list = keys->add_subcommand("list", "The names, with their keys masked");
  remove = keys->add_subcommand("remove", "Remove NAME");
  for (auto* c : {add, list, remove})
    c->add_option("--file", o.file, "The encrypted key file")->capture_default_str();
  add->add_option("name", o.name, "Entry name, e.g. binance-main")->required();
  remove->add_option("name", o.name, "Entry name")->required();
}

int run_keys_add(const keys_options& o) {
  api_credentials c;
  const char* k = std::getenv("TICKLINE_API_KEY");
  const char* s = std::getenv("TICKLINE_API_SECRET");
  if (k && *k && s && *s) {
    c = {k, s};
  } else {
    std::getline(std::cin, c.api_key);
    std::getline(std::cin, c.secret);
  }
  if (c.api_key.empty() || c.secret.empty()) {
    std::cerr << "tickline keys add: give the API key and secret in TICKLINE_API_KEY and TICKLINE_API_SECRET, "
                 "or as two lines on stdin\n";
    return 2;
  }
  int status = 0;
  auto ks = open_store(o, status);
  if (!ks)
    return status;
  ks->put(o.name, std::move(c));
  std::string error;
  if (!ks->save(error)) {
    std::cerr << "tickline keys add: " << error << "\n";
    return 1;
  }
  std::cout << o.name << ": saved to " << o.file << " (key " << masked_key(ks->get(o.name)->api_key) << ")\n";
  return 0;
}

int run_keys_list(const keys_options& o) {
  int status = 0;
  auto ks = open_store(o, status);
  if (!ks)
    return status;
  for (const auto& [name, c] : ks->entries())
    std::cout << name << "  " << masked_key(c.api_key) << "\n";
  return 0;
}

int run_keys_remove(const keys_options& o) {
  int status = 0;
  auto ks = open_store(o, status);
  if (!ks)
    return status;
  if (!ks->remove(o.name)) {
    std::cerr << "tickline keys remove: no entry " << o.name << " in " << o.file << "\n";
    return 2;
  }
  std::string error;
  if (!ks->save(error)) {
    std::cerr << "tickline keys remove: " << error << "\n";
    return 1;
  }
  std::cout << o.name << ": removed from " << o.file << "\n";
  return 0;
}

} // namespace tickline::cli
