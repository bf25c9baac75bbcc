#include "config/indicator_spec.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

using tickline::indicator_columns;
using tickline::indicator_spec;
using tickline::parse_indicator_spec;

namespace {

indicator_spec parse_ok(const char* text) {
  std::string error;
  const auto spec = parse_indicator_spec(text, &error);
  INFO("input: " << text << ", error: " << error);
  REQUIRE(spec.has_value());
  CHECK(error.empty());
  return *spec;
}

std::string parse_error(const char* text) {
  std::string error;
  const auto spec = parse_indicator_spec(text, &error);
  INFO("input: " << text);
  CHECK_FALSE(spec.has_value());
  return error;
}

} // namespace

TEST_CASE("single-period indicators", "[indicator_spec]") {
  for (const char* kind : {"sma", "ema", "rsi", "atr"}) {
    const auto spec = parse_ok((std::string(kind) + "(20)").c_str());
    CHECK(spec.kind == kind);
    CHECK(spec.params == std::vector<double>{20});
  }
  CHECK(parse_ok("sma(1)").params == std::vector<double>{1});
  CHECK(parse_ok("ema(10000)").params == std::vector<double>{10000});
  CHECK(parse_ok("rsi( 14 )").params == std::vector<double>{14});
}

TEST_CASE("bbands takes N and an optional K", "[indicator_spec]") {
  CHECK(parse_ok("bbands(20)").params == std::vector<double>{20, 2});
  CHECK(parse_ok("bbands(20,3)").params == std::vector<double>{20, 3});
  CHECK(parse_ok("bbands(20, 2.5)").params == std::vector<double>{20, 2.5});
  CHECK(parse_ok("bbands(20, 0.5)").kind == "bbands");
}

TEST_CASE("macd takes no arguments or all three", "[indicator_spec]") {
  CHECK(parse_ok("macd()").params == std::vector<double>{12, 26, 9});
  CHECK(parse_ok("macd(5,35,5)").params == std::vector<double>{5, 35, 5});
  CHECK(parse_ok("macd(12, 26, 9)").params == std::vector<double>{12, 26, 9});
}

TEST_CASE("malformed indicator specs are rejected with a reason", "[indicator_spec]") {
  CHECK(parse_error("sma") == "expected kind(args) such as \"sma(20)\", got \"sma\"");
  CHECK(parse_error("sma(20") == "expected kind(args) such as \"sma(20)\", got \"sma(20\"");
  CHECK(parse_error("wma(20)") ==
        "unknown indicator \"wma\"; expected one of sma, ema, rsi, atr, vwap, bbands, macd, "
        "volz, rv, regime");
  CHECK(parse_error("SMA(20)").rfind("unknown indicator \"SMA\"", 0) == 0);
  CHECK(parse_error("sma (20)").rfind("unknown indicator \"sma \"", 0) == 0);
  CHECK(parse_error("sma()") == "expected sma(N), got 0 argument(s) in \"sma()\"");
  CHECK(parse_error("ema(1,2)") == "expected ema(N), got 2 argument(s) in \"ema(1,2)\"");
  CHECK(parse_error("sma(0)") == "expected an integer 1..10000 for N, got \"0\"");
  CHECK(parse_error("sma(10001)") == "expected an integer 1..10000 for N, got \"10001\"");
  CHECK(parse_error("sma(-5)") == "expected an integer 1..10000 for N, got \"-5\"");
  CHECK(parse_error("sma(2.5)") == "expected an integer 1..10000 for N, got \"2.5\"");
  CHECK(parse_error("sma(x)") == "expected an integer 1..10000 for N, got \"x\"");
  CHECK(parse_error("bbands(20,0)") == "expected a number > 0 for K, got \"0\"");
  CHECK(parse_error("bbands(20,-1)") == "expected a number > 0 for K, got \"-1\"");
  CHECK(parse_error("bbands(20,2,1)") ==
        "expected bbands(N) or bbands(N,K), got 3 argument(s) in \"bbands(20,2,1)\"");
  CHECK(parse_error("macd(12,26)") ==
        "expected macd() or macd(F,S,SIG), got 2 argument(s) in \"macd(12,26)\"");
  CHECK(parse_error("macd(26,12,9)") == "expected F < S in macd(F,S,SIG), got \"macd(26,12,9)\"");
  CHECK(parse_error("macd(12,12,9)") == "expected F < S in macd(F,S,SIG), got \"macd(12,12,9)\"");
  CHECK(parse_error("macd(12,26,0)") == "expected an integer 1..10000 for SIG, got \"0\"");
}

TEST_CASE("parse_indicator_spec works without an error sink", "[indicator_spec]") {
  CHECK_FALSE(parse_indicator_spec("nope(1)").has_value());
  CHECK(parse_indicator_spec("sma(3)").has_value());
}

TEST_CASE("indicator_columns names the output columns", "[indicator_spec]") {
  using cols = std::vector<std::string>;
  CHECK(indicator_columns(parse_ok("sma(20)")) == cols{"sma_20"});
  CHECK(indicator_columns(parse_ok("ema(20)")) == cols{"ema_20"});
  CHECK(indicator_columns(parse_ok("rsi(14)")) == cols{"rsi_14"});
  CHECK(indicator_columns(parse_ok("atr(14)")) == cols{"atr_14"});
  CHECK(indicator_columns(parse_ok("bbands(20,2)")) ==
        cols{"bb_upper_20", "bb_mid_20", "bb_lower_20"});
  CHECK(indicator_columns(parse_ok("bbands(50)")) ==
        cols{"bb_upper_50", "bb_mid_50", "bb_lower_50"});
  CHECK(indicator_columns(parse_ok("macd(12,26,9)")) == cols{"macd", "macd_signal", "macd_hist"});
  CHECK(indicator_columns(indicator_spec{"wma", {5}}).empty());
}

TEST_CASE("vwap(N) names its column vwap_N", "[indicator_spec]") {
  auto s = tickline::parse_indicator_spec("vwap(30)");
  REQUIRE(s);
  CHECK(s->kind == "vwap");
  CHECK(tickline::indicator_columns(*s) == std::vector<std::string>{"vwap_30"});
}

TEST_CASE("volz, rv and regime take N >= 2 and name their columns", "[indicator_spec]") {
  using cols = std::vector<std::string>;
  CHECK(indicator_columns(parse_ok("volz(20)")) == cols{"vol_z_20"});
  CHECK(indicator_columns(parse_ok("rv( 30 )")) == cols{"rv_30"});
  CHECK(indicator_columns(parse_ok("regime(50)")) == cols{"regime"});
  CHECK(parse_ok("regime(2)").params == std::vector<double>{2});
  CHECK(parse_error("volz(1)") == "expected an integer 2..10000 for N, got \"1\"");
  CHECK(parse_error("rv(10001)") == "expected an integer 2..10000 for N, got \"10001\"");
  CHECK(parse_error("regime()") == "expected regime(N), got 0 argument(s) in \"regime()\"");
}
