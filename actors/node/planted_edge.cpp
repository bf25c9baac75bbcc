#include "actors/node/planted_edge.hpp"

#include <charconv>
#include <cmath>

#include "actors/signals/pattern_detector_state.hpp"

namespace tickline {

namespace {

const char* const patterns[] = {"ema_cross", "breakout", "volume_spike", "squeeze_release",
                                "rsi_divergence"};

class edge_planter final : public price_shaper {
public:
  edge_planter(const planted_edge& e, const std::string& symbol)
    : edge_(e), detector_(e.detector, symbol, "planted-edge") {}

  double on_minute(const bar& closed) override {
    for (const auto& s : detector_.on_bar(closed))
      if (s.name == edge_.pattern && s.dir != direction::neutral) {
        sign_ = s.dir == direction::long_ ? 1 : -1;
        left_ = edge_.bars;  // a new signal starts the drift again
      }
    if (left_ > 0) {
      factor_ *= 1 + sign_ * edge_.move / edge_.bars;
      --left_;
    }
    return factor_;
  }

private:
  planted_edge edge_;
  pattern_detector_state detector_;
  double factor_ = 1;
  int sign_ = 1;
  int left_ = 0;
};

} // namespace

std::optional<planted_edge> parse_planted_edge(const std::string& text, std::string& error) {
  const auto a = text.find(':');
  const auto b = a == std::string::npos ? a : text.find(':', a + 1);
  if (b == std::string::npos) {
    error = "--plant: expected PATTERN:MOVE:BARS (\"breakout:0.004:5\"), got \"" + text + "\"";
    return std::nullopt;
  }
  planted_edge e;
  e.pattern = text.substr(0, a);
  bool known = false;
  for (const char* p : patterns)
    known = known || e.pattern == p;
  if (!known) {
    error = "--plant: unknown pattern \"" + e.pattern
            + "\" (ema_cross, breakout, volume_spike, squeeze_release, rsi_divergence)";
    return std::nullopt;
  }
  const auto move = text.substr(a + 1, b - a - 1);
  const auto bars = text.substr(b + 1);
  try {
    std::size_t used = 0;
    e.move = std::stod(move, &used);
    if (used != move.size() || !(e.move > 0 && e.move <= 0.5))
      throw std::invalid_argument{"range"};
  } catch (const std::exception&) {
    error = "--plant: the move must be a fraction in (0, 0.5], got \"" + move + "\"";
    return std::nullopt;
  }
  auto [end, ec] = std::from_chars(bars.data(), bars.data() + bars.size(), e.bars);
  if (ec != std::errc{} || end != bars.data() + bars.size() || e.bars < 1 || e.bars > 1000) {
    error = "--plant: the bars must be a whole number in 1..1000, got \"" + bars + "\"";
    return std::nullopt;
  }
  return e;
}

std::function<std::unique_ptr<price_shaper>(const std::string&)> edge_shaper(planted_edge edge) {
  return [edge](const std::string& symbol) -> std::unique_ptr<price_shaper> {
    return std::make_unique<edge_planter>(edge, symbol);
  };
}

} // namespace tickline
