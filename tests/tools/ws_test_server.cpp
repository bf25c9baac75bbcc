#include "ws_test_server.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace tickline::test {

namespace net = boost::asio;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

struct ws_test_server::impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  mutable std::mutex mtx;
  std::condition_variable cv;
  std::unique_ptr<websocket::stream<tcp::socket>> ws;
  std::string target;
  int clients = 0;
  bool stopped = false;
  std::thread thread;

  void accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket sock{ioc};
      acceptor.accept(sock, ec);
      if (ec)
        return;
      auto s = std::make_unique<websocket::stream<tcp::socket>>(std::move(sock));
      websocket::request_type req;
      boost::beast::flat_buffer buf;
      boost::beast::http::read(s->next_layer(), buf, req, ec);
      if (!ec)
        s->accept(req, ec);
      if (ec)
        continue;
      std::lock_guard<std::mutex> g{mtx};
      if (stopped)
        return;
      target = std::string(req.target());
      ws = std::move(s);
      ++clients;
      cv.notify_all();
    }
  }
};

ws_test_server::ws_test_server(std::uint16_t port) : impl_(std::make_unique<impl>()) {
  tcp::endpoint ep{net::ip::make_address("127.0.0.1"), port};
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  impl_->thread = std::thread{[i = impl_.get()] { i->accept_loop(); }};
}

ws_test_server::~ws_test_server() { stop(); }

std::uint16_t ws_test_server::port() const { return impl_->acceptor.local_endpoint().port(); }

bool ws_test_server::wait_client(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> g{impl_->mtx};
  return impl_->cv.wait_for(g, limit, [this] { return impl_->ws != nullptr; });
}

std::string ws_test_server::target() const {
  std::lock_guard<std::mutex> g{impl_->mtx};
  return impl_->target;
}

int ws_test_server::clients() const {
  std::lock_guard<std::mutex> g{impl_->mtx};
  return impl_->clients;
}

bool ws_test_server::send(const std::string& text) {
  std::lock_guard<std::mutex> g{impl_->mtx};
  if (!impl_->ws)
    return false;
  boost::system::error_code ec;
  impl_->ws->text(true);
  impl_->ws->write(net::buffer(text), ec);
  if (ec)
    impl_->ws.reset();
  return !ec;
}

void ws_test_server::stop() {
  {
    std::lock_guard<std::mutex> g{impl_->mtx};
    if (impl_->stopped)
      return;
    impl_->stopped = true;
    boost::system::error_code ec;
    if (impl_->ws)
      impl_->ws->next_layer().close(ec);
    impl_->ws.reset();
    // shutdown() wakes the thread blocked in accept(); close() alone may not.
    ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  }
  if (impl_->thread.joinable())
    impl_->thread.join();
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
}

} // namespace tickline::test
