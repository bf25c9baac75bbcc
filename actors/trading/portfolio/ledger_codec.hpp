#pragma once

#include <string>

#include "actors/trading/portfolio/portfolio_state.hpp"

namespace tickline {

/// A portfolio_state in cereal's portable binary form, and back (false with `error` set).
/// How the order manager hands its ledger of booked fills to the portfolio on a restart.
std::string encode_ledger(const portfolio_state& ledger);
bool decode_ledger(const std::string& blob, portfolio_state& ledger, std::string& error);

} // namespace tickline
