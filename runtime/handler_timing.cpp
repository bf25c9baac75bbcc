#include "runtime/handler_timing.hpp"

#include <chrono>

#include <caf/detail/behavior_impl.hpp>
#include <prometheus/histogram.h>

#include "runtime/metrics.hpp"

namespace tickline {

namespace {

// Delegates every call to the wrapped behaviour; times the calls that handle a message.
class timed_impl : public caf::detail::behavior_impl {
public:
  timed_impl(caf::behavior inner, prometheus::Histogram& hist)
    : behavior_impl(inner.timeout()), inner_(inner.as_behavior_impl()), hist_(hist) {}

  caf::match_case::result invoke_empty(caf::detail::invoke_result_visitor& f) override {
    return inner_->invoke_empty(f);
  }

  caf::match_case::result invoke(caf::detail::invoke_result_visitor& f,
                                 caf::type_erased_tuple& xs) override {
    auto start = std::chrono::steady_clock::now();
    auto r = inner_->invoke(f, xs);
    hist_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return r;
  }

  void handle_timeout() override { inner_->handle_timeout(); }

private:
  pointer inner_;
  prometheus::Histogram& hist_;
};

} // namespace

caf::behavior timed_behavior(caf::behavior b, node_metrics* metrics, const std::string& actor) {
  if (!metrics || !b.as_behavior_impl())
    return b;
  auto& hist = metrics->handler_latency(actor);
  caf::behavior::impl_ptr timed{caf::make_counted<timed_impl>(std::move(b), hist)};
  return caf::behavior{timed};
}

} // namespace tickline
