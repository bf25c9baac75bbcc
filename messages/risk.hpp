#pragma once

#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

/// The risk supervisor's decision on one intent, with its reason; a business outcome,
/// not an error. risk_supervisor -> order_manager, strategy, trade_logger.
struct risk_decision {
  std::string intent_id;
  std::string symbol;
  risk_verdict verdict = risk_verdict::deny;
  double requested_qty = 0;
  double approved_qty = 0;
  std::string reason;              ///< Which guard or limit decided, in words.
  trading_state state = trading_state::active;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, risk_decision& x) {
  return f(caf::meta::type_name("risk_decision"), x.intent_id, x.symbol, x.verdict,
           x.requested_qty, x.approved_qty, x.reason, x.state, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, risk_decision& x) {
  ar(x.intent_id, x.symbol, x.verdict, x.requested_qty, x.approved_qty, x.reason, x.state,
     x.ts_ns);
}

} // namespace tickline
