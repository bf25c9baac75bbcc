#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "sanitizers.hpp"

using namespace tickline::test;

TEST_CASE("tickline-bench pipeline prints one JSON object", "[bench]") {
  temp_dir dir;
  auto r = run({std::string{TICKLINE_BIN_DIR} + "/tickline-bench", "pipeline", "--symbols", "8",
                "--ticks", "40000", "--threads", "2"},
               dir.path(), std::chrono::seconds{120});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["bench"] == "pipeline");
  CHECK(j["symbols"] == 8);
  CHECK(j["threads"] == 2);
  auto ticks = j["actors"]["ticks"].get<double>();
  CHECK(ticks > 35000);
  CHECK(ticks < 45000);
  // Both runs did exactly the same work.
  CHECK(j["same_results"] == true);
  CHECK(j["plain_loop"]["ticks"] == j["actors"]["ticks"]);
  CHECK(j["actors"]["ticks_per_s"].get<double>() > 0);
  CHECK(j["ratio"].get<double>() > 0);
}

TEST_CASE("tickline-bench restart, snapshot, coldstart, memory and journal print their figures", "[bench]") {
  temp_dir dir;
  auto bench = std::string{TICKLINE_BIN_DIR} + "/tickline-bench";
  auto json_of = [&](std::vector<std::string> args) {
    args.insert(args.begin(), bench);
    auto r = run(args, dir.path(), std::chrono::seconds{120});
    INFO(r.err);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out);
  };
  auto restart = json_of({"restart", "--iterations", "20"});
  CHECK(restart["restarts"] == 20);
  CHECK(restart["restored"] == 20);
  CHECK(restart["latency_us"]["n"] == 20);
  CHECK(restart["latency_us"]["p50"].get<double>() > 0);

  auto snapshot = json_of({"snapshot", "--actors", "40"});
  CHECK(snapshot["actors"] == 40 + 3 + 1);  // 10 scanners, 30 detectors, feed, log, auditor, learning daemon
  CHECK(snapshot["ms"]["p50"].get<double>() > 0);

  auto cold = json_of({"coldstart", "--actors", "30"});
  CHECK(cold["workers"] == 4 * 30 + 3 + 1);
  CHECK(cold["restored"] == cold["workers"]);
  CHECK(cold["tree_nodes"] == 1 + 4 + 1 + 1 + 1 + 1 + 5 * 30);

  // Two simulated seconds: after the clock moves on, each of the 4 x 20 workers writes
  // its snapshot with its next message, once.
  auto memory = json_of({"memory", "--actors", "20", "--iterations", "40"});
  CHECK(memory["symbol_subtrees"] == 20);
  CHECK(memory["snapshots"] == 4 * 20 + 1);
  CHECK(memory["ticks"].get<double>() > 20 * 2 * 200 * 0.8);  // 200 trades/s per symbol
  CHECK(memory["rss_mb"].get<double>() >= memory["rss_mb_before"].get<double>());
  CHECK(memory["peak_rss_mb"].get<double>() >= memory["rss_mb"].get<double>());
#if !defined(TICKLINE_ASAN)
  // AddressSanitizer replaces malloc, and with it the statistics this figure reads.
  CHECK(memory["heap_in_use_mb"].get<double>() > 0);
#endif

  auto journal = json_of({"journal", "--iterations", "50"});
  CHECK(journal["appends"] == 50);
  CHECK(journal["latency_us"]["n"] == 50);
  CHECK(journal["ops_per_s"].get<double>() > 0);
}

TEST_CASE("tickline-bench trading prints its latency, emergency-stop and journal figures", "[bench]") {
  temp_dir dir;
  auto r = run({std::string{TICKLINE_BIN_DIR} + "/tickline-bench", "trading", "--signals", "300",
                "--positions", "10", "--stops", "3", "--appends", "50", "--threads", "2"},
               dir.path(), std::chrono::seconds{120});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["bench"] == "trading");
  CHECK(j["threads"] == 2);
  // Every signal led to one accepted order.
  CHECK(j["signals"] == 300);
  const auto& lat = j["signal_to_accept_us"];
  CHECK(lat["n"] == 300);
  CHECK(lat["p50"].get<double>() > 0);
  CHECK(lat["p50"].get<double>() <= lat["p99"].get<double>());
  CHECK(lat["p99"].get<double>() <= lat["max"].get<double>());
  CHECK(j["signal_to_accept_us_no_journal"]["n"] == 300);
  const auto& stop = j["emergency_stop"];
  CHECK(stop["positions"] == 10);
  CHECK(stop["open_orders"] == 10);
  CHECK(stop["runs"] == 3);
  CHECK(stop["ms"]["min"].get<double>() > 0);
  CHECK(stop["ms"]["min"].get<double>() <= stop["ms"]["median"].get<double>());
  CHECK(stop["ms"]["median"].get<double>() <= stop["ms"]["max"].get<double>());
  const auto& journal = j["journal"];
  CHECK(journal["orders"] == 50);
  CHECK(journal["append_us"]["n"] == 50);  // one synced append per order
  CHECK(journal["append_us"]["p50"].get<double>() > 0);
  CHECK(journal["orders_per_s_with_journal"].get<double>() > 0);
  CHECK(journal["orders_per_s_without_journal"].get<double>() > 0);
}

TEST_CASE("tickline-bench venue: signal -> ack through tickline venue, the order budget, stream drops",
          "[bench]") {
  temp_dir dir;
  auto r = run({std::string{TICKLINE_BIN_DIR} + "/tickline-bench", "venue", "--signals", "5", "--burst", "100",
                "--drops", "2", "--threads", "2"},
               dir.path(), std::chrono::seconds{120});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["bench"] == "venue");
  CHECK(j["signal_to_ack_us"]["n"] == 5);
  CHECK(j["signal_to_ack_us"]["p50"].get<double>() > 0);
  // The venue allows 100 orders per 10 s; the adapter keeps to 80 % of it.
  const auto& b = j["burst"];
  INFO("burst took " << b["seconds"] << " s (it must fit in one 10 s window)");
  CHECK(b["orders"] == 100);
  CHECK(b["acknowledged"] == 80);
  CHECK(b["refused_by_budget"] == 20);
  CHECK(b["last_refusal"].get<std::string>().find("client-side budget") != std::string::npos);
  CHECK(j["stream_drop_to_resubscribed_ms"]["n"] == 2);
  CHECK(j["stream_drop_to_resubscribed_ms"]["p50"].get<double>() > 0);
}

TEST_CASE("tickline-bench metrics and ws print their figures", "[bench]") {
  temp_dir dir;
  const std::string bench = std::string{TICKLINE_BIN_DIR} + "/tickline-bench";
  auto r = run({bench, "metrics", "--symbols", "10", "--renders", "3"}, dir.path(), std::chrono::seconds{60});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto m = nlohmann::json::parse(r.out);
  CHECK(m["bench"] == "metrics");
  CHECK(m["actors"] == 40);  // a scanner and three detectors per symbol
  CHECK(m["render_ms"]["n"] == 3);
  CHECK(m["bytes"].get<double>() > 0);
  // A queue large enough for everything: 2 clients x 200 messages all arrive.
  r = run({bench, "ws", "--clients", "2", "--rate", "1000", "--seconds", "0.2", "--queue", "100000"},
          dir.path(), std::chrono::seconds{60});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto w = nlohmann::json::parse(r.out);
  CHECK(w["bench"] == "ws");
  CHECK(w["published"] == 200);
  CHECK(w["expected"] == 400);
  CHECK(w["delivered"] == 400);
  CHECK(w["lost"] == 0);
  CHECK(w["dropped_clients"] == 0);
}

TEST_CASE("tickline-bench startup times a start over a long orders journal, with checkpoints",
          "[bench][checkpoint]") {
  temp_dir dir;
  auto r = run({std::string{TICKLINE_BIN_DIR} + "/tickline-bench", "startup", "--records", "20000",
                "--tail", "4000"},
               dir.path(), std::chrono::seconds{120});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["bench"] == "startup");
  CHECK(j["records"].get<int>() >= 20000);
  CHECK(j["round_trips"].get<int>() * 8 >= 20000);  // 8 records a round trip
  CHECK(j["tail_records"].get<int>() >= 4000);
  CHECK(j["tail_records"].get<int>() < 4100);
  CHECK(j["tail_checkpoint"]["through"].get<int>() + j["tail_records"].get<int>() ==
        j["records"].get<int>());
  CHECK(j["end_checkpoint"]["through"] == j["records"]);
  CHECK(j["end_checkpoint"]["bytes"].get<int>() > 0);
  // Replaying 20,000 records costs more than loading a checkpoint and 4,000 of them.
  CHECK(j["full_ms"].get<double>() > j["tail_ms"].get<double>());
  CHECK(j["checkpoint_ms"].get<double>() > 0);
}

TEST_CASE("tickline-bench backtest: the actors find what the plain loop finds, and a sweep runs",
          "[bench][backtest]") {
  temp_dir dir;
  const std::string src = TICKLINE_SOURCE_DIR;
  auto r = run({std::string{TICKLINE_BIN_DIR} + "/tickline-bench", "backtest", "--config",
                src + "/examples/backtest.toml", "--data", src + "/examples/data", "--sweep", "4"},
               dir.path(), std::chrono::seconds{300});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  INFO(j.dump());
  CHECK(j["benchmark"] == "backtest");
  CHECK(j["events"] == 1440);
  CHECK(j["plain_loop"]["events"] == 1440);
  // The scanners, detectors and signal log through the actors logged exactly what the
  // same state classes in a plain loop log.
  CHECK(j["signals"].get<int>() > 100);
  CHECK(j["signals"] == j["plain_loop"]["signals"]);
  CHECK(j["messages"].get<double>() > j["events"].get<double>());
  CHECK(j["trades"].get<int>() >= 5);
  CHECK(j["ratio_to_plain_loop"].get<double>() > 0);
  CHECK(j["peak_rss_mb"].get<double>() > 0);
  CHECK(j["sweep"]["candidates"] == 4);
  CHECK(j["sweep"]["one_worker_s"].get<double>() > 0);
  CHECK(j["sweep"]["speedup"].get<double>() > 0);
}

TEST_CASE("tickline-bench learning: every signal sent is followed, the pending ones are counted",
          "[bench][learning]") {
  temp_dir dir;
  const std::string bench = std::string{TICKLINE_BIN_DIR} + "/tickline-bench";
  // 20 symbols x 3 detectors at 0.1 signals/s for 60 s: 360 signals; with 1 s bars and
  // horizons of 5 and 20 bars, those older than 20 s have both outcomes.
  auto r = run({bench, "learning", "--symbols", "20", "--signal-rate", "0.1", "--seconds", "60",
                "--pending", "50000"},
               dir.path(), std::chrono::seconds{120});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["bench"] == "learning");
  const auto& rate = j["rate"];
  CHECK(rate["signals"] == 360);
  CHECK(rate["bars"] == 1200);
  // Each (symbol, detector) signals at 9, 19, ..., 59 s: those up to 39 s see 20 more
  // bars (both outcomes), the one at 49 s 10 (the 5-bar one), the last none: 9 x 60.
  CHECK(rate["outcomes_recorded"] == 540);
  CHECK(rate["cpu_share_of_one_core"].get<double>() > 0);
  const auto& mem = j["memory"];
  CHECK(mem["pending"] == 50000);
  CHECK(mem["bytes_per_pending"].get<double>() < 1000);
}
