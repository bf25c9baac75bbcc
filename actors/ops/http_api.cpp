#include "actors/ops/http_api.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/ops/http_api_routes.hpp"
#include "actors/ops/ops_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<http_api_actor>*;

void on_requests(self_ptr self) {
  auto& st = self->state;
  st.requests->drain(st.drained);
  auto batch = std::move(st.drained);
  st.drained.clear();
  for (auto& w : batch) {
    auto call = st.api.route(w.req, st.clk->now_ns());
    serve(self, std::move(w), std::move(call));
  }
  st.snap.after_message(st.api);
}

// Binds the port; on failure logs once and tries again in a second.
void bind(self_ptr self) {
  auto& st = self->state;
  const auto& o = *st.opts;
  http_server_options so;
  so.listen = o.http.listen;
  so.body_limit = 16 * 1024;  // control bodies are a reason at most
  if (o.stream) {
    so.ws_path = "/api/v1/stream";
    so.ws_origin_ok = [hub = o.stream](const std::string& origin) { return hub->origin_ok(origin); };
  }
  caf::weak_actor_ptr weak = self->ctrl();
  const bool wake = o.wake_from_server;
  try {
    st.server = std::make_shared<http_server>(
      so, [requests = st.requests, weak, wake](http_request req, http_reply reply) {
        if (!requests->push({std::move(req), std::move(reply)}) || !wake)
          return;
        if (auto strong = weak.lock())
          caf::anon_send(caf::actor_cast<caf::actor>(strong), frames_atom::value);
      });
  } catch (const std::exception& e) {
    if (!st.bind_failed)
      spdlog::error("http: cannot serve the API on http.listen = {}: {}; retrying every second",
                    o.http.listen, e.what());
    st.bind_failed = true;
    self->delayed_send(self, std::chrono::seconds{1}, restart_atom::value);
    return;
  }
  st.bind_failed = false;
  st.api.set_settings(http_api_settings::from_config(o.http, o.token, o.symbols, st.server->port()));
  if (o.stream)
    o.stream->attach(st.server, st.api.settings().allowed_origins);
  spdlog::info("http: API on http://{}:{}/ (control token from {})",
               o.http.listen.substr(0, o.http.listen.rfind(':')), st.server->port(),
               o.http.token.empty() ? "the environment or the data dir" : "the config");
}

std::string random_hex(std::size_t bytes) {
  std::ifstream urandom{"/dev/urandom", std::ios::binary};
  std::string raw(bytes, '\0');
  urandom.read(raw.data(), static_cast<std::streamsize>(bytes));
  if (!urandom)
    throw std::runtime_error("/dev/urandom: cannot read random bytes for the API token");
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

} // namespace

void http_stream_hub::publish(std::string text) {
  std::shared_ptr<http_server> server;
  {
    std::lock_guard<std::mutex> guard{mu_};
    server = server_.lock();
  }
  if (server)
    server->publish(std::move(text));
}

bool http_stream_hub::origin_ok(const std::string& origin) const {
  std::lock_guard<std::mutex> guard{mu_};
  return !origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

void http_stream_hub::attach(std::weak_ptr<http_server> server, std::vector<std::string> origins) {
  std::lock_guard<std::mutex> guard{mu_};
  server_ = std::move(server);
  origins_ = std::move(origins);
}

std::string resolve_api_token(const std::string& configured, const std::string& data_dir) {
  if (!configured.empty())
    return configured;
  if (const char* env = std::getenv("TICKLINE_API_TOKEN"); env && *env)
    return env;
  const auto path = (std::filesystem::path{data_dir} / "api_token").string();
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in{path};
    std::string token;
    std::getline(in, token);
    if (!in && !in.eof())
      throw std::runtime_error(path + ": cannot read the API token");
    if (token.size() < 16 || token.find_first_of(" \t\r") != std::string::npos)
      throw std::runtime_error(path + ": expected a token of at least 16 characters on one "
                               "line; delete the file to have a new one generated");
    return token;
  }
  auto token = random_hex(32);
  // Created 0600 from the start: the token is never readable by others, not even briefly.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    throw std::runtime_error(path + ": cannot create the API token file");
  auto line = token + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok)
    throw std::runtime_error(path + ": cannot write the API token file");
  spdlog::info("http: generated a control token in {}", path);
  return token;
}

caf::behavior http_api(caf::stateful_actor<http_api_actor>* self, http_api_args args) {
  auto& st = self->state;
  st.opts = args.opts;
  st.registry = args.env.registry;
  st.counters = args.env.counters;
  st.clk = args.env.clk;
  st.started_ns = st.opts->started_ns != 0 ? st.opts->started_ns : st.clk->now_ns();
  std::uint16_t port = 0;
  std::string host;
  split_host_port(st.opts->http.listen, host, port);
  st.api = http_api_state{
    http_api_settings::from_config(st.opts->http, st.opts->token, st.opts->symbols, port)};
  st.snap = snapshotter{args.name, "http_api_state", args.env};
  st.snap.restore(st.api);
  install_worker_exit(self);
  st.requests = std::make_shared<inbox<api_request>>();
  bind(self);
  caf::message_handler own{
    [self](frames_atom) { on_requests(self); },
    [self](restart_atom) {
      if (!self->state.server)
        bind(self);
    },
    [self](const closed_trade& t) {
      self->state.api.on_trade_closed(t);
      self->state.snap.after_message(self->state.api);
    },
    [](const account_update&) {
      // The portfolio's regular update: the API asks it for positions when asked.
    },
  };
  return own.or_else(worker_handlers(self));
}

} // namespace tickline
