#include "http_client.hpp"

#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace tickline::test {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

tcp::endpoint loopback(std::uint16_t port) { return {net::ip::make_address("127.0.0.1"), port}; }

} // namespace

http_result http_call(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers) {
  net::io_context ioc;
  tcp::socket sock{ioc};
  boost::system::error_code ec;
  sock.connect(loopback(port), ec);
  if (ec)
    return {};
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.set(http::field::content_type, "application/json");
  for (const auto& [k, v] : headers)
    req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(sock, req, ec);
  if (ec)
    return {};
  boost::beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(sock, buf, res, ec);
  if (ec)
    return {};
  http_result out{res.result_int(), res.body(), {}};
  for (const auto& f : res) {
    std::string name{f.name_string()};
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string{f.value()};
  }
  return out;
}

unsigned http_raw(std::uint16_t port, const std::string& raw) {
  net::io_context ioc;
  tcp::socket sock{ioc};
  boost::system::error_code ec;
  sock.connect(loopback(port), ec);
  if (ec)
    return 0;
  net::write(sock, net::buffer(raw), ec);
  boost::beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(sock, buf, res, ec);
  return ec ? 0 : res.result_int();
}

std::uint16_t free_port() {
  net::io_context ioc;
  tcp::acceptor a{ioc, loopback(0)};
  return a.local_endpoint().port();
}

} // namespace tickline::test
