#include "actors/feeds/binance_stream_state.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "actors/feeds/json_number.hpp"

#include "config/durations.hpp"
#include "messages/json_text.hpp"

namespace tickline {

using json = nlohmann::json;

namespace {

constexpr std::size_t max_pending_problems = 1000;


bool number_field(const json& j, const char* key, double& out) {
  auto i = j.find(key);
  return i != j.end() && json_number(*i, out);
}

// A depth level: [price, qty] with price > 0 and qty >= 0 (0 removes the level).
bool level_of(const json& lv, double& price, double& qty) {
  return lv.is_array() && lv.size() >= 2 && json_number(lv[0], price) && json_number(lv[1], qty)
         && price > 0 && qty >= 0;
}

// The array `key` of [price, qty] levels, all valid, into `out`.
bool levels_of(const json& j, const char* key, depth_levels& out) {
  auto side = j.find(key);
  if (side == j.end() || !side->is_array())
    return false;
  out.reserve(side->size());
  double p = 0, q = 0;
  for (const auto& lv : *side) {
    if (!level_of(lv, p, q))
      return false;
    out.emplace_back(p, q);
  }
  return true;
}

bool int_field(const json& j, const char* key, std::int64_t& out) {
  auto i = j.find(key);
  if (i == j.end() || !i->is_number_integer())
    return false;
  out = i->get<std::int64_t>();
  return true;
}

constexpr std::int64_t ms_to_ns = 1'000'000;

// A time in milliseconds that nanoseconds hold (after 1970, before 2262).
bool valid_ms(std::int64_t ms) {
  return ms > 0 && ms < std::numeric_limits<std::int64_t>::max() / ms_to_ns - 1;
}

} // namespace

std::map<std::string, std::uint64_t> stream_counts::by_name() const {
  return {{"frames", frames},         {"trades", trades},
          {"klines", klines},         {"open_klines", open_klines},
          {"depth_updates", depth_updates}, {"book_tops", book_tops},
          {"control", control},       {"bad_json", bad_json},
          {"unknown_stream", unknown_stream}, {"bad_value", bad_value},
          {"non_monotonic", non_monotonic}, {"unknown_symbol", unknown_symbol},
          {"sequence_gaps", sequence_gaps}, {"depth_buffered", depth_buffered},
          {"snapshots", snapshots}, {"snapshot_retries", snapshot_retries},
          {"snapshot_failures", snapshot_failures}};
}

std::uint64_t stream_counts::skipped() const {
  return bad_json + unknown_stream + bad_value + non_monotonic + unknown_symbol;
}

void stream_batches::reset(std::size_t n) {
  trades.resize(n);
  bars.resize(n);
  tops.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    trades[i].clear();
    bars[i].clear();
    tops[i].clear();
  }
}

// Where a message came from, for problem reports.
struct binance_stream_state::frame_ctx {
  std::string stream;    ///< Combined stream name, or the event type.
  std::uint64_t message = 0;
};

binance_stream_state::binance_stream_state(std::string feed, std::vector<std::string> symbols)
  : feed_(std::move(feed)), symbols_(std::move(symbols)) {
  for (std::size_t i = 0; i < symbols_.size(); ++i)
    index_[symbols_[i]] = static_cast<int>(i);
  last_trade_ns_.assign(symbols_.size(), 0);
  last_bar_ns_.assign(symbols_.size(), {});
  books_.assign(symbols_.size(), {});
  fresh_.assign(symbols_.size(), 0);
}

std::vector<std::size_t> binance_stream_state::take_fresh() {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < fresh_.size(); ++i)
    if (fresh_[i]) {
      out.push_back(i);
      fresh_[i] = 0;
    }
  return out;
}

void binance_stream_state::check_loaded() const {
  if (last_trade_ns_.size() != symbols_.size() || last_bar_ns_.size() != symbols_.size())
    throw std::runtime_error("snapshot is of a feed with other symbols");
}

void binance_stream_state::on_connected() {
  ++connections_;
  message_ = 0;
  for (auto& b : books_)
    b.restart();
}

std::vector<std::size_t> binance_stream_state::take_snapshot_requests() {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < books_.size(); ++i)
    if (books_[i].take_snapshot_request())
      out.push_back(i);
  return out;
}

void binance_stream_state::snapshot_failed(std::size_t sym, const std::string& why) {
  frame_ctx ctx{symbols_.at(sym) + " depth snapshot", 0};
  problem(ctx, counts_.snapshot_failures, why);
  books_[sym].snapshot_failed();
}

bool binance_stream_state::on_snapshot(std::size_t sym, std::string_view body,
                                       stream_batches& out) {
  auto& bk = books_.at(sym);
  auto j = json::parse(body.begin(), body.end(), nullptr, false);
  depth_snapshot snap;
  std::int64_t id = 0;
  const char* bad = nullptr;
  if (j.is_discarded() || !j.is_object())
    bad = "not a JSON object";
  else if (!int_field(j, "lastUpdateId", id) || id <= 0)
    bad = "no positive \"lastUpdateId\"";
  else if (!levels_of(j, "bids", snap.bids) || !levels_of(j, "asks", snap.asks))
    bad = "levels \"bids\"/\"asks\" are not [price, qty] pairs with price > 0, qty >= 0";
  if (bad) {
    snapshot_failed(sym, bad);
    return false;
  }
  snap.last_update = static_cast<std::uint64_t>(id);
  if (bk.on_snapshot(snap) != depth_book::snapshot_result::applied) {
    ++counts_.snapshot_retries;
    return false;
  }
  ++counts_.snapshots;
  pass_top(sym, out);
  return true;
}

void binance_stream_state::pass_top(std::size_t sym, stream_batches& out) {
  book_top t;
  if (!books_[sym].take_changed_top(t.bid, t.bid_qty, t.ask, t.ask_qty))
    return;
  t.symbol = symbols_[sym];
  t.ts_ns = books_[sym].ts_ns();
  out.tops[sym].push_back(std::move(t));
  ++counts_.book_tops;
}

std::vector<std::string> binance_stream_state::take_problems() {
  std::vector<std::string> out;
  out.swap(problems_);
  return out;
}

void binance_stream_state::problem(const frame_ctx& ctx, std::uint64_t& counter,
                                   const std::string& what) {
  ++counter;
  if (problems_.size() < max_pending_problems)
    problems_.push_back(feed_ + ": " + (ctx.message == 0 ? ctx.stream  // a REST answer
                        : "stream " + (ctx.stream.empty() ? "?" : ctx.stream) + " message "
                          + std::to_string(ctx.message)) + ": " + what);
}

void binance_stream_state::on_frame(std::string_view text, stream_batches& out) {
  ++counts_.frames;
  frame_ctx ctx{"", ++message_};
  auto j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return problem(ctx, counts_.bad_json, "not a JSON object");
  auto stream = j.find("stream");
  auto data = j.find("data");
  if (stream != j.end() && data != j.end()) {
    ctx.stream = stream->is_string() ? stream->get<std::string>() : "?";
    if (!data->is_object())
      return problem(ctx, counts_.bad_json, "\"data\" is not a JSON object");
    return on_event(*data, ctx, out);
  }
  on_event(j, ctx, out);
}

void binance_stream_state::on_event(const json& j, frame_ctx& ctx, stream_batches& out) {
  auto e = j.find("e");
  if (e == j.end() || !e->is_string()) {
    if (j.contains("result") && j.contains("id")) {
      ++counts_.control;
      return;
    }
    if (j.contains("error"))
      return problem(ctx, counts_.unknown_stream, "venue error " + j["error"].dump(-1, ' ', false, invalid_utf8));
    return problem(ctx, counts_.unknown_stream, "no event type \"e\"");
  }
  const auto& type = e->get_ref<const std::string&>();
  if (ctx.stream.empty())
    ctx.stream = type;
  if (type == "trade")
    return on_trade(j, ctx, out, false);
  if (type == "aggTrade")
    return on_trade(j, ctx, out, true);
  if (type == "kline")
    return on_kline(j, ctx, out);
  if (type == "depthUpdate")
    return on_depth(j, ctx, out);
  problem(ctx, counts_.unknown_stream, "unknown event type \"" + type + "\"");
}

int binance_stream_state::symbol_of(const json& j, frame_ctx& ctx) {
  auto s = j.find("s");
  if (s == j.end() || !s->is_string()) {
    problem(ctx, counts_.bad_value, "no symbol \"s\"");
    return -1;
  }
  auto i = index_.find(s->get<std::string>());
  if (i == index_.end()) {
    problem(ctx, counts_.unknown_symbol, "symbol " + s->get<std::string>() + " is not served by this feed");
    return -1;
  }
  if (static_cast<std::size_t>(i->second) < fresh_.size())
    fresh_[i->second] = 1;
  return i->second;
}

void binance_stream_state::on_trade(const json& j, frame_ctx& ctx, stream_batches& out,
                                    bool aggregate) {
  int sym = symbol_of(j, ctx);
  if (sym < 0)
    return;
  trade_tick t;
  std::int64_t time_ms = 0;
  if (!number_field(j, "p", t.price) || !(t.price > 0))
    return problem(ctx, counts_.bad_value, "price \"p\" is not a positive number");
  if (!number_field(j, "q", t.qty) || !(t.qty > 0))
    return problem(ctx, counts_.bad_value, "quantity \"q\" is not a positive number");
  if (!int_field(j, "T", time_ms) || !valid_ms(time_ms))
    return problem(ctx, counts_.bad_value, "trade time \"T\" is not a time in milliseconds");
  if (!int_field(j, aggregate ? "a" : "t", t.trade_id))
    return problem(ctx, counts_.bad_value, aggregate ? "no aggregate id \"a\"" : "no trade id \"t\"");
  auto m = j.find("m");
  if (m == j.end() || !m->is_boolean())
    return problem(ctx, counts_.bad_value, "no buyer-is-maker flag \"m\"");
  // The buyer being the maker means the seller took liquidity.
  t.aggressor = m->get<bool>() ? side::sell : side::buy;
  t.ts_ns = time_ms * ms_to_ns;
  if (t.ts_ns < last_trade_ns_[sym])
    return problem(ctx, counts_.non_monotonic, "trade time goes back "
                   + std::to_string((last_trade_ns_[sym] - t.ts_ns) / ms_to_ns) + " ms");
  last_trade_ns_[sym] = t.ts_ns;
  t.symbol = symbols_[sym];
  out.trades[sym].push_back(std::move(t));
  ++counts_.trades;
}

void binance_stream_state::on_kline(const json& j, frame_ctx& ctx, stream_batches& out) {
  int sym = symbol_of(j, ctx);
  if (sym < 0)
    return;
  auto k = j.find("k");
  if (k == j.end() || !k->is_object())
    return problem(ctx, counts_.bad_value, "no kline object \"k\"");
  auto closed = k->find("x");
  if (closed == k->end() || !closed->is_boolean())
    return problem(ctx, counts_.bad_value, "no closed flag \"x\"");
  if (!closed->get<bool>()) {
    ++counts_.open_klines;
    return;
  }
  bar b;
  std::int64_t open_ms = 0, close_ms = 0;
  auto interval = k->find("i");
  auto tf = interval != k->end() && interval->is_string()
    ? parse_duration_ns(interval->get<std::string>()) : std::nullopt;
  if (!tf || *tf % 1'000'000'000 != 0)
    return problem(ctx, counts_.bad_value, "interval \"i\" is not a supported timeframe");
  b.timeframe_s = *tf / 1'000'000'000;
  if (!int_field(*k, "t", open_ms) || !int_field(*k, "T", close_ms) || close_ms < open_ms
      || !valid_ms(open_ms) || !valid_ms(close_ms))
    return problem(ctx, counts_.bad_value, "open/close times \"t\"/\"T\" are missing or reversed");
  if (!number_field(*k, "o", b.open) || !number_field(*k, "h", b.high)
      || !number_field(*k, "l", b.low) || !number_field(*k, "c", b.close)
      || !(b.low > 0) || b.high < b.low || b.open < b.low || b.open > b.high
      || b.close < b.low || b.close > b.high)
    return problem(ctx, counts_.bad_value, "prices o/h/l/c are not positive with l <= o,c <= h");
  if (!number_field(*k, "v", b.volume) || b.volume < 0)
    return problem(ctx, counts_.bad_value, "volume \"v\" is not a number >= 0");
  number_field(*k, "q", b.quote_volume);
  number_field(*k, "V", b.buy_volume);
  int_field(*k, "n", b.trades);
  b.open_ns = open_ms * ms_to_ns;
  b.close_ns = (close_ms + 1) * ms_to_ns;  // Binance's close time is the last millisecond
  auto& last = last_bar_ns_[sym][b.timeframe_s];
  if (b.close_ns <= last)
    return problem(ctx, counts_.non_monotonic, "kline closes at or before the last one passed on");
  last = b.close_ns;
  b.symbol = symbols_[sym];
  out.bars[sym].push_back(std::move(b));
  ++counts_.klines;
}

void binance_stream_state::on_depth(const json& j, frame_ctx& ctx, stream_batches& out) {
  int sym = symbol_of(j, ctx);
  if (sym < 0)
    return;
  std::int64_t first = 0, last = 0, time_ms = 0;
  if (!int_field(j, "U", first) || !int_field(j, "u", last) || first <= 0 || last < first)
    return problem(ctx, counts_.bad_value, "update ids \"U\"/\"u\" are missing or reversed");
  if (!int_field(j, "E", time_ms) || !valid_ms(time_ms))
    return problem(ctx, counts_.bad_value, "no event time \"E\" in milliseconds");
  // Every level is checked before any is applied: a bad message leaves the book as it was.
  depth_diff d{static_cast<std::uint64_t>(first), static_cast<std::uint64_t>(last),
               time_ms * ms_to_ns, {}, {}};
  if (!levels_of(j, "b", d.bids) || !levels_of(j, "a", d.asks))
    return problem(ctx, counts_.bad_value, "levels \"b\"/\"a\" are not [price, qty] pairs with price > 0, qty >= 0");
  switch (books_[sym].on_diff(std::move(d))) {
    case depth_book::diff_result::applied:
      ++counts_.depth_updates;
      break;
    case depth_book::diff_result::buffered:
      ++counts_.depth_buffered;
      break;
    case depth_book::diff_result::old:
      return problem(ctx, counts_.non_monotonic, "update ids older than the book");
    case depth_book::diff_result::gap:
      // Levels missed in the gap would leave stale prices: sync again from a snapshot.
      ++counts_.sequence_gaps;
      ++counts_.depth_buffered;
      return;
  }
  pass_top(static_cast<std::size_t>(sym), out);
}

} // namespace tickline
