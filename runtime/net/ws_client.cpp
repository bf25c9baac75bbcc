#include "runtime/net/ws_client.hpp"

#include <deque>
#include <random>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "runtime/supervision.hpp"

namespace tickline {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::optional<ws_url> parse_ws_url(const std::string& url, std::string& error) {
  ws_url u;
  std::string rest;
  if (url.rfind("ws://", 0) == 0) {
    rest = url.substr(5);
  } else if (url.rfind("wss://", 0) == 0) {
    u.tls = true;
    rest = url.substr(6);
  } else {
    error = "must start with ws:// or wss://";
    return std::nullopt;
  }
  auto end = rest.find_first_of("/?");
  std::string authority = rest.substr(0, end);
  if (end != std::string::npos) {
    u.target = rest.substr(end);
    if (u.target.front() == '?')
      u.target.insert(0, "/");
  }
  u.port = u.tls ? "443" : "80";
  auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    u.port = authority.substr(colon + 1);
    authority.resize(colon);
    if (u.port.empty() || u.port.find_first_not_of("0123456789") != std::string::npos
        || u.port.size() > 5 || std::stoi(u.port) == 0 || std::stoi(u.port) > 65535) {
      error = "port must be a number in 1..65535";
      return std::nullopt;
    }
  }
  if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']')
    authority = authority.substr(1, authority.size() - 2);
  if (authority.empty()) {
    error = "no host";
    return std::nullopt;
  }
  u.host = authority;
  return u;
}

// -- the client ------------------------------------------------------------------------

struct ws_client::impl {
  ws_client_options opts;
  ws_url url;
  sink out;
  net::io_context ioc{1};
  ssl::context tls{ssl::context::tls_client};
  net::steady_timer retry{ioc};
  net::executor_work_guard<net::io_context::executor_type> guard{ioc.get_executor()};
  std::mt19937_64 rng;
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<std::uint64_t> failed{0};
  int attempt = 0;
  bool ever_connected = false;
  /// Writes to the open connection; empty while there is none. I/O thread only.
  std::function<void(std::string)> sender;
  std::thread thread;

  void connect();

  void on_open() {
    if (ever_connected)
      reconnects.fetch_add(1, std::memory_order_relaxed);
    ever_connected = true;
    attempt = 0;
    out({ws_client_event::kind::connected, url.host + ":" + url.port + url.target});
  }

  void on_text(std::string text) { out({ws_client_event::kind::text, std::move(text)}); }

  void on_closed(const std::string& why, bool was_open) {
    if (was_open)
      out({ws_client_event::kind::disconnected, why});
    else
      failed.fetch_add(1, std::memory_order_relaxed);
    supervisor_flags f;
    f.backoff_min_ns = opts.backoff_min.count() * 1'000'000;
    f.backoff_max_ns = opts.backoff_max.count() * 1'000'000;
    auto delay = backoff_delay_ns(f, ++attempt, std::uniform_real_distribution<double>{}(rng));
    retry.expires_after(std::chrono::nanoseconds{delay});
    retry.async_wait([this](beast::error_code ec) {
      if (!ec)
        connect();
    });
  }
};

namespace {

// One connection attempt and, once open, the read loop. A new object per attempt, so
// that no half-closed stream is ever reused.
template <class Ws>
class connection : public std::enable_shared_from_this<connection<Ws>> {
public:
  template <class... Args>
  explicit connection(ws_client::impl& owner, Args&&... args)
    : owner_(owner), resolver_(owner.ioc), ws_(std::forward<Args>(args)...) {}

  void run() {
    auto self = this->shared_from_this();
    resolver_.async_resolve(owner_.url.host, owner_.url.port,
                            [self](beast::error_code ec, tcp::resolver::results_type r) {
                              self->on_resolve(ec, r);
                            });
  }

private:
  static constexpr bool tls = !std::is_same_v<Ws, websocket::stream<beast::tcp_stream>>;

  void fail(const char* step, beast::error_code ec) {
    if (open_)
      owner_.sender = nullptr;  // nothing more is written on this one
    owner_.on_closed(std::string(step) + ": " + ec.message(), open_);
  }

  void on_resolve(beast::error_code ec, const tcp::resolver::results_type& results) {
    if (ec)
      return fail("resolve", ec);
    beast::get_lowest_layer(ws_).expires_after(owner_.opts.connect_timeout);
    auto self = this->shared_from_this();
    beast::get_lowest_layer(ws_).async_connect(
      results, [self](beast::error_code e, const tcp::endpoint&) { self->on_connect(e); });
  }

  void on_connect(beast::error_code ec) {
    if (ec)
      return fail("connect", ec);
    if constexpr (tls) {
      if (!SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), owner_.url.host.c_str()))
        return fail("tls", beast::error_code{static_cast<int>(::ERR_get_error()),
                                             net::error::get_ssl_category()});
      ws_.next_layer().set_verify_callback(ssl::host_name_verification(owner_.url.host));
      auto self = this->shared_from_this();
      ws_.next_layer().async_handshake(ssl::stream_base::client,
                                       [self](beast::error_code e) { self->on_transport(e); });
    } else {
      on_transport({});
    }
  }

  void on_transport(beast::error_code ec) {
    if (ec)
      return fail("tls handshake", ec);
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout t;
    t.handshake_timeout = owner_.opts.connect_timeout;
    t.idle_timeout = owner_.opts.idle_timeout;
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.read_message_max(owner_.opts.max_message);
    ws_.set_option(websocket::stream_base::decorator([origin = owner_.opts.origin](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "tickline");
      if (!origin.empty())
        req.set(beast::http::field::origin, origin);
    }));
    auto self = this->shared_from_this();
    ws_.async_handshake(owner_.url.host + ":" + owner_.url.port, owner_.url.target,
                        [self](beast::error_code e) { self->on_handshake(e); });
  }

  void on_handshake(beast::error_code ec) {
    if (ec)
      return fail("websocket handshake", ec);
    open_ = true;
    std::weak_ptr<connection> weak = this->shared_from_this();
    owner_.sender = [weak](std::string text) {
      if (auto self = weak.lock())
        self->send(std::move(text));
    };
    owner_.on_open();
    read();
  }

  void send(std::string text) {
    out_.push_back(std::move(text));
    if (!writing_)
      write_next();
  }

  void write_next() {
    writing_ = true;
    auto self = this->shared_from_this();
    ws_.text(true);
    ws_.async_write(net::buffer(out_.front()), [self](beast::error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec)
        return;  // the read loop sees the connection end and reports it
      self->out_.pop_front();
      if (!self->out_.empty())
        self->write_next();
    });
  }

  void read() {
    auto self = this->shared_from_this();
    ws_.async_read(buffer_, [self](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec)
      return fail("read", ec);
    if (ws_.got_text())
      owner_.on_text(beast::buffers_to_string(buffer_.data()));
    buffer_.consume(buffer_.size());
    read();
  }

  ws_client::impl& owner_;
  tcp::resolver resolver_;
  Ws ws_;
  beast::flat_buffer buffer_;
  bool open_ = false;
  std::deque<std::string> out_;
  bool writing_ = false;
};

} // namespace

void ws_client::impl::connect() {
  if (url.tls) {
    using ws_t = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;
    std::make_shared<connection<ws_t>>(*this, ioc, tls)->run();
  } else {
    using ws_t = websocket::stream<beast::tcp_stream>;
    std::make_shared<connection<ws_t>>(*this, ioc)->run();
  }
}

ws_client::ws_client(ws_client_options opts, sink s) : impl_(std::make_shared<impl>()) {
  std::string error;
  auto url = parse_ws_url(opts.url, error);
  if (!url)
    throw std::invalid_argument("websocket url " + opts.url + ": " + error);
  impl_->url = *url;
  impl_->opts = std::move(opts);
  impl_->out = std::move(s);
  impl_->rng.seed(impl_->opts.seed);
  impl_->tls.set_default_verify_paths();
  impl_->tls.set_verify_mode(ssl::verify_peer);
  net::post(impl_->ioc, [i = impl_.get()] { i->connect(); });
  impl_->thread = std::thread{[i = impl_.get()] { i->ioc.run(); }};
}

ws_client::~ws_client() {
  impl_->ioc.stop();
  if (impl_->thread.joinable())
    impl_->thread.join();
}

void ws_client::send(std::string text) {
  net::post(impl_->ioc, [i = impl_.get(), text = std::move(text)]() mutable {
    if (i->sender)
      i->sender(std::move(text));
  });
}

std::uint64_t ws_client::reconnects() const { return impl_->reconnects.load(); }
std::uint64_t ws_client::failed_attempts() const { return impl_->failed.load(); }

} // namespace tickline
