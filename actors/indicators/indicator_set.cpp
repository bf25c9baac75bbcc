#include "actors/indicators/indicator_set.hpp"

#include <cstdio>
#include <stdexcept>

namespace tickline {

namespace {

int as_int(const indicator_spec& s, std::size_t i) { return static_cast<int>(s.params.at(i)); }

} // namespace

indicator_set::indicator_set(const std::vector<indicator_spec>& specs) {
  items_.reserve(specs.size());
  for (const auto& s : specs) {
    if (s.kind == "sma")
      items_.emplace_back(sma{as_int(s, 0)});
    else if (s.kind == "ema")
      items_.emplace_back(ema{as_int(s, 0)});
    else if (s.kind == "rsi")
      items_.emplace_back(rsi{as_int(s, 0)});
    else if (s.kind == "atr")
      items_.emplace_back(atr{as_int(s, 0)});
    else if (s.kind == "vwap")
      items_.emplace_back(vwap{as_int(s, 0)});
    else if (s.kind == "bbands")
      items_.emplace_back(bbands{as_int(s, 0), s.params.at(1)});
    else if (s.kind == "macd")
      items_.emplace_back(macd{as_int(s, 0), as_int(s, 1), as_int(s, 2)});
    else if (s.kind == "volz")
      items_.emplace_back(volz{as_int(s, 0)});
    else if (s.kind == "rv")
      items_.emplace_back(rv{as_int(s, 0)});
    else if (s.kind == "regime")
      items_.emplace_back(tickline::regime{as_int(s, 0)});
    else
      throw std::invalid_argument("unknown indicator kind: " + s.kind);
    for (auto& c : indicator_columns(s))
      columns_.push_back(std::move(c));
  }
  values_.resize(columns_.size());
}

void indicator_set::update(const bar& b) {
  std::size_t col = 0;
  auto put = [&](std::optional<double> v) { values_[col++] = v; };
  for (auto& it : items_) {
    std::visit(
      [&](auto& ind) {
        using T = std::decay_t<decltype(ind)>;
        if constexpr (std::is_same_v<T, atr>) {
          put(ind.update(b.high, b.low, b.close));
        } else if constexpr (std::is_same_v<T, vwap>) {
          put(ind.update(b.close, b.volume));
        } else if constexpr (std::is_same_v<T, volz>) {
          put(ind.update(b.volume));
        } else if constexpr (std::is_same_v<T, tickline::regime>) {
          auto r = ind.update(b.high, b.low, b.close);
          put(r ? std::optional<double>{static_cast<double>(*r)} : std::nullopt);
        } else if constexpr (std::is_same_v<T, bbands>) {
          auto r = ind.update(b.close);
          put(r ? std::optional<double>{r->upper} : std::nullopt);
          put(r ? std::optional<double>{r->mid} : std::nullopt);
          put(r ? std::optional<double>{r->lower} : std::nullopt);
        } else if constexpr (std::is_same_v<T, macd>) {
          auto r = ind.update(b.close);
          put(r ? std::optional<double>{r->macd} : std::nullopt);
          put(r ? r->signal : std::nullopt);
          put(r ? r->hist : std::nullopt);
        } else {
          put(ind.update(b.close));
        }
      },
      it);
  }
}

std::optional<double> indicator_set::get(const std::string& column) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == column)
      return values_[i];
  return std::nullopt;
}

std::optional<market_regime> indicator_set::regime() const {
  auto v = get("regime");
  if (!v)
    return std::nullopt;
  return static_cast<market_regime>(static_cast<int>(*v));
}

std::string indicator_set::text(std::size_t i) const {
  const auto& v = values_.at(i);
  if (!v)
    return {};
  if (columns_[i] == "regime")
    return to_string(static_cast<market_regime>(static_cast<int>(*v)));
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.12g", *v);
  return buf;
}

} // namespace tickline
