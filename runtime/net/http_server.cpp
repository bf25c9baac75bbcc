#include "runtime/net/http_server.hpp"
#include "runtime/net/http_request_read.hpp"
#include "messages/json_text.hpp"

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace tickline {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

const std::string& http_request::header(const std::string& lower_name) const {
  static const std::string none;
  auto i = headers.find(lower_name);
  return i == headers.end() ? none : i->second;
}

std::string http_request::path() const { return target.substr(0, target.find('?')); }

http_response http_response::error(unsigned status, const std::string& message) {
  http_response r;
  r.status = status;
  r.body = nlohmann::json{{"error", message}}.dump(-1, ' ', false, invalid_utf8) + "\n";
  return r;
}

bool split_host_port(const std::string& text, std::string& host, std::uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size() || colon + 6 < text.size())
    return false;
  auto digits = text.substr(colon + 1);
  if (digits.find_first_not_of("0123456789") != std::string::npos)
    return false;
  auto p = std::stoul(digits);
  if (p > 65535)
    return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  port = static_cast<std::uint16_t>(p);
  return !host.empty();
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  // Walk the expected secret's length whatever the guess, so timing says nothing of
  // where they differ.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

namespace {

class session;
class ws_session;

// Lets replies from other threads reach the I/O thread while, and only while, it runs.
struct liveness {
  std::mutex mtx;
  net::io_context* ioc = nullptr;
};

} // namespace

struct http_server::impl {
  http_server_options opts;
  http_handler handler;
  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::shared_ptr<liveness> live = std::make_shared<liveness>();
  std::map<const session*, std::shared_ptr<session>> waiting;  ///< Awaiting a reply.
  std::atomic<std::uint64_t> answered{0};
  std::atomic<std::uint64_t> refused{0};
  std::set<std::shared_ptr<ws_session>> clients;  ///< Open WebSockets; I/O thread only.
  std::map<std::uint64_t, std::weak_ptr<ws_session>> by_id;  ///< The same, by id; I/O thread only.
  std::uint64_t next_client = 1;
  std::atomic<std::size_t> client_count{0};
  std::atomic<std::uint64_t> ws_dropped{0};
  std::atomic<std::uint64_t> ws_oversize{0};
  std::thread thread;

  void accept();
  /// Whether an upgrade to `path` is taken (ws_path, or one of ws_more_paths).
  bool ws_accepts(beast::string_view path) const {
    if (!opts.ws_path.empty() && path == opts.ws_path)
      return true;
    for (const auto& p : opts.ws_more_paths)
      if (path == p || (!p.empty() && p.back() == '/' && path.size() > p.size() && path.substr(0, p.size()) == p))
        return true;
    return false;
  }
};

namespace {

// One WebSocket client after its upgrade. Everything runs on the I/O thread; published
// messages wait in a bounded queue, and one write is under way at a time.
class ws_session : public std::enable_shared_from_this<ws_session> {
public:
  ws_session(http_server::impl& owner, tcp::socket socket)
    : owner_(owner), ws_(std::move(socket)) {}

  void accept(http::request<http::string_body> req) {
    req_ = std::move(req);  // kept until the handshake is done
    ws_.read_message_max(owner_.opts.ws_max_message);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "tickline"); }));
    auto self = shared_from_this();
    ws_.async_accept(req_, [self](beast::error_code ec) {
      if (ec)
        return;
      self->owner_.clients.insert(self);
      self->id_ = self->owner_.next_client++;
      self->owner_.by_id[self->id_] = self;
      self->owner_.client_count.store(self->owner_.clients.size());
      if (self->owner_.opts.ws_on_open)
        self->owner_.opts.ws_on_open(self->id_, std::string(self->req_.target()));
      self->read();
    });
  }

  void enqueue(const std::shared_ptr<const std::string>& msg) {
    if (closed_)
      return;
    if (queue_.size() >= owner_.opts.ws_queue) {
      owner_.ws_dropped.fetch_add(1, std::memory_order_relaxed);
      forget();
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      return;
    }
    queue_.push_back(msg);
    if (!writing_)
      write_next();
  }

  void close() {
    forget();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

private:
  // Client messages go to ws_on_message when it is set; otherwise they are read only to be
  // discarded, and to see oversize ones and closes.
  void read() {
    auto self = shared_from_this();
    ws_.async_read(buffer_, [self](beast::error_code ec, std::size_t) {
      if (ec) {
        if (ec == websocket::error::message_too_big)
          self->owner_.ws_oversize.fetch_add(1, std::memory_order_relaxed);
        self->forget();
        return;
      }
      if (self->owner_.opts.ws_on_message && !self->closed_)
        self->owner_.opts.ws_on_message(self->id_, beast::buffers_to_string(self->buffer_.data()));
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void write_next() {
    writing_ = true;
    auto self = shared_from_this();
    auto msg = queue_.front();  // kept alive by the handler, whatever happens to queue_
    ws_.text(true);
    ws_.async_write(net::buffer(*msg), [self, msg](beast::error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec || self->closed_)
        return self->forget();
      self->queue_.pop_front();
      if (!self->queue_.empty())
        self->write_next();
    });
  }

  void forget() {
    if (closed_)
      return;
    closed_ = true;
    queue_.clear();
    owner_.clients.erase(shared_from_this());
    owner_.by_id.erase(id_);
    owner_.client_count.store(owner_.clients.size());
    if (id_ != 0 && owner_.opts.ws_on_close)
      owner_.opts.ws_on_close(id_);
  }

  http_server::impl& owner_;
  websocket::stream<beast::tcp_stream> ws_;
  http::request<http::string_body> req_;
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool closed_ = false;
  std::uint64_t id_ = 0;  ///< Set once the handshake is done.
};

class session : public std::enable_shared_from_this<session> {
public:
  session(http_server::impl& owner, tcp::socket socket)
    : owner_(owner), stream_(std::move(socket)) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(owner_.opts.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(owner_.opts.header_limit));
    stream_.expires_after(owner_.opts.read_timeout);
    auto self = shared_from_this();
    http::async_read(stream_, buffer_, *parser_,
                     [self](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void write(http_response r) {
    owner_.waiting.erase(this);
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
    res->set(http::field::server, "tickline");
    res->set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers)
      res->set(k, v);
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive_);
    res->prepare_payload();
    owner_.answered.fetch_add(1, std::memory_order_relaxed);
    stream_.expires_after(owner_.opts.read_timeout);
    auto self = shared_from_this();
    http::async_write(stream_, *res, [self, res](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
      }
      self->read();
    });
  }

private:
  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout
        || ec == net::error::operation_aborted || ec == net::error::connection_reset
        || ec == net::error::eof)
      return;
    if (ec) {
      std::string why;
      const auto status = read_refusal(ec, {owner_.opts.body_limit, owner_.opts.header_limit}, why);
      return refuse(status, why);
    }
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    if (websocket::is_upgrade(req) && req.count(http::field::host) <= 1
        && owner_.ws_accepts(req.target().substr(0, req.target().find('?'))))
      return upgrade(parser_->release());
    http_request r;
    std::string why;
    if (const auto status = to_http_request(req, r, why))
      return refuse(status, why);
    beast::error_code ignored;
    auto ep = stream_.socket().remote_endpoint(ignored);
    r.remote = ep.address().to_string() + ":" + std::to_string(ep.port());
    owner_.waiting[this] = shared_from_this();
    owner_.handler(std::move(r), make_reply());
  }

  void upgrade(http::request<http::string_body> req) {
    std::string origin(req[http::field::origin]);
    if (!owner_.opts.ws_origin_ok || !owner_.opts.ws_origin_ok(origin))
      return refuse(403, origin.empty() ? "an Origin header is required"
                                        : "origin " + origin + " may not open the stream");
    std::make_shared<ws_session>(owner_, stream_.release_socket())->accept(std::move(req));
  }

  void refuse(unsigned status, const std::string& why) {
    owner_.refused.fetch_add(1, std::memory_order_relaxed);
    if (owner_.opts.on_refused)
      owner_.opts.on_refused(status);
    keep_alive_ = false;
    write(http_response::error(status, why));
  }

  // The reply hops back to the I/O thread; if it is dropped unanswered, 503 goes out.
  http_reply make_reply() {
    struct once {
      std::weak_ptr<session> s;
      std::shared_ptr<liveness> live;
      std::atomic<bool> done{false};
      void send(http_response r) {
        if (done.exchange(true))
          return;
        std::lock_guard<std::mutex> guard{live->mtx};
        if (!live->ioc)
          return;
        net::post(*live->ioc, [s = s, r = std::move(r)]() mutable {
          if (auto p = s.lock())
            p->write(std::move(r));
        });
      }
      ~once() { send(http_response::error(503, "the request was dropped unanswered")); }
    };
    auto o = std::make_shared<once>();
    o->s = weak_from_this();
    o->live = owner_.live;
    return [o](http_response r) { o->send(std::move(r)); };
  }

  http_server::impl& owner_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = false;
};

} // namespace

void http_server::impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted)
      return;
    if (!ec)
      std::make_shared<session>(*this, std::move(socket))->read();
    accept();
  });
}

http_server::http_server(http_server_options opts, http_handler handler)
  : impl_(std::make_shared<impl>()) {
  std::string host;
  std::uint16_t port = 0;
  if (!split_host_port(opts.listen, host, port))
    throw std::runtime_error("listen address " + opts.listen + ": expected host:port");
  beast::error_code ec;
  auto addr = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec)
    throw std::runtime_error("listen address " + opts.listen + ": " + ec.message());
  tcp::endpoint ep{addr, port};
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec)
    a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec)
    a.bind(ep, ec);
  if (!ec)
    a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + opts.listen + ": " + ec.message());
  impl_->opts = std::move(opts);
  impl_->handler = std::move(handler);
  impl_->live->ioc = &impl_->ioc;
  impl_->accept();
  impl_->thread = std::thread{[i = impl_.get()] { i->ioc.run(); }};
}

http_server::~http_server() {
  {
    std::lock_guard<std::mutex> guard{impl_->live->mtx};
    impl_->live->ioc = nullptr;
  }
  impl_->ioc.stop();
  if (impl_->thread.joinable())
    impl_->thread.join();
  impl_->waiting.clear();
}

void http_server::publish(std::string text) {
  auto msg = std::make_shared<const std::string>(std::move(text));
  std::lock_guard<std::mutex> guard{impl_->live->mtx};
  if (!impl_->live->ioc)
    return;
  net::post(*impl_->live->ioc, [i = impl_.get(), msg] {
    if (i->clients.empty())
      return;
    // A copy: a full client leaves the set while we walk it.
    std::vector<std::shared_ptr<ws_session>> to(i->clients.begin(), i->clients.end());
    for (auto& c : to)
      c->enqueue(msg);
  });
}

void http_server::send_to(std::uint64_t client, std::string text) {
  auto msg = std::make_shared<const std::string>(std::move(text));
  std::lock_guard<std::mutex> guard{impl_->live->mtx};
  if (!impl_->live->ioc)
    return;
  net::post(*impl_->live->ioc, [i = impl_.get(), client, msg] {
    auto it = i->by_id.find(client);
    if (it == i->by_id.end())
      return;
    if (auto c = it->second.lock())
      c->enqueue(msg);
  });
}

void http_server::close_ws_clients() {
  std::lock_guard<std::mutex> guard{impl_->live->mtx};
  if (!impl_->live->ioc)
    return;
  net::post(*impl_->live->ioc, [i = impl_.get()] {
    std::vector<std::shared_ptr<ws_session>> all(i->clients.begin(), i->clients.end());
    for (auto& c : all)
      c->close();
  });
}

std::size_t http_server::ws_clients() const { return impl_->client_count.load(); }
std::uint64_t http_server::ws_dropped() const { return impl_->ws_dropped.load(); }
std::uint64_t http_server::ws_oversize() const { return impl_->ws_oversize.load(); }

std::uint16_t http_server::port() const { return impl_->acceptor.local_endpoint().port(); }
std::uint64_t http_server::answered() const { return impl_->answered.load(); }
std::uint64_t http_server::refused() const { return impl_->refused.load(); }

} // namespace tickline
