#include "actors/trading/orders/order_manager_view.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/trading/orders/order_manager_state.hpp"
#include "messages/json_text.hpp"

namespace tickline {

std::string orders_json(const order_manager_state& om, std::size_t recent) {
  std::vector<const managed_order*> open;
  std::vector<const managed_order*> done;
  for (const auto& [id, o] : om.orders())
    (o.terminal() ? done : open).push_back(&o);
  auto by_update = [](const managed_order* a, const managed_order* b) {
    return a->updated_ns < b->updated_ns;
  };
  std::sort(open.begin(), open.end(), by_update);
  std::sort(done.begin(), done.end(), by_update);
  if (done.size() > recent)
    done.erase(done.begin(), done.end() - static_cast<std::ptrdiff_t>(recent));
  auto out = nlohmann::json::array();
  for (const auto* list : {&open, &done})
    for (const auto* o : *list) {
      const auto& r = o->spec.request;
      out.push_back({{"client_id", r.client_order_id},
                     {"symbol", r.symbol},
                     {"side", to_string(r.sd)},
                     {"type", to_string(r.type)},
                     {"qty", r.qty},
                     {"filled_qty", o->filled_qty},
                     {"price", r.limit_price != 0 ? r.limit_price : r.stop_price},
                     {"status", to_string(o->state)},
                     {"role", to_string(o->spec.role)},
                     {"avg_fill_price", o->avg_price},
                     {"reason", o->reason},
                     {"updated_ns", o->updated_ns}});
    }
  return out.dump(-1, ' ', false, invalid_utf8) + "\n";
}

std::string view_json(const order_manager_state& om) {
  using json = nlohmann::ordered_json;
  auto positions = json::array();
  for (const auto& p : om.positions())
    positions.push_back({{"symbol", p.symbol}, {"qty", p.qty}, {"avg_price", p.avg_price}});
  auto open = json::array();
  for (const auto& [id, o] : om.orders())
    if (!o.terminal())
      open.push_back(id);
  auto problems = json::array();
  for (const auto& p : om.problems())
    problems.push_back({{"ts_ns", p.ts_ns}, {"client_id", p.client_order_id}, {"what", p.what}});
  return json{{"session", om.session()},
              {"reconciling", om.reconciling()},
              {"duplicates", om.duplicates()},
              {"refused", om.refused()},
              {"problems_total", om.problems_total()},
              {"positions", positions},
              {"open", open},
              {"orders", json::parse(orders_json(om))},
              {"problems", problems}}
    .dump(-1, ' ', false, invalid_utf8);
}

} // namespace tickline
