#pragma once

#include <set>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/reader.hpp"

// Reading and validation of the trading sections, [strategy], [risk] and [broker] (kept apart from
// config/loader.cpp for its size).
namespace tickline {

/// Checks a key of [strategy.weights]: "kind" or "kind.name" with kind one of whale,
/// pattern, volatility, external and a non-empty name. Returns an empty string when
/// valid, else what was expected.
std::string check_weight_key(const std::string& key);

} // namespace tickline

namespace tickline::detail {

/// Reads [strategy]; `timeframes` are the scanner's.
void read_strategy(table_reader r, strategy_config& c, const std::vector<std::string>& timeframes);

/// Reads [broker]: the paper venue's model, or a Binance connection's URLs, windows and
/// where its keys are.
void read_broker(table_reader r, broker_config& c);

/// Reads [risk] and its sub-tables; `symbols` are market.symbols, `timeframes` the
/// scanner's; a relative blackout_file is taken relative to `base_dir` and read, each of
/// its bad lines reported at the key.
void read_risk(table_reader r, risk_config& c, const std::set<std::string>& symbols,
               const std::vector<std::string>& timeframes, const std::string& base_dir);

} // namespace tickline::detail
