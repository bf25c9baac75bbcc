#include "actors/broker/binance_user_stream.hpp"

#include <atomic>
#include <thread>

#include "actors/broker/binance_signing.hpp"
#include "runtime/net/ws_client.hpp"
#include "messages/json_text.hpp"
#include "actors/broker/binance_wire.hpp"

namespace tickline {

struct binance_user_stream::impl {
  binance_user_stream_options opts;
  sink out;
  std::atomic<std::uint64_t> subscriptions{0};
  std::atomic<std::uint64_t> next_id{1};
  std::unique_ptr<ws_client> ws;
  std::atomic<ws_client*> client{nullptr};  ///< `ws` once constructed (its sink may run before).

  std::string subscribe_request() {
    const auto ts = opts.now_ms();
    // Signed over the parameters sorted by name, as the WebSocket API signs.
    const std::string payload = "apiKey=" + opts.api_key + "&recvWindow=" + std::to_string(opts.recv_window_ms) +
                                "&timestamp=" + std::to_string(ts);
    return nlohmann::json{{"id", "subscribe-" + std::to_string(next_id++)},
                          {"method", "userDataStream.subscribe.signature"},
                          {"params",
                           {{"apiKey", opts.api_key},
                            {"recvWindow", opts.recv_window_ms},
                            {"timestamp", ts},
                            {"signature", binance_signature(opts.secret, payload)}}}}
      .dump(-1, ' ', false, invalid_utf8);
  }

  void on_event(ws_client_event e) {
    using k = ws_client_event::kind;
    if (e.what == k::connected) {
      auto* c = client.load();
      while (!c) {  // the first connect can beat the constructor's return by a moment
        std::this_thread::yield();
        c = client.load();
      }
      c->send(subscribe_request());
      return;
    }
    if (e.what == k::disconnected) {
      out({binance_stream_event::kind::down, nullptr, e.text});
      return;
    }
    auto j = nlohmann::json::parse(e.text, nullptr, false);
    if (!j.is_object())
      return;
    if (j.contains("subscriptionId") && j.contains("event") && j["event"].is_object()) {
      if (binance_wire::field(j["event"], "e", std::string{}) == "executionReport")
        out({binance_stream_event::kind::report, j["event"], {}});
      return;
    }
    const auto id = binance_wire::field(j, "id", nlohmann::json{});
    if (!id.is_string() || id.get<std::string>().rfind("subscribe-", 0) != 0)
      return;
    if (binance_wire::field(j, "status", 0) == 200) {
      ++subscriptions;
      out({binance_stream_event::kind::subscribed, nullptr, {}});
    } else {
      const auto err = binance_wire::field(j, "error", nlohmann::json::object());
      out({binance_stream_event::kind::refused, nullptr,
           std::to_string(binance_wire::field(err, "code", 0)) + ": " + binance_wire::field(err, "msg", std::string{})});
    }
  }
};

binance_user_stream::binance_user_stream(binance_user_stream_options opts, sink s)
    : impl_(std::make_shared<impl>()) {
  impl_->opts = std::move(opts);
  impl_->out = std::move(s);
  ws_client_options wo;
  wo.url = impl_->opts.url;
  wo.backoff_min = impl_->opts.backoff_min;
  wo.backoff_max = impl_->opts.backoff_max;
  auto* i = impl_.get();
  impl_->ws = std::make_unique<ws_client>(wo, [i](ws_client_event e) { i->on_event(std::move(e)); });
  impl_->client.store(impl_->ws.get());
}

binance_user_stream::~binance_user_stream() { impl_->ws.reset(); }

std::uint64_t binance_user_stream::subscriptions() const { return impl_->subscriptions.load(); }

} // namespace tickline
