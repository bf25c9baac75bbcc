#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "config/config.hpp"
#include "messages/control.hpp"
#include "messages/signals.hpp"

namespace tickline {

/// One alert leaving the alerts actor for its sinks (log, webhooks).
struct alert {
  std::string rule;          ///< The rule's name.
  std::string kind;          ///< The rule's kind: signal, risk_state, ...
  std::string message;       ///< One line for people.
  std::int64_t ts_ns = 0;    ///< Time of the (last) event it reports.
  std::uint64_t count = 1;   ///< Events it stands for (> 1 when repeats were held back).
  std::string data = "{}";   ///< A JSON object with the event's facts.
};

/// `a` as the webhook body: {"rule","kind","message","ts_ns","count","data"}.
std::string to_json(const alert& a);

/// The alert rules of a node and their rate limits. Events come in (signals, connection
/// changes, the trading state, equity, escalations), alerts come out. A rule's first
/// event goes out at once; further events within its `min_interval` are held and counted,
/// and go out as one alert (the last event's message and data, `count` = how many) from
/// flush() once the interval has passed since the last alert, or with the next event after
/// it. All time comes from the events or the caller. Holds no CAF type.
class alerts_state {
public:
  alerts_state() = default;
  /// Applies `rules` (already validated by the config loader).
  explicit alerts_state(std::vector<alert_rule_config> rules);

  // -- events ---------------------------------------------------------------------------

  /// Signal rules whose kind matches and whose min_strength `s.strength` reaches.
  std::vector<alert> on_signal(const signal& s);
  /// connection_lost rules, when `c` says a source is lost.
  std::vector<alert> on_connection(const connection_status& c);
  /// risk_state rules, when `state` (to_string form, e.g. "paused") differs from the last
  /// one seen; the first state seen only sets the baseline.
  std::vector<alert> on_trading_state(const std::string& state, std::int64_t now_ns);
  /// daily_loss rules: the first equity of a UTC day is its baseline; a loss of `amount` or
  /// more below it raises the rule once that day.
  std::vector<alert> on_equity(double equity, std::int64_t now_ns);
  /// escalation rules: `n` new escalations in the supervision tree; `detail` says where.
  std::vector<alert> on_escalations(std::uint64_t n, const std::string& detail, std::int64_t now_ns);
  /// The held-back repeats whose rule's interval has passed at `now_ns`, one alert each.
  std::vector<alert> flush(std::int64_t now_ns);

  // -- inspection -----------------------------------------------------------------------

  const std::vector<alert_rule_config>& rules() const { return rules_; }
  /// Alerts sent so far (one aggregated alert counts once), by rule name.
  std::uint64_t sent(const std::string& rule) const;
  /// Events held back and not sent yet, by rule name.
  std::uint64_t held(const std::string& rule) const;
  /// The last trading state seen; "" before the first.
  const std::string& trading_state() const { return trading_state_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

  /// What the state keeps per rule between events.
  struct rule_memory {
    std::int64_t last_sent_ns = 0;   ///< 0 = never sent.
    std::uint64_t sent = 0;
    std::uint64_t held = 0;          ///< Events since the last alert, not sent yet.
    std::string held_message;        ///< The last held event's message and data.
    std::string held_data;
    std::int64_t held_ts_ns = 0;
    std::int64_t loss_day = -1;      ///< daily_loss: the UTC day already alerted.

    template <class Archive>
    void serialize(Archive& ar) {
      ar(last_sent_ns, sent, held, held_message, held_data, held_ts_ns, loss_day);
    }
  };

private:
  // Rate-limits one event of `rule`: an alert now, or nothing (held).
  void raise(const alert_rule_config& rule, std::string message, std::string data,
             std::int64_t ts_ns, std::vector<alert>& out);

  std::vector<alert_rule_config> rules_;
  std::map<std::string, rule_memory> memory_;  ///< By rule name.
  std::string trading_state_;
  std::int64_t day_ = -1;                      ///< UTC day of day_start_equity_.
  double day_start_equity_ = 0;
};

template <class Archive>
void alerts_state::serialize(Archive& ar, std::uint32_t /*version*/) {
  ar(memory_, trading_state_, day_, day_start_equity_);
}

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::alerts_state, 1);
