#include "runtime/net/http_client.hpp"

#include <strings.h>

#include <cstdlib>
#include <type_traits>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/err.h>

namespace tickline {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::string http_client_response::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0)
      return v;
  return {};
}

namespace {

// One exchange on an io_context: resolve, connect, (TLS handshake,) write, read, each
// step under the stream's deadline (Beast's timeouts only apply to asynchronous
// operations). `Stream` is a tcp_stream, or an ssl_stream over one.
template <class Stream>
class exchange {
public:
  static constexpr bool tls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Ctx>
  exchange(net::io_context& ioc, const http_url& url, const http_client_request& req,
           std::chrono::milliseconds timeout, Ctx&... ctx)
    : url_(url), timeout_(timeout), ioc_(ioc), resolver_(ioc), stream_(ioc, ctx...) {
    req_.method_string(req.method);
    req_.target(req.target);
    req_.version(11);
    const bool default_port = url.port == (url.tls ? 443 : 80);
    req_.set(http::field::host, default_port ? url.host : url.host + ":" + std::to_string(url.port));
    req_.set(http::field::user_agent, "tickline");
    req_.set(http::field::connection, "close");
    for (const auto& [k, v] : req.headers)
      req_.set(k, v);
    if (!req.body.empty() || req.method == "POST") {
      req_.set(http::field::content_type, req.content_type);
      req_.body() = req.body;
    }
    req_.prepare_payload();
    parser_.body_limit(64 * 1024 * 1024);
  }

  http_client_response run() {
    beast::get_lowest_layer(stream_).expires_after(timeout_);
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [this](beast::error_code ec, tcp::resolver::results_type results) {
                              if (ec)
                                return fail("cannot resolve " + url_.host + ": " + ec.message(), ec);
                              beast::get_lowest_layer(stream_).async_connect(
                                results, [this](beast::error_code ec2, const tcp::endpoint&) {
                                  on_connect(ec2);
                                });
                            });
    ioc_.run_for(timeout_ + std::chrono::milliseconds{100});
    if (out_.status == 0 && out_.error.empty())
      out_.error = "timed out after " + std::to_string(timeout_.count()) + " ms";
    return out_;
  }

private:
  void fail(const std::string& what, beast::error_code ec) {
    out_.status = 0;
    out_.error = ec == beast::error::timeout
                   ? "timed out after " + std::to_string(timeout_.count()) + " ms"
                   : what;
  }

  void on_connect(beast::error_code ec) {
    if (ec)
      return fail(ec == net::error::connection_refused ? "connection refused"
                                                       : "cannot connect: " + ec.message(),
                  ec);
    if constexpr (tls) {
      if (!SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str()))
        return fail("tls: cannot set the server name", {});
      stream_.set_verify_callback(ssl::host_name_verification(url_.host));
      stream_.async_handshake(ssl::stream_base::client, [this](beast::error_code ec2) {
        if (ec2)
          return fail("tls handshake failed: " + ec2.message(), ec2);
        send();
      });
    } else {
      send();
    }
  }

  void send() {
    http::async_write(stream_, req_, [this](beast::error_code ec2, std::size_t) {
      if (ec2)
        return fail("cannot send the request: " + ec2.message(), ec2);
      http::async_read(stream_, buffer_, parser_, [this](beast::error_code ec3, std::size_t) {
        if (ec3)
          return fail("cannot read the answer: " + ec3.message(), ec3);
        auto& res = parser_.get();
        out_.status = res.result_int();
        out_.body = res.body();
        for (const auto& f : res)
          out_.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        beast::error_code ignored;
        beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      });
    });
  }

  const http_url& url_;
  std::chrono::milliseconds timeout_;
  net::io_context& ioc_;
  tcp::resolver resolver_;
  Stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response_parser<http::string_body> parser_;
  http_client_response out_;
};

} // namespace

http_client_response http_fetch(const http_url& url, const http_client_request& req,
                                std::chrono::milliseconds timeout) {
  try {
    net::io_context ioc;
    if (!url.tls) {
      exchange<beast::tcp_stream> x{ioc, url, req, timeout};
      return x.run();
    }
    ssl::context ctx{ssl::context::tls_client};
    ctx.set_verify_mode(ssl::verify_peer);
    ctx.set_default_verify_paths();
    if (const char* ca = std::getenv("TICKLINE_CA_FILE"); ca && *ca)
      ctx.load_verify_file(ca);
    exchange<beast::ssl_stream<beast::tcp_stream>> x{ioc, url, req, timeout, ctx};
    return x.run();
  } catch (const std::exception& e) {
    http_client_response out;
    out.error = std::string("request failed: ") + e.what();
    return out;
  }
}

} // namespace tickline
